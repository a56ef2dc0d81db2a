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

    /// The catalogue names only rules that exist, covers the four sources and the anchors issue 13
    /// asks for, and the test it names as proof is there.
    @Test func hazardCatalogueNamesRealRulesAndTests() throws {
        let ids = Set(RuleRegistry.all.map { $0.id })
        let unknown = HazardCatalogue.anchors.flatMap(Self.namedRules).filter { !ids.contains($0) }
        #expect(unknown.isEmpty, "rules the catalogue names that do not exist: \(unknown)")
        let sources = Set(HazardCatalogue.anchors.map(\.source))
        let anchorIDs = Set(HazardCatalogue.anchors.map(\.id))
        for source in ["squawk", "strong_migrations", "Atlas", "GitLab"] { #expect(sources.contains(source), "\(source)") }
        for id in ["adding-not-nullable-field", "add_column_default", "MF103", "MY101", "PG301", "BC102"] { #expect(anchorIDs.contains(id), "\(id)") }
        let md = RuleDocs.markdown()
        #expect(md.contains("| squawk | `adding-required-field` | error E0316:"))
        #expect(md.contains("| Atlas | `MY110 / MY111 / MY112 / MY113` | [`enum-values-changed`](#enum-values-changed) |"))
        #expect(md.contains("ValidateApartFromAddTests"))
        #expect(FileManager.default.fileExists(atPath: Repo.path("Tests/PostgreSQLTests/ValidateApartFromAddTests.swift")))
    }

    static func namedRules(_ anchor: HazardCatalogue.Anchor) -> [String] {
        switch anchor.coverage {
        case let .rules(list): return list
        case let .construction(_, list): return list
        case .diagnostic, .notApplicable, .notCovered: return []
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
        #expect(RuleDocs.explain("E0103")?.hasPrefix("E0103 (error): unknown operation\n\n  A key, operation or value") == true)
        #expect(RuleDocs.explain("W0104")?.contains("docs/diagnostics.md#warnings-portability-and-dialects") == true)
        #expect(RuleDocs.explain("e0401")?.contains("declared risk is below the computed risk") == true)
        #expect(RuleDocs.explain("no-such-rule") == nil)
        #expect(RuleDocs.suggestion(for: "drop-colum") == "drop-column")
    }
}
