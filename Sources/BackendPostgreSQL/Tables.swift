import Planner
import PlanSpec

/// Tables and the compatibility view of a renamed table.
enum Tables {
    static func create(_ op: CreateTable) -> [Piece] {
        var lines = op.columns.map { "    " + Columns.definition($0) }
        if !op.primaryKey.isEmpty {
            lines.append("    CONSTRAINT \(SQL.ident(GeneratedNames.primaryKey(table: op.table.value))) PRIMARY KEY (\(SQL.idents(op.primaryKey.map(\.value))))")
        }
        // A new table locks nothing that exists, but a foreign key to another table takes
        // SHARE ROW EXCLUSIVE on that one.
        let referenced = op.columns.compactMap { $0.references?.table.value }.first
        let effect: Piece.Effect = referenced.map { .catalog($0, .shareRowExclusive) } ?? .none
        return [.transaction("CREATE TABLE IF NOT EXISTS \(SQL.ident(op.table.value)) (\n\(lines.joined(separator: ",\n"))\n);", effect)]
    }

    static func drop(_ table: String) -> [Piece] {
        [.transaction("DROP TABLE IF EXISTS \(SQL.ident(table));", .catalog(table))]
    }

    /// Skipped when already done, so a re-run goes past it; the old name may by then be the
    /// compatibility view, hence "a table by the old name".
    static func rename(from: String, to: String) -> [Piece] {
        let table = "EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = \(SQL.regclass(from)) AND c.relkind IN ('r', 'p'))"
        let rename = "ALTER TABLE \(SQL.ident(from)) RENAME TO \(SQL.ident(to));"
        return [.transaction(Guards.unlessDone(rename, sourceExists: table, targetExists: "\(SQL.regclass(to)) IS NOT NULL",
                                               missing: "table \(SQL.ident(from))"), .catalog(from))]
    }

    /// A single-table `SELECT *` view is automatically updatable, so old code keeps writing through it.
    /// The view gets the table's grants, table and column ones, as the catalog has them when the
    /// script runs: old code connects as a role that was granted the table, not the view, and
    /// would get "permission denied" (the view's owner, who runs the script, needs none).
    static func createCompatibilityView(view: String, table: String) -> [Piece] {
        let grantee = "CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_catalog.pg_get_userbyid(x.grantee)) END"
        let option = "CASE WHEN x.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END"
        let body = """
            DECLARE
                _plancc_grant record;
            BEGIN
                FOR _plancc_grant IN
                    SELECT x.privilege_type, NULL::name AS attname, \(grantee) AS grantee, \(option) AS option
                      FROM pg_catalog.pg_class c, aclexplode(c.relacl) x
                     WHERE c.oid = \(SQL.regclass(table)) AND x.grantee <> c.relowner
                       AND x.privilege_type IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRIGGER', 'REFERENCES')
                    UNION ALL
                    SELECT x.privilege_type, a.attname, \(grantee), \(option)
                      FROM pg_catalog.pg_class c
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped,
                           aclexplode(a.attacl) x
                     WHERE c.oid = \(SQL.regclass(table)) AND x.grantee <> c.relowner
                LOOP
                    IF _plancc_grant.attname IS NULL THEN
                        EXECUTE format('GRANT %s ON %I TO %s%s', _plancc_grant.privilege_type, \(SQL.literal(view)),
                                       _plancc_grant.grantee, _plancc_grant.option);
                    ELSE
                        EXECUTE format('GRANT %s (%I) ON %I TO %s%s', _plancc_grant.privilege_type, _plancc_grant.attname,
                                       \(SQL.literal(view)), _plancc_grant.grantee, _plancc_grant.option);
                    END IF;
                END LOOP;
            END

            """
        return [.transaction("CREATE OR REPLACE VIEW \(SQL.ident(view)) AS SELECT * FROM \(SQL.ident(table));", .catalog(table, .accessShare)),
                .transaction("DO \(SQL.dollarQuoted(body));", .none)]
    }

    static func dropView(_ view: String) -> [Piece] {
        [.transaction("DROP VIEW IF EXISTS \(SQL.ident(view));", .catalog(view))]
    }
}
