import PlanSpec

struct NotNullWithoutBackfillRule: Rule {
    static let id = "not-null-without-backfill"
    static let title = "NOT NULL on existing rows without a backfill or default"
    static let severity = RiskLevel.high
    static let why = """
        Existing rows that hold NULL make the change fail after scanning the table. Nothing in the spec gives \
        them a value. (A new NOT NULL column without a default on an existing table is error E0316.)
        """
    static let advice = """
        Backfill the column earlier in the same spec. If you know the column holds no NULL, say so in \
        current_state and declare the risk.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .setNotNull(op) = $0 { op } else { nil } }.compactMap { change, op in
            let t = op.table.value, c = op.column.value
            // Old rows hold NULL unless the table is new, the column came with a default, or a backfill filled it.
            let addedWithDefault = spec.addedColumn(c, in: t, before: change.index)?.defaultValue != nil
            guard spec.isExisting(t, at: change.index), !addedWithDefault, !spec.isBackfilled(c, in: t, before: change.index)
            else { return nil }
            return finding("'\(op.table).\(op.column)' becomes NOT NULL but no earlier change backfills it", at: change.location, change: change)
        }
    }
}
