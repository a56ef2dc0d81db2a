import PlanDiagnostics
import PlanSpec

/// E0402: under `rollback.strategy: reverse`, no change may lose data when forward runs.
/// Under expand_contract, soft drops and the old column beside a new type keep the data until
/// contract, which runs after the rollback window; those pass.
enum RollbackCheck {
    static func diagnostics(_ spec: Spec, findings: [Finding], impacts: [ChangeImpact]) -> [Diagnostic] {
        guard spec.rollback.strategy == .reverse else { return [] }
        return zip(spec.changes, impacts).compactMap { change, impact in
            guard impact.data.loss == .atForward else { return nil }
            let reasons = findings.filter { $0.changeIndex == change.index && (RuleRegistry.rule($0.ruleID)?.losesData ?? false) }
            var notes = reasons.map { Diagnostic.Note("[\($0.ruleID)]: \($0.message)", at: $0.location) }
            notes.append(.init("rollback strategy 'reverse' declared here: the rollback script cannot bring lost data back",
                               at: spec.rollback.location))
            return Diagnostic(
                .rollbackLosesData, "change \(change.index) (\(change.name)) loses data at forward, which rollback 'reverse' cannot undo",
                at: change.location, notes: notes, fix: waysOut(change.operation))
        }
    }

    /// The three ways out, the last one fitting the operation.
    private static func waysOut(_ operation: Operation) -> String {
        let third = switch operation {
        case .sql: "give the sql change a rollback: that undoes it"
        case .alterColumnType: "use 'rollout.mode: expand_contract', which keeps the old column beside the new one until contract"
        default: "use 'rollout.mode: expand_contract', which renames it away until contract instead of dropping it"
        }
        return "either declare 'rollback.strategy: restore_from_backup' (and take the backup), or 'rollback.strategy: forward_fix', or \(third)"
    }
}
