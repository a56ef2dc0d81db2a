import Planner
import PlanSpec

/// The rollback procedure for the declared strategy, step by step.
enum RollbackSection {
    static func render(_ input: RecordInput) -> String {
        let spec = input.spec
        var md = "## Rollback\n\nStrategy: \(Markdown.code(spec.rollback.strategy.rawValue)).\n\n"
        if let notes = spec.rollback.notes { md += "> \(Markdown.cell(notes))\n\n" }
        var steps: [String]
        switch spec.rollback.strategy {
        case .reverse:
            steps = ["Deploy the previous application version first, so nothing uses what rollback removes."]
            steps.append(input.expandContract
                ? "If contract has **not** run: run the rollback script, which undoes backfill and forward, newest step first:"
                : "Run the rollback script, which undoes backfill and forward, newest step first:")
            if input.expandContract {
                steps.append("If contract **has** run, rollback can no longer bring back what contract removed: restore from the backup or fix forward with a new change.")
            }
        case .restoreFromBackup:
            steps = ["Stop writes to the affected tables, or deploy the previous application version.",
                     "Run the rollback script to rebuild the old structure where it can (see its notes for what it cannot):",
                     "Restore the data of the affected tables from the backup taken before forward, then re-apply writes made since then if needed."]
        case .forwardFix:
            steps = ["Do not roll back: write a new spec that fixes the problem and run it through this runbook.",
                     "The rollback script is still generated; use it only for the structure, knowing that it does not restore data:"]
        }
        for (offset, step) in steps.enumerated() {
            md += "\(offset + 1). \(step)\n"
            if step.hasSuffix(":") { md += "\n" + indent(RolloutSection.commands(.rollback, input)) + "\n" }
        }
        // A command block closing the list leaves a blank line already.
        while md.hasSuffix("\n\n") { md.removeLast() }
        let notes = input.plan.rollback.compactMap { step -> String? in
            if case let .note(text) = step.action { return "change \(step.origin.changeIndex): \(text)" }
            return nil
        }
        if !notes.isEmpty {
            md += "\nWhat rollback cannot undo:\n\n" + notes.map { "- \(Markdown.cell($0))\n" }.joined()
        }
        md += softDropDuties(input.plan)
        md += "\nAfter a rollback, verify is expected to fail: it checks that the change is in place.\n"
        return md
    }

    /// A soft drop_column lets new code insert without the column; rollback gives NOT NULL back.
    private static func softDropDuties(_ plan: Plan) -> String {
        let lines = plan.rollback.compactMap { step -> String? in
            guard case let .restoreNotNull(table, column) = step.action else { return nil }
            return "- change \(step.origin.changeIndex): rows new code inserted since forward have no value in \(Markdown.code("\(table).\(column)")); "
                + "where forward released its NOT NULL, rollback stops, naming how many, until they are filled or deleted\n"
        }
        return lines.isEmpty ? "" : "\nWhat rollback cannot keep as new code wrote it:\n\n" + lines.joined()
    }

    private static func indent(_ block: String) -> String {
        block.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "   " + $0 }.joined(separator: "\n")
    }
}
