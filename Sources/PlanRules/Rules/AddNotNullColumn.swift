import PlanSpec

struct AddNotNullColumnRule: Rule {
    static let id = "add-not-null-column"
    static let title = "Adding a NOT NULL column, or one filled per row"
    static let severity = RiskLevel.medium
    static let why = """
        Every existing row must get a value: a constant default does it in the catalog, a per-row (volatile) \
        default takes a batched backfill over the whole table. Every insert of old code must also still succeed.
        """
    static let advice = """
        Give a constant default so old rows and old inserts get it. For a per-row value, mark the default \
        volatile: true so plancc fills old rows in batches instead of rewriting the table under lock.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .addColumn(op) = $0 { op } else { nil } }
            .filter { !$0.op.column.nullable || ($0.op.column.defaultValue?.volatile ?? false) }
            .map { change, op in
                let column = "'\(op.table).\(op.column.name)'"
                let message = switch op.column.defaultValue {
                case let value? where value.volatile:
                    "adds \(column) with a per-row default: \(spec.rowsText(op.table.value, at: change.index)) are filled by a batched backfill"
                case .some: "adds NOT NULL column \(column); existing rows take the default"
                // On a table that exists before the spec this is error E0316: only a new table gets here.
                case nil: "adds NOT NULL column \(column) without a default to a table with \(spec.rowsText(op.table.value, at: change.index))"
                }
                return finding(message, at: op.column.name.location, change: change)
            }
    }
}
