import PlanSpec

struct NotNullWithoutBackfillRule: Rule {
    static let id = "not-null-without-backfill"
    static let title = "NOT NULL on existing rows without a backfill or default"
    static let severity = RiskLevel.high
    static let why = """
        Existing rows that hold NULL (or, for a new column, every existing row) make the change fail after \
        scanning the table. Nothing in the spec gives them a value.
        """
    static let advice = """
        Backfill the column earlier in the same spec, or, for a new column, give it a default. If you know the \
        column holds no NULL, say so in current_state and declare the risk.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.changes.compactMap { change in
            switch change.operation {
            case let .setNotNull(op):
                let t = op.table.value, c = op.column.value
                // Old rows hold NULL unless the table is new, the column came with a default, or a backfill filled it.
                let addedWithDefault = spec.addedColumn(c, in: t, before: change.index)?.defaultValue != nil
                guard spec.isExisting(t, at: change.index), !addedWithDefault, !spec.isBackfilled(c, in: t, before: change.index)
                else { return nil }
                return finding("'\(op.table).\(op.column)' becomes NOT NULL but no earlier change backfills it", at: change.location, change: change)
            case let .addColumn(op):
                guard !op.column.nullable, op.column.defaultValue == nil, spec.isExisting(op.table.value, at: change.index)
                else { return nil }
                return finding("NOT NULL column '\(op.table).\(op.column.name)' has no default for the existing rows",
                               at: op.column.name.location, change: change)
            default:
                return nil
            }
        }
    }
}
