import Planner
import PlanSpec

/// A baseline spec as plain MySQL/MariaDB DDL: what `plancc schema-at --format sql --dialect
/// mysql` prints, to create the schema the history knows on an empty database. No online
/// algorithms and no guards: it is for a new database. MySQL has no partial indexes: a
/// predicate is left out (and said so in a comment), as the change scripts leave it out.
extension MySQLBackend {
    public func schemaDDL(_ spec: Spec) -> String {
        let writer = StepWriter(plan: Planner.plan(spec))
        var tables: [String] = [], indexes: [String] = [], constraints: [String] = []
        for change in spec.changes {
            switch change.operation {
            case let .createTable(op):
                var lines = op.columns.map { "  " + writer.columnDefinition($0) }
                if !op.primaryKey.isEmpty {
                    lines.append("  PRIMARY KEY (\(op.primaryKey.map { MySQL.ident($0.value) }.joined(separator: ", ")))")
                }
                tables.append("CREATE TABLE \(MySQL.ident(op.table.value)) (\n\(lines.joined(separator: ",\n"))\n) ENGINE=InnoDB;")
            case let .createIndex(op):
                var create = op.filter == nil ? "" : "-- \(op.name.value): MySQL has no partial indexes; this one covers every row\n"
                create += "CREATE \(op.unique ? "UNIQUE " : "")INDEX \(MySQL.ident(op.name.value)) ON \(MySQL.ident(op.table.value)) "
                    + "(\(MySQL.keyParts(op.columns)));"
                indexes.append(create)
            case let .addPrimaryKey(op):
                constraints.append("ALTER TABLE \(MySQL.ident(op.table.value)) ADD PRIMARY KEY (\(op.columns.map { MySQL.ident($0.value) }.joined(separator: ", ")));")
            case let .addForeignKey(op):
                constraints.append("ALTER TABLE \(MySQL.ident(op.table.value)) ADD CONSTRAINT \(MySQL.ident(op.name.value)) "
                                   + writer.foreignKeyClause(op.foreignKey) + ";")
            case let .addCheck(op):
                guard let text = op.expression.sql(for: .mysql) else { continue }
                constraints.append("ALTER TABLE \(MySQL.ident(op.table.value)) ADD CONSTRAINT \(MySQL.ident(op.name.value)) CHECK (\(text));")
            default:
                continue  // a baseline holds only the operations above
            }
        }
        return (tables + indexes + constraints).map { $0 + "\n" }.joined()
    }
}
