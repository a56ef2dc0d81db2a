import Foundation
import PlanDiagnostics
import Testing
import TestSupport

/// `docs/diagnostics.md` is generated from `DiagnosticCode.allCases`; the committed file must
/// equal the generated text. Run with `PLANCC_RECORD=1` to rewrite it after changing a code.
struct DiagnosticsDocTests {
    @Test func committedReferenceMatchesTheCodes() throws {
        let path = Repo.path("docs/diagnostics.md")
        let generated = DiagnosticCatalog.markdown()
        if ProcessInfo.processInfo.environment["PLANCC_RECORD"] == "1" {
            try generated.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(committed == generated, "docs/diagnostics.md is stale: PLANCC_RECORD=1 swift test --filter DiagnosticsDocTests")
    }

    @Test func everyCodeIsListedOnceWithItsTitle() {
        let text = DiagnosticCatalog.markdown()
        for code in DiagnosticCode.allCases {
            let rows = text.split(separator: "\n").filter { $0.hasPrefix("| \(code.rawValue) |") }
            #expect(rows == ["| \(code.rawValue) | \(code.severity.rawValue) | \(code.title) |"])
        }
    }

    @Test func codesAreUniqueAndWellFormed() {
        let raw = DiagnosticCode.allCases.map(\.rawValue)
        #expect(Set(raw).count == raw.count)
        for code in DiagnosticCode.allCases {
            #expect(code.rawValue.count == 5)
            #expect(code.rawValue.dropFirst().allSatisfy { $0.isNumber })
            #expect(code.severity == (code.rawValue.hasPrefix("E") ? .error : .warning))
            #expect(!code.title.isEmpty)
        }
    }
}
