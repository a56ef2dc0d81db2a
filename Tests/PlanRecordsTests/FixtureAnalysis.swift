import PlanRules
import PlanSpec

/// A fixed analysis for the golden cases, written like the rules' own output: the goldens test
/// how records render findings and impacts, so they must not move whenever a rule's wording does.
enum FixtureAnalysis {
    static func analysis(_ spec: Spec) -> Analysis {
        guard spec.kind == .change else { return Analysis(findings: [], computedRisk: .low, diagnostics: []) }
        let findings = spec.changes.compactMap(finding)
        return Analysis(findings: findings, computedRisk: findings.map(\.risk).max() ?? .low,
                        impacts: spec.changes.map { impact($0, spec) }, diagnostics: [])
    }

    private static func finding(_ change: Change) -> Finding? {
        let (rule, risk, message): (String, RiskLevel, String)
        switch change.operation {
        case .renameColumn: (rule, risk, message) = ("rename-column", .medium, "renames column 'users.name' to 'full_name'")
        case .backfill: (rule, risk, message) = ("backfill", .medium, "updates status of 'orders' (2500000 rows) in batches")
        case .addCheck: (rule, risk, message) = ("add-check", .medium, "adds check 'orders_status_known' on 'orders': 2500000 rows are checked")
        case .dropColumn: (rule, risk, message) = ("drop-column", .high, "drops 'orders.shipped_at' | its values are lost at forward")
        default: return nil
        }
        return Finding(ruleID: rule, risk: risk, message: message, location: change.location, changeIndex: change.index)
    }

    private static let summaries: [PerformanceImpact.Hold: String] = [
        .perBatch: "Row locks only, one batch at a time.",
        .whileScanning: "Added without a scan, then validated while writes continue.",
    ]

    private static func impact(_ change: Change, _ spec: Spec) -> ChangeImpact {
        let table = change.operation.table?.value ?? "?"
        let rows = spec.rows(of: table)
        let (data, hold, application): (DataImpact, PerformanceImpact.Hold, [ApplicationStep])
        switch change.operation {
        case .backfill:
            data = DataImpact(rows: .matching(atMost: rows), loss: .overwritten, summary: "Old values of 'status' are overwritten and not kept.")
            hold = .perBatch
            application = [.init(.afterBackfill, "Code may rely on the backfilled values of '\(table)' once the backfill has finished.")]
        case .dropColumn:
            data = DataImpact(rows: .all(estimate: rows), loss: .atForward, summary: "Every value of '\(table).shipped_at' is lost at forward.")
            hold = .brief
            application = [.init(.beforeForward, "Remove every read and write of '\(table).shipped_at' and deploy that first.")]
        case .renameColumn:
            data = DataImpact(rows: .all(estimate: rows), loss: .none, summary: "Every row of '\(table)' is copied to the new column in batches.")
            hold = .perBatch
            application = [.init(.afterForward, "Move reads and writes from 'name' to 'full_name'."),
                           .init(.beforeContract, "Make sure nothing uses '\(table).name' any more.")]
        case .addCheck:
            data = DataImpact(rows: .all(estimate: rows), loss: .none, summary: "Every row of '\(table)' is checked.")
            hold = .whileScanning
            application = [.init(.beforeForward, "Code must write only '\(table)' rows that satisfy the check.")]
        default:
            data = DataImpact(rows: .none, loss: .none, summary: "A catalog change; no stored row is touched.")
            hold = .brief
            application = []
        }
        let performance = spec.dialects.map { dialect in
            PerformanceImpact(dialect: dialect, lock: dialect == .postgresql ? "ACCESS EXCLUSIVE" : "metadata lock", hold: hold,
                              rewritesTable: false, summary: summaries[hold] ?? "A catalog change.")
        }
        return ChangeImpact(changeIndex: change.index, data: data, performance: performance, application: application)
    }
}
