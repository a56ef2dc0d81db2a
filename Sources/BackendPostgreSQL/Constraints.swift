import Planner
import PlanSpec

/// Constraints go in without a long lock: checks and foreign keys `NOT VALID`, validated as a
/// step of their own; primary keys and unique constraints over an index built concurrently.
/// PostgreSQL has no `ADD CONSTRAINT IF NOT EXISTS`: each add runs only while the name is free.
enum Constraints {
    static func primaryKey(table: String, name: String, columns: [String]) -> [Piece] {
        overIndex(table: table, name: name, columns: columns, kind: "PRIMARY KEY")
    }

    static func unique(table: String, name: String, columns: [String]) -> [Piece] {
        overIndex(table: table, name: name, columns: columns, kind: "UNIQUE")
    }

    static func foreignKey(table: String, name: String, shape: ForeignKeyShape, validated: Bool) -> [Piece] {
        let body = "FOREIGN KEY (\(SQL.idents(shape.columns.map(\.value)))) REFERENCES \(SQL.ident(shape.referencedTable.value)) "
            + "(\(SQL.idents(shape.referencedColumns.map(\.value)))) ON DELETE \(shape.onDelete.sql) ON UPDATE \(shape.onUpdate.sql)"
        return [add(table: table, name: name, body: body, validated: validated)]
    }

    static func check(table: String, name: String, expression: String, validated: Bool) -> [Piece] {
        [add(table: table, name: name, body: "CHECK (\(expression))", validated: validated)]
    }

    static func notNullCheck(table: String, name: String, column: String) -> [Piece] {
        check(table: table, name: name, expression: "\(SQL.ident(column)) IS NOT NULL", validated: false)
    }

    /// Scans the table under a lock that lets reads and writes go on; skipped once validated
    /// (or gone: verify reports a missing constraint), so a re-run goes past it.
    static func validate(table: String, name: String) -> [Piece] {
        let pending = "EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conrelid = \(SQL.regclass(table)) "
            + "AND c.conname = \(SQL.literal(name)) AND NOT c.convalidated)"
        return [Piece(.ownTransaction, "ALTER TABLE \(SQL.ident(table)) VALIDATE CONSTRAINT \(SQL.ident(name));", onlyIf: pending)]
    }

    static func drop(table: String, name: String) -> [Piece] {
        [.transaction("ALTER TABLE \(SQL.ident(table)) DROP CONSTRAINT IF EXISTS \(SQL.ident(name));")]
    }

    private static func add(table: String, name: String, body: String, validated: Bool) -> Piece {
        let notValid = validated ? "" : " NOT VALID"
        return .transaction("ALTER TABLE \(SQL.ident(table)) ADD CONSTRAINT \(SQL.ident(name)) \(body)\(notValid);",
                            onlyIf: absent(table: table, name: name))
    }

    /// The unique index is built concurrently first; attaching it takes only a brief lock.
    private static func overIndex(table: String, name: String, columns: [String], kind: String) -> [Piece] {
        let build = Indexes.create(table: table, name: name, columns: columns, unique: true, filter: nil)
        let attach = Piece.transaction("ALTER TABLE \(SQL.ident(table)) ADD CONSTRAINT \(SQL.ident(name)) \(kind) USING INDEX \(SQL.ident(name));",
                                       onlyIf: absent(table: table, name: name))
        return build + [attach]
    }

    private static func absent(table: String, name: String) -> String {
        "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conrelid = \(SQL.regclass(table)) AND c.conname = \(SQL.literal(name)))"
    }
}
