import Foundation
import PlanccKit
import PlanDiagnostics
@testable import PlanRules
import Testing
import TestSupport

/// Every rule has a folder `Cases/<rule-id>/` with two specs: `*_trigger.yaml`, which the rule
/// must flag exactly on the lines marked `# expect: <rule-id>`, and `*_near_miss.yaml`, a
/// similar change it must not flag. Both must check clean, so that nothing else hides a miss.
/// Adding a rule means adding its folder; a rule without one fails `everyRuleHasCases`.
@Suite struct RuleCaseTests {
    static let casesDirectory = Repo.path("Tests/PlanRulesTests/Cases")

    @Test func everyRuleHasCases() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.casesDirectory).sorted()
        #expect(folders == RuleRegistry.all.map { $0.id }.sorted())
    }

    @Test(arguments: RuleRegistry.all.map { $0.id })
    func triggerIsFlaggedOnMarkedLines(ruleID: String) throws {
        let path = try Self.spec(ruleID, "trigger")
        let (analysis, diagnostics) = try Self.check(path)
        #expect(diagnostics.isEmpty, "\(diagnostics.map { "\($0.location): \($0.message)" })")
        let flagged = analysis.findings.filter { $0.ruleID == ruleID }.map { $0.location.line }
        let marked = try Self.markedLines(path, ruleID)
        #expect(!marked.isEmpty, "mark the expected line with '# expect: \(ruleID)'")
        #expect(flagged == marked, "findings of \(ruleID): \(analysis.findings.filter { $0.ruleID == ruleID })")
        let rule = try #require(RuleRegistry.rule(ruleID))
        for finding in analysis.findings where finding.ruleID == ruleID {
            #expect(finding.risk == rule.severity || ruleID == RawSQLRule.id)
            #expect(finding.changeIndex != nil)
        }
    }

    @Test(arguments: RuleRegistry.all.map { $0.id })
    func nearMissIsNotFlagged(ruleID: String) throws {
        let (analysis, diagnostics) = try Self.check(try Self.spec(ruleID, "near_miss"))
        #expect(diagnostics.isEmpty, "\(diagnostics.map { "\($0.location): \($0.message)" })")
        #expect(!analysis.findings.contains { $0.ruleID == ruleID })
    }

    static func spec(_ ruleID: String, _ kind: String) throws -> String {
        let folder = casesDirectory + "/" + ruleID
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix("_\(kind).yaml") }
        try #require(files.count == 1, "\(folder) needs one *_\(kind).yaml")
        return folder + "/" + files[0]
    }

    /// The spec's analysis, and every error or warning about it.
    static func check(_ path: String) throws -> (Analysis, [Diagnostic]) {
        let workspace = try Workspace.load([path])
        let analysis = try #require(workspace.entries.first?.analysis, "\(workspace.diagnostics.map(\.message))")
        return (analysis, workspace.diagnostics)
    }

    static func markedLines(_ path: String, _ ruleID: String) throws -> [Int] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element.hasSuffix("# expect: \(ruleID)") }
            .map { $0.offset + 1 }
    }
}
