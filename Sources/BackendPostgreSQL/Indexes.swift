import Planner
import PlanSpec

/// Indexes are built and dropped `CONCURRENTLY`, outside any transaction, so writes go on.
enum Indexes {
    /// A failed concurrent build leaves an INVALID index behind under the name; drop it first,
    /// or `IF NOT EXISTS` would keep the broken one.
    static func create(table: String, name: String, shape: IndexShape) -> [Piece] {
        create(table: table, name: name, columns: shape.columns.map(\.name.value), unique: shape.unique, filter: shape.filter)
    }

    static func create(table: String, name: String, columns: [String], unique: Bool, filter: DialectText?) -> [Piece] {
        var create = "CREATE \(unique ? "UNIQUE " : "")INDEX CONCURRENTLY IF NOT EXISTS \(SQL.ident(name)) ON \(SQL.ident(table)) "
            + "(\(SQL.idents(columns)))"
        if let filter { create += " WHERE (\(SQL.text(filter)))" }
        return [.concurrently(create + ";", .scan(table, .shareUpdateExclusive), cleanup: dropIfInvalid(name))]
    }

    static func drop(table: String, name: String) -> [Piece] {
        [Piece(.concurrently, "DROP INDEX CONCURRENTLY IF EXISTS \(SQL.ident(name));", kind: .ddl, effect: .catalog(table, .shareUpdateExclusive))]
    }

    /// Before every attempt, and after a timed-out one: the INVALID leftover goes.
    static func dropIfInvalid(_ name: String) -> (condition: String, statement: String) {
        (condition: "EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indexrelid = \(SQL.regclass(name)) AND NOT i.indisvalid)",
         statement: "DROP INDEX CONCURRENTLY IF EXISTS \(SQL.ident(name));")
    }
}
