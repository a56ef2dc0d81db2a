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
        let drops = droppedWrites(input.plan)
        if !drops.isEmpty {
            md += "\nWhat rollback drops (writes since forward it cannot keep):\n\n" + drops.map { "- \(Markdown.cell($0))\n" }.joined()
        }
        let unkept = softDropDuties(input.plan)
        if !unkept.isEmpty {
            md += "\nWhat rollback cannot keep as new code wrote it:\n\n" + unkept.map { "- \($0)\n" }.joined()
        }
        md += "\nAfter a rollback, verify is expected to fail: it checks that the change is in place.\n"
        return md
    }

    /// The tables and columns that rollback drops because this change created them: whatever
    /// the application wrote into them since forward goes with them. (The new column of an
    /// expand/contract rename or type change is dropped too, but the sync trigger has copied
    /// every write into the old one.)
    static func droppedWrites(_ plan: Plan) -> [String] {
        plan.rollback.compactMap { step -> String? in
            switch (step.origin.operation, step.action) {
            case let ("create_table", .dropTable(table)):
                "change \(step.origin.changeIndex): table '\(table)' is dropped with every row written to it since forward"
            case let ("add_column", .dropColumn(table, column)):
                "change \(step.origin.changeIndex): column '\(table).\(column)' is dropped with every value written to it since forward"
            default:
                nil
            }
        }
    }

    /// A soft drop_column lets new code insert without the column; rollback gives NOT NULL back.
    private static func softDropDuties(_ plan: Plan) -> [String] {
        plan.rollback.compactMap { step -> String? in
            guard case let .restoreNotNull(table, column, _) = step.action else { return nil }
            return "change \(step.origin.changeIndex): rows new code inserted since forward have no value in \(Markdown.code("\(table).\(column)")); "
                + "where forward released its NOT NULL, rollback stops, naming how many, until they are filled or deleted"
        }
    }

    private static func indent(_ block: String) -> String {
        block.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "   " + $0 }.joined(separator: "\n")
    }
}
