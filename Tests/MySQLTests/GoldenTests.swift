import Foundation
import Testing
import TestSupport

/// The MySQL scripts of every example spec and of this suite's specs, compared with the
/// committed files under Tests/Fixtures/mysql/golden/<id>/. To re-record after an intended
/// change: `PLANCC_RECORD=1 swift test --filter MySQLTests.GoldenTests`, then review the diff.
@Suite struct GoldenTests {
    static let record = ProcessInfo.processInfo.environment["PLANCC_RECORD"] == "1"

    static var specs: [String] {
        let suite = RoundTripTests.operationSpecs.map { RoundTripTests.specPath($0.spec) }
        let examples = Repo.exampleSpecs.map { String($0.dropFirst(Repo.root.count + 1)) }
        return examples + suite
    }

    @Test(arguments: specs)
    func scriptsMatchGolden(_ spec: String) throws {
        _ = FileManager.default.changeCurrentDirectoryPath(Repo.root)
        let change = try SpecCompiler.compile(spec, only: [.mysql])
        let scripts = change.files.filter { $0.path.hasPrefix("mysql/") }
        guard !scripts.isEmpty else { return }  // a baseline: nothing is emitted
        #expect(scripts.count == 5)
        for file in scripts {
            let golden = Repo.path("Tests/Fixtures/mysql/golden/\(change.id)/\(file.path.dropFirst("mysql/".count))")
            if Self.record {
                try FileManager.default.createDirectory(atPath: (golden as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try file.contents.write(toFile: golden, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try? String(contentsOfFile: golden, encoding: .utf8)
            #expect(expected == file.contents, "\(golden) is stale or missing: re-record with PLANCC_RECORD=1 and review the diff")
        }
    }
}
