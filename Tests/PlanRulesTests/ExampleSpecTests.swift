import PlanccKit
import PlanDiagnostics
import Testing
import TestSupport

/// The example specs declare at least their computed risk and a rollback that holds.
@Suite struct ExampleSpecTests {
    @Test func exampleSpecsPassTheRiskAndRollbackChecks() throws {
        let workspace = try Workspace.load([Repo.path("specs")])
        let failures = workspace.diagnostics.filter { $0.code == .riskUnderstated || $0.code == .rollbackLosesData }
        #expect(failures.isEmpty, "\(failures.map { "\($0.location): \($0.message)" })")
        #expect(workspace.entries.allSatisfy { $0.analysis != nil })
    }

    @Test func sarifCarriesRuleIDsAndHelp() throws {
        let workspace = try Workspace.load([Repo.path("specs/20261125110000_orders_drop_shipped_at.yaml")])
        let sarif = DiagnosticOutput.render(workspace, format: .sarif, colored: false)
        #expect(sarif.contains("\"ruleId\": \"drop-column\"") || sarif.contains("\"ruleId\":\"drop-column\""))
        #expect(sarif.contains("Only a backup brings the values back."))
    }
}
