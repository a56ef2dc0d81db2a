import PlanSpec

struct BackfillManyRowsRule: Rule {
    static let id = "backfill-many-rows"
    static let title = "Backfill over more than a million rows"
    static let severity = RiskLevel.medium
    static let why = """
        Over a million rows the batch size and pause decide how long the backfill runs and how much it slows \
        everything else; the defaults suit small tables.
        """
    static let advice = """
        Choose rollout.batch_size and batch_pause for this table (or max_batch_seconds to adapt), and estimate \
        the run time from rows / batch_size × (batch time + pause) before you start.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .backfill(op) = $0 { op } else { nil } }.compactMap { change, op in
            guard let rows = spec.rows(of: op.table.value), rows > RowThresholds.large, rows <= RowThresholds.veryLarge
            else { return nil }
            let batch = op.batchSize ?? spec.spec.rollout.batchSize
            let batches = (rows + Int64(batch) - 1) / Int64(batch)
            return finding("backfills '\(op.table)' with \(rows) rows: \(batches) batches of \(batch), pausing \(spec.spec.rollout.batchPause) between them",
                           at: change.location, change: change)
        }
    }
}
