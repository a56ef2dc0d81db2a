import PlanSpec

struct UniqueOnLargeTableRule: Rule {
    static let id = "unique-on-large-table"
    static let title = "Unique index or constraint on an existing large table"
    static let severity = RiskLevel.high
    static let why = """
        Building a unique index over millions of existing rows takes long, and a single duplicate makes it fail \
        at the end, leaving an invalid index to drop on PostgreSQL; writes of duplicates fail from then on.
        """
    static let advice = """
        Find and merge duplicates first (GROUP BY the columns HAVING count(*) > 1), build the unique index in its \
        own spec off-peak, and only then add a constraint that uses it.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.changes.compactMap { change in
            let target: (table: Name, what: String)? = switch change.operation {
            case let .createIndex(op) where op.unique: (op.table, "unique index '\(op.name)'")
            case let .addPrimaryKey(op): (op.table, "primary key '\(op.name)'")
            case let .addColumn(op) where op.column.unique: (op.table, "unique column '\(op.column.name)'")
            default: nil
            }
            guard let target, spec.isExisting(target.table.value, at: change.index),
                  let rows = spec.rows(of: target.table.value), rows > RowThresholds.large else { return nil }
            return finding("\(target.what) is built over \(rows) existing rows of '\(target.table)'", at: change.location, change: change)
        }
    }
}
