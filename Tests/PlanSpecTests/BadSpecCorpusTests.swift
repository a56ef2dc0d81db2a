import Foundation
import PlanDiagnostics
import PlanccKit
import Testing
import TestSupport

/// The bad-spec corpus, sqlc-style: each folder of `Tests/Cases/bad/` holds one or more spec
/// files and `expected.txt`, the diagnostics the front end reports for them, one line each:
/// `code line:column message` (prefixed `file:` when the folder holds several specs), with any
/// notes appended as ` | note line:column: message`. Adding a case is adding a folder.
///
/// Run with `PLANCC_RECORD=1` to rewrite every `expected.txt` from the current output, then
/// review the diff by eye: each line and column must point at the offending token.
struct BadSpecCorpusTests {
    static let root = Repo.path("Tests/Cases/bad")

    /// Codes the risk analysis (PlanRules) reports; its own tests cover them.
    static let analysisCodes: Set<DiagnosticCode> = [.riskUnderstated, .rollbackLosesData, .riskFinding]

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    @Test(arguments: cases)
    func reportsExpectedDiagnostics(_ name: String) throws {
        let folder = Self.root + "/" + name
        let expectedPath = folder + "/expected.txt"
        let actual = try Self.render(folder)
        if ProcessInfo.processInfo.environment["PLANCC_RECORD"] == "1" {
            try actual.write(toFile: expectedPath, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
        #expect(actual == expected, "case \(name): diagnostics differ from expected.txt (PLANCC_RECORD=1 re-records)")
    }

    /// Reads fresh output rather than the goldens (which the test above holds equal to it),
    /// so that it also passes while PLANCC_RECORD=1 writes new cases.
    @Test func corpusCoversEveryFrontEndCodeAndEveryCaseFails() throws {
        #expect(Self.cases.count >= 45)
        var seen: Set<String> = []
        for name in Self.cases {
            let text = try Self.render(Self.root + "/" + name)
            #expect(!text.isEmpty, "case \(name) reports nothing")
            for line in text.split(separator: "\n") { seen.insert(String(line.prefix { $0 != " " })) }
        }
        let frontEnd = DiagnosticCode.allCases.filter { !Self.analysisCodes.contains($0) }
        let uncovered = frontEnd.map(\.rawValue).filter { !seen.contains($0) }
        #expect(uncovered.isEmpty, "codes no bad spec reports: \(uncovered)")
    }

    /// The folder's front-end diagnostics in the golden format.
    static func render(_ folder: String) throws -> String {
        // Named one by one: a folder walk reads only files named by the naming rule, and the
        // invalid_id case is about a file that is not.
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { folder + "/" + $0 }
        let workspace = try Workspace.load(files)
        let several = workspace.entries.count > 1
        func place(_ at: PlanDiagnostics.SourceLocation) -> String {
            let file = several ? (at.file.split(separator: "/").last.map(String.init) ?? at.file) + ":" : ""
            return "\(file)\(at.line):\(at.column)"
        }
        return workspace.diagnostics
            .filter { !analysisCodes.contains($0.code) }
            .map { d in
                let notes = d.notes.map { note in
                    " | note " + (note.location.map { place($0) + ": " } ?? "") + note.message
                }
                return "\(d.code.rawValue) \(place(d.location)) \(d.message)" + notes.joined() + "\n"
            }
            .joined()
    }
}
