import Foundation
import PlanRules
import Testing
import TestSupport

/// docs/rules.md is generated from the rule files. Re-record after changing a rule:
/// `PLANCC_RECORD=1 swift test --filter PlanRulesTests`.
@Suite struct RuleDocsTests {
    @Test func committedDocsMatchTheRules() throws {
        let path = Repo.path("docs/rules.md")
        let fresh = RuleDocs.markdown()
        if ProcessInfo.processInfo.environment["PLANCC_RECORD"] == "1" {
            try fresh.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(committed == fresh, "docs/rules.md is stale: run PLANCC_RECORD=1 swift test --filter PlanRulesTests")
    }

    @Test func everyRuleHasASectionAndARow() {
        let md = RuleDocs.markdown()
        for rule in RuleRegistry.all {
            #expect(md.contains("\n## \(rule.id)\n"))
            #expect(md.contains("| [`\(rule.id)`](#\(rule.id)) | \(rule.severity.rawValue) | \(rule.title) |"))
            #expect(md.contains(rule.why) && md.contains(rule.advice))
        }
    }

    @Test func listingNamesEveryRuleWithItsSeverity() {
        let lines = RuleDocs.listing().split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        for rule in RuleRegistry.all {
            #expect(lines.contains { $0.first == rule.id && $0.dropFirst().first == rule.severity.rawValue }, "\(rule.id)")
        }
    }

    @Test func explainsARuleAndADiagnosticCode() throws {
        let rule = try #require(RuleDocs.explain("drop-column"))
        #expect(rule.hasPrefix("drop-column: Dropping a column\n"))
        #expect(rule.contains("risk: high") && rule.contains("Why:") && rule.contains("Advice:") && rule.contains("E0402"))
        #expect(RuleDocs.explain("E0103") == "E0103 (error): unknown operation\n")
        #expect(RuleDocs.explain("e0401")?.contains("declared risk is below the computed risk") == true)
        #expect(RuleDocs.explain("no-such-rule") == nil)
        #expect(RuleDocs.suggestion(for: "drop-colum") == "drop-column")
    }
}
