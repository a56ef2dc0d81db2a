import Foundation
import Testing
import TestSupport

/// The round trip on a real MariaDB 10.11 (see RoundTrip for the law). Skipped only with
/// PLANCC_SKIP_ENGINES=1.
@Suite(.serialized, .mariaDB)
struct RoundTripTests {
    static func fixture(_ name: String) -> String? {
        try? String(contentsOfFile: Repo.path("Tests/Fixtures/mysql/\(name)"), encoding: .utf8)
    }

    /// The example specs as a history: each starts from the database the ones before it
    /// left (after contract), from the baseline users table, seeded with rows after each
    /// spec that creates a table.
    @Test func exampleSpecsInOrder() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        _ = FileManager.default.changeCurrentDirectoryPath(Repo.root)
        #expect(Repo.exampleSpecs.count > 10)
        var state = try #require(Self.fixture("base.sql"))
        for path in Repo.exampleSpecs {
            let relative = String(path.dropFirst(Repo.root.count + 1))
            let scripts = try CompiledScripts(spec: relative)
            guard !scripts.forward.isEmpty else { continue }  // a baseline
            state = try RoundTrip(server: server, scripts: scripts).check(start: state)
            if let seed = Self.fixture("seed/\(scripts.id).sql") { state += "\n" + seed }
        }
    }
}
