import Foundation
import Testing
import TestSupport

/// The PostgreSQL scripts of the backend's own specs, compared with the expected files beside
/// each spec (`Specs/<id>.expected/*.sql`). Re-record them with PLANCC_RECORD=1 after an
/// intended change, and review the diff.
@Suite
struct PostgreSQLGoldenTests {
    static let phases = ["forward", "backfill", "contract", "rollback", "verify"]

    @Test("generated scripts match the committed expected files", arguments: Fixtures.ownSpecs)
    func golden(_ spec: String) throws {
        let change = try SpecCompiler.compile(spec, only: [.postgresql])
        let expectedDir = spec.replacingOccurrences(of: ".yaml", with: ".expected")
        let record = ProcessInfo.processInfo.environment["PLANCC_RECORD"] == "1"
        for phase in Self.phases {
            let fresh = try #require(SpecCompiler.file(change, "postgresql/\(phase).sql"))
                // Paths in headers and comments are written relative to the repository.
                .replacingOccurrences(of: Repo.root + "/", with: "")
            let path = "\(expectedDir)/\(phase).sql"
            if record {
                try FileManager.default.createDirectory(atPath: expectedDir, withIntermediateDirectories: true)
                try fresh.write(toFile: path, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOfFile: path, encoding: .utf8)
            #expect(fresh == expected, "\(path) is stale: run with PLANCC_RECORD=1 and review the diff")
        }
    }
}

/// squawk (scripts/squawk-lint's linter, with the repository's .squawk.toml) finds nothing in
/// the forward, backfill and contract scripts of the backend's own specs.
@Suite
struct PostgreSQLSquawkTests {
    @Test("squawk reports nothing on the expected scripts")
    func squawkClean() throws {
        let files = Fixtures.ownSpecs.flatMap { spec in
            ["forward", "backfill", "contract"].map { spec.replacingOccurrences(of: ".yaml", with: ".expected/\($0).sql") }
        }
        let result = Shell.run("squawk --config \(Shell.quote(Repo.path(".squawk.toml"))) --reporter gcc "
            + files.map(Shell.quote).joined(separator: " "))
        #expect(result.succeeded, "squawk findings (or squawk missing: pip install squawk-cli):\n\(result.output)")
    }
}
