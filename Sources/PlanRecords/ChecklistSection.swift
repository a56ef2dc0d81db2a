import Planner

/// The success checklist, ticked by whoever runs the change.
enum ChecklistSection {
    static func render(_ input: RecordInput) -> String {
        let rollout = input.spec.rollout
        var items = ["Forward and backfill tested on a copy of production data",
                     "Rollback tested on that copy, and forward run again after it",
                     "Verify passed on the copy",
                     "No lock held or waited for longer than lock_timeout (\(rollout.lockTimeout))"]
        if input.workCount(.backfill) > 0 {
            items.append("Backfill ran in batches of \(rollout.batchSize) and finished with no pending rows")
        }
        let buildsIndexes = (input.plan.forward + input.plan.backfill + input.plan.contract).contains {
            if case .createIndex = $0.action { true } else { false }
        }
        if buildsIndexes { items.append("New indexes are valid (not left invalid by an interrupted build)") }
        items.append("Forward and backfill run in production")
        items.append("New application version deployed and healthy")
        if input.expandContract { items.append("No old application version running before contract") }
        items.append("Contract run")
        items.append("Verify passed in production")
        return "## Success checklist\n\n" + items.map { "- [ ] \($0)\n" }.joined()
    }
}
