import Foundation
import Testing
import TestSupport

/// The MongoDB scripts of the test specs, compared with the committed files under Golden/.
/// Run with PLANCC_RECORD=1 to write the expected files again after an intended change.
@Suite struct MongoGoldenTests {
    static let specs = (try? FileManager.default.contentsOfDirectory(atPath: Repo.path("Tests/MongoDBTests/Specs")))?
        .filter { $0.hasSuffix(".yaml") && !$0.contains("_baseline_") }.sorted() ?? []

    static var recording: Bool { ProcessInfo.processInfo.environment["PLANCC_RECORD"] == "1" }

    @Test(arguments: specs)
    func scriptsMatchGoldenFiles(_ file: String) throws {
        let change = try SpecCompiler.compile(Repo.path("Tests/MongoDBTests/Specs/" + file), only: [.mongodb])
        let scripts = change.files.filter { $0.path.hasPrefix("mongodb/") }
        #expect(scripts.count == 5)
        for script in scripts {
            // Goldens hold repository-relative paths, whatever the checkout's location.
            let text = script.contents.replacingOccurrences(of: Repo.root + "/", with: "")
            let golden = Repo.path("Tests/MongoDBTests/Golden/\(change.id)/\(script.path)")
            if Self.recording {
                try FileManager.default.createDirectory(atPath: (golden as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try text.write(toFile: golden, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOfFile: golden, encoding: .utf8)
            #expect(text == expected, "\(golden) is stale: run the tests with PLANCC_RECORD=1 and review the diff")
        }
    }

    /// Every script of every spec listing MongoDB (examples and test specs) is valid JavaScript.
    @Test func everyScriptPassesNodeCheck() throws {
        let paths = Repo.exampleSpecs + Self.specs.map { Repo.path("Tests/MongoDBTests/Specs/" + $0) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-mongo-check-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var checked = 0
        for path in paths {
            let change = try SpecCompiler.compile(path, only: [.mongodb])
            try SpecCompiler.write(change, to: dir + "/" + change.id)
            for script in change.files where script.path.hasPrefix("mongodb/") {
                let result = Shell.run("node --check \(Shell.quote(dir + "/" + change.id + "/" + script.path))")
                #expect(result.succeeded, "\(change.id)/\(script.path): \(result.output)")
                checked += 1
            }
        }
        #expect(checked >= 5 * 4)
    }
}
