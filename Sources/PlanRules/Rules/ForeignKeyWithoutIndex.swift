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
            return keys.filter { !spec.isIndexed($0.columns, in: $0.table.value) }.map { key in
                let unknown = spec.known.complete.contains(key.table.value) ? "" : " (fine if one exists already)"
                return finding("no index of this spec or its history leads with '\(key.table).\(key.columns.joined(separator: ", "))'\(unknown)",
                               at: key.at, change: change)
            }
        }
    }
}
