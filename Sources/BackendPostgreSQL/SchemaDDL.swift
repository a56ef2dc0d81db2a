import Planner
import PlanSpec

/// A baseline spec as plain PostgreSQL DDL: what `plancc schema-at --format sql` prints, to
/// create the schema the history knows on an empty database (a test or review copy, a diff
/// against `pg_dump --schema-only`). No lock handling and no guards: it is for a new database.
extension PostgreSQLBackend {
    public func schemaDDL(_ spec: Spec) -> String {
        var tables: [String] = [], indexes: [String] = [], constraints: [String] = []
        for change in spec.changes {
            switch change.operation {
            case let .createTable(op):
                var lines = op.columns.map { "    " + Columns.definition($0) }
                if !op.primaryKey.isEmpty {
                    lines.append("    CONSTRAINT \(SQL.ident(GeneratedNames.primaryKey(table: op.table.value))) PRIMARY KEY (\(SQL.idents(op.primaryKey.map(\.value))))")
                }
                tables.append("CREATE TABLE \(SQL.ident(op.table.value)) (\n\(lines.joined(separator: ",\n"))\n);")
            case let .createIndex(op):
                var create = "CREATE \(op.unique ? "UNIQUE " : "")INDEX \(SQL.ident(op.name.value)) ON \(SQL.ident(op.table.value)) "
                    + "(\(SQL.idents(op.columns.map(\.name.value))))"
                if let filter = op.filter { create += " WHERE (\(SQL.text(filter)))" }
                indexes.append(create + ";")
            case let .addPrimaryKey(op):
                constraints.append("ALTER TABLE \(SQL.ident(op.table.value)) ADD CONSTRAINT \(SQL.ident(op.name.value)) "
                                   + "PRIMARY KEY (\(SQL.idents(op.columns.map(\.value))));")
            case let .addForeignKey(op):
                constraints.append("ALTER TABLE \(SQL.ident(op.table.value)) ADD CONSTRAINT \(SQL.ident(op.name.value)) "
                                   + Constraints.foreignKeyClause(op.foreignKey) + ";")
            case let .addCheck(op):
                constraints.append("ALTER TABLE \(SQL.ident(op.table.value)) ADD CONSTRAINT \(SQL.ident(op.name.value)) CHECK (\(SQL.text(op.expression)));")
            default:
                continue  // a baseline holds only the operations above
            }
        }
        // Unique indexes before the foreign keys that may reference their columns.
        return (tables + indexes + constraints).map { $0 + "\n" }.joined()
    }
}
