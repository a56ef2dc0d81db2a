import PlanDiagnostics
import PlanSpec

struct CascadeOnLargeTableRule: Rule {
    static let id = "cascade-on-large-table"
    static let title = "ON DELETE CASCADE added to a large table"
    static let severity = RiskLevel.medium
    static let dialects: [Dialect] = [.postgresql, .mysql]
    static let why = """
        With ON DELETE CASCADE, one delete in the referenced table deletes every referencing row in the same \
        statement and transaction: over millions of rows that is a long delete nobody scheduled, holding row locks, \
        filling the WAL or binlog and lagging replicas, started by an ordinary request.
        """
    static let advice = """
        Use on_delete: restrict or no_action and delete the referencing rows in batches first (a backfill-style job), \
        or set_null where an orphan may stay; if cascade is wanted, index the foreign key's columns so each cascade \
        finds its rows without a scan.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.changes.flatMap { change -> [Finding] in
            var keys: [(table: Name, referenced: Name, at: SourceLocation)] = []
            switch change.operation {
            case let .addForeignKey(op) where op.foreignKey.onDelete == .cascade:
                keys.append((op.table, op.foreignKey.referencedTable, change.location))
            case let .addColumn(op):
                if let ref = op.column.references, ref.onDelete == .cascade { keys.append((op.table, ref.table, op.column.name.location)) }
            default:
                break
            }
            return keys.compactMap { key in
                guard spec.isExisting(key.table.value, at: change.index), let rows = spec.rows(of: key.table.value),
                      rows > RowThresholds.large else { return nil }
                return finding("a delete in '\(key.referenced)' deletes its rows among the \(rows) of '\(key.table)' in the same statement",
                               at: key.at, change: change)
            }
        }
    }
}
