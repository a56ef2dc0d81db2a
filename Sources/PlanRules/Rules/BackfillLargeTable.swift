import PlanSpec

struct BackfillLargeTableRule: Rule {
    static let id = "backfill-large-table"
    static let title = "Backfill over more than 10 million rows"
    static let severity = RiskLevel.high
    static let why = """
        Over 10 million rows a backfill runs for hours: replication lag, bloat and lock waits build up, and a \
        failure part way leaves a half-migrated table to resume.
        """
    static let advice = """
        Run the backfill as its own spec and its own operation: set rollout.max_batch_seconds so batches adapt \
        to the load, lengthen batch_pause, watch replica lag, and resume by re-running the script.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .backfill(op) = $0 { op } else { nil } }.compactMap { change, op in
            guard let rows = spec.rows(of: op.table.value), rows > RowThresholds.veryLarge else { return nil }
            return finding("backfills '\(op.table)' with \(rows) rows, over \(RowThresholds.veryLarge)", at: change.location, change: change)
        }
    }
}
