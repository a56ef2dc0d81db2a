import Planner
import PlanSpec

/// Tables and the compatibility view of a renamed table.
enum Tables {
    static func create(_ op: CreateTable) -> [Piece] {
        var lines = op.columns.map { "    " + Columns.definition($0) }
        if !op.primaryKey.isEmpty {
            lines.append("    CONSTRAINT \(SQL.ident(op.table.value + "_pkey")) PRIMARY KEY (\(SQL.idents(op.primaryKey.map(\.value))))")
        }
        return [.transaction("CREATE TABLE IF NOT EXISTS \(SQL.ident(op.table.value)) (\n\(lines.joined(separator: ",\n"))\n);")]
    }

    static func drop(_ table: String) -> [Piece] {
        [.transaction("DROP TABLE IF EXISTS \(SQL.ident(table));")]
    }

    /// Skipped when already done, so a re-run goes past it; the old name may by then be the
    /// compatibility view, hence "a table by the old name".
    static func rename(from: String, to: String) -> [Piece] {
        let table = "EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = \(SQL.regclass(from)) AND c.relkind IN ('r', 'p'))"
        let rename = "ALTER TABLE \(SQL.ident(from)) RENAME TO \(SQL.ident(to));"
        return [.transaction(Guards.unlessDone(rename, sourceExists: table, targetExists: "\(SQL.regclass(to)) IS NOT NULL",
                                               missing: "table \(SQL.ident(from))"))]
    }

    /// A single-table `SELECT *` view is automatically updatable, so old code keeps writing through it.
    static func createCompatibilityView(view: String, table: String) -> [Piece] {
        [.transaction("CREATE OR REPLACE VIEW \(SQL.ident(view)) AS SELECT * FROM \(SQL.ident(table));")]
    }

    static func dropView(_ view: String) -> [Piece] {
        [.transaction("DROP VIEW IF EXISTS \(SQL.ident(view));")]
    }
}
