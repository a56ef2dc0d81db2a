import PlanDiagnostics
import PlanSpec

struct ForeignKeyWithoutIndexRule: Rule {
    static let id = "foreign-key-without-index"
    static let title = "Foreign key without an index on its columns"
    static let severity = RiskLevel.low
    static let dialects: [Dialect] = [.postgresql]
    static let why = """
        PostgreSQL does not index the referencing columns: every delete or key update in the referenced table \
        scans the referencing table, under lock, and slows down as it grows. MySQL creates the index itself.
        """
    static let advice = "Add a create_index on the foreign key's columns (leading) in the same spec."

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.changes.flatMap { change -> [Finding] in
            var keys: [(table: Name, columns: [String], at: SourceLocation)] = []
            switch change.operation {
            case let .addForeignKey(op):
                keys.append((op.table, op.foreignKey.columns.map(\.value), change.location))
            case let .addColumn(op) where op.column.references != nil:
                keys.append((op.table, [op.column.name.value], op.column.name.location))
            case let .createTable(op):
                for column in op.columns where column.references != nil {
                    keys.append((op.table, [column.name.value], column.name.location))
                }
            default:
                break
            }
            return keys.filter { !isIndexed($0.columns, in: $0.table.value, spec) }.map { key in
                finding("no index created in this spec leads with '\(key.table).\(key.columns.joined(separator: ", "))' (fine if one exists already)", at: key.at, change: change)
            }
        }
    }

    /// An index serves the key when the key's columns are its leading columns, in any order.
    private static func isIndexed(_ columns: [String], in table: String, _ spec: SpecFacts) -> Bool {
        (spec.indexedColumns[table] ?? []).contains { index in
            index.count >= columns.count && Set(index.prefix(columns.count)) == Set(columns)
        }
    }
}
