import Foundation
import PlanDiagnostics
import Testing

struct SARIFRendererTests {
    private func render(_ diagnostics: [Diagnostic]) throws -> [String: Any] {
        let text = SARIFRenderer.render(diagnostics, toolVersion: "1.2.3",
                                        extraRules: [.init(id: "drop-column", name: "drop column", help: "soft-drop it")])
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func requiredFieldsRulesAndRegions() throws {
        let at = PlanDiagnostics.SourceLocation(file: "specs/my spec é.yaml", line: 3, column: 7, offset: 40)
        let log = try render([
            Diagnostic(.unknownKey, "unknown key 'titel'", at: at, fix: "use 'title'"),
            Diagnostic(.riskFinding, "drops a column", at: at, severity: .warning, ruleID: "drop-column"),
        ])
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["version"] as? String == "1.2.3")
        let ruleIDs = try #require(driver["rules"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(ruleIDs == DiagnosticCode.allCases.map(\.rawValue) + ["drop-column"])
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.map { $0["ruleId"] as? String } == ["E0102", "drop-column"])
        #expect(results.map { $0["ruleIndex"] as? Int } == [ruleIDs.firstIndex(of: "E0102"), ruleIDs.count - 1])
        #expect(results.map { $0["level"] as? String } == ["error", "warning"])
        #expect((results[0]["message"] as? [String: Any])?["text"] as? String == "unknown key 'titel' (use 'title')")
        let physical = try #require((results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "specs/my%20spec%20%C3%A9.yaml")
        let region = try #require(physical["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 3)
        #expect(region["startColumn"] as? Int == 7)
    }

    @Test func noDiagnosticsIsAnEmptyResultList() throws {
        let run = try #require((try render([])["runs"] as? [[String: Any]])?.first)
        #expect((run["results"] as? [Any])?.isEmpty == true)
    }
}
