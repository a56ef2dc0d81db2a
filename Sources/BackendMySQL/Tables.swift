import PlanSpec

/// create_table, drop_table, rename_table and the compatibility view of expand_contract.
extension StepWriter {
    mutating func createTable(_ op: CreateTable) {
        let t = op.table.value
        var parts = op.columns.map { "  " + columnDefinition($0) }
        if !op.primaryKey.isEmpty {
            parts.append("  PRIMARY KEY (\(op.primaryKey.map { MySQL.ident($0.value) }.joined(separator: ", ")))")
        }
        for column in op.columns where column.unique {
            let c = column.name.value
            parts.append("  CONSTRAINT \(MySQL.ident("\(t)_\(c)_key")) UNIQUE (\(MySQL.ident(c)))")
        }
        for column in op.columns {
            guard let ref = column.references else { continue }
            let c = column.name.value
            let shape = ForeignKeyShape(columns: [column.name], referencedTable: ref.table, referencedColumns: [ref.column],
                                        onDelete: ref.onDelete, onUpdate: ref.onUpdate)
            parts.append("  CONSTRAINT \(MySQL.ident("\(t)_\(c)_fkey")) \(foreignKeyClause(shape))")
        }
        // IF NOT EXISTS keeps a re-run harmless. Of what exists, only the tables its foreign keys
        // reference are locked (shared), for a moment.
        let referenced = op.columns.compactMap { $0.references?.table.value }.first
        script.statement("CREATE TABLE IF NOT EXISTS \(MySQL.ident(t)) (\n\(parts.joined(separator: ",\n"))\n) ENGINE=InnoDB",
                         referenced.map(Effect.shared) ?? .none)
    }

    mutating func dropTable(_ table: String) {
        script.statement("DROP TABLE IF EXISTS \(MySQL.ident(table))", .exclusive(table))
    }

    mutating func renameTable(from: String, to: String) {
        // RENAME TABLE only swaps metadata; it waits for the table's metadata lock.
        script.guarded("\(Catalog.tableExists(from)) AND NOT \(Catalog.relationExists(to))",
                       "RENAME TABLE \(MySQL.ident(from)) TO \(MySQL.ident(to))", .exclusive(from))
        // A soft drop_table's graveyard takes no grants: they stay on the name rollback gives back.
        if to == GeneratedNames.graveyard(from) || from == GeneratedNames.graveyard(to) { return }
        // The old name keeps its grants while the compatibility view stands there.
        let viewFollows = upcoming.contains {
            if case let .createCompatibilityView(view, _) = $0.action { view == from } else { false }
        }
        moveGrants(from: from, to: to, keepSource: viewFollows)
    }

    /// MySQL keeps table and column grants by name (mysql.tables_priv, columns_priv): RENAME
    /// TABLE leaves them on the old name, and code using the new one is refused. Copied when the
    /// script runs, from information_schema, as GRANT statements (the script's user needs the
    /// GRANT OPTION for them); then, unless `keepSource`, revoked from the old name, where a
    /// later table of that name would inherit them. Re-running grants and revokes the same again.
    mutating func moveGrants(from: String, to: String?, keepSource: Bool) {
        script.comment(to.map { "Grants on \(MySQL.ident(from)) follow the table to \(MySQL.ident($0))\(keepSource ? " (the old name keeps them for its view)" : "")." }
                       ?? "Grants on \(MySQL.ident(from)) go with it.")
        script.compound(Self.createGrants)
        if let to { script.statement("CALL \(Self.grants)(TRUE, 'GRANT', \(MySQL.nameLiteral(from)), \(MySQL.nameLiteral(to)))", .none) }
        // Only once nothing has the name any more (a re-run after a rollback finds the table back there).
        if !keepSource {
            script.statement("CALL \(Self.grants)(NOT \(Catalog.relationExists(from)), 'REVOKE', \(MySQL.nameLiteral(from)), NULL)", .none,
                             guard: .condition("NOT \(Catalog.relationExists(from))"))
        }
        script.statement("DROP PROCEDURE IF EXISTS \(Self.grants)")
    }

    static let grants = MySQL.ident("_plancc_grants")

    /// `_plancc_grants(needed, 'GRANT', source, target)` gives `target` every table and column
    /// privilege `source` has, to the same grantees; `_plancc_grants(needed, 'REVOKE', source, NULL)`
    /// takes them from `source`; nothing when not `needed`. The statements are read from
    /// information_schema before any runs.
    static let createGrants: [String] = {
        let privileges = "information_schema.TABLE_PRIVILEGES p WHERE p.TABLE_SCHEMA = DATABASE() AND p.TABLE_NAME = source"
        let columnPrivileges = "information_schema.COLUMN_PRIVILEGES p WHERE p.TABLE_SCHEMA = DATABASE() AND p.TABLE_NAME = source"
        let columns = "GROUP_CONCAT(CONCAT('`', REPLACE(p.COLUMN_NAME, '`', '``'), '`') ORDER BY p.COLUMN_NAME SEPARATOR ', ')"
        let list = "GROUP_CONCAT(p.PRIVILEGE_TYPE ORDER BY p.PRIVILEGE_TYPE SEPARATOR ', ')"
        let option = "IF(p.IS_GRANTABLE = 'YES', ' WITH GRANT OPTION', '')"
        return [
            "DROP PROCEDURE IF EXISTS \(grants)",
            """
            CREATE PROCEDURE \(grants)(IN needed BOOLEAN, IN action VARCHAR(6), IN source VARCHAR(64), IN target VARCHAR(64))
            BEGIN
              DECLARE done BOOLEAN DEFAULT FALSE;
              DECLARE statement_text TEXT;
              DECLARE quoted_source TEXT DEFAULT CONCAT('`', REPLACE(source, '`', '``'), '`');
              DECLARE quoted_target TEXT DEFAULT CONCAT('`', REPLACE(target, '`', '``'), '`');
              DECLARE statements CURSOR FOR
                SELECT CONCAT('GRANT ', \(list), ' ON ', quoted_target, ' TO ', p.GRANTEE, \(option))
                  FROM \(privileges) AND action = 'GRANT' GROUP BY p.GRANTEE, p.IS_GRANTABLE
                UNION ALL
                SELECT CONCAT('GRANT ', p.PRIVILEGE_TYPE, ' (', \(columns), ') ON ', quoted_target, ' TO ', p.GRANTEE, \(option))
                  FROM \(columnPrivileges) AND action = 'GRANT' GROUP BY p.GRANTEE, p.PRIVILEGE_TYPE, p.IS_GRANTABLE
                UNION ALL
                SELECT CONCAT('REVOKE ', \(list), ' ON ', quoted_source, ' FROM ', p.GRANTEE)
                  FROM \(privileges) AND action = 'REVOKE' GROUP BY p.GRANTEE
                UNION ALL
                SELECT CONCAT('REVOKE GRANT OPTION ON ', quoted_source, ' FROM ', p.GRANTEE)
                  FROM \(privileges) AND action = 'REVOKE' AND p.IS_GRANTABLE = 'YES' GROUP BY p.GRANTEE
                UNION ALL
                SELECT CONCAT('REVOKE ', p.PRIVILEGE_TYPE, ' (', \(columns), ') ON ', quoted_source, ' FROM ', p.GRANTEE)
                  FROM \(columnPrivileges) AND action = 'REVOKE' GROUP BY p.GRANTEE, p.PRIVILEGE_TYPE;
              DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;
              IF NOT COALESCE(needed, FALSE) THEN SET done = TRUE; END IF;
              OPEN statements;
              grant_loop: LOOP
                IF NOT done THEN FETCH statements INTO statement_text; END IF;
                IF done THEN LEAVE grant_loop; END IF;
                SET @plancc_grant = statement_text;
                PREPARE plancc_grant FROM @plancc_grant;
                EXECUTE plancc_grant;
                DEALLOCATE PREPARE plancc_grant;
              END LOOP;
              CLOSE statements;
            END
            """,
        ]
    }()

    /// A single-table `SELECT *` view is updatable, so old code keeps reading and writing
    /// through the old name. MySQL expands `*` when the view is created.
    mutating func createCompatibilityView(view: String, table: String) {
        script.guarded("NOT \(Catalog.tableExists(view))",
                       "CREATE OR REPLACE ALGORITHM=MERGE VIEW \(MySQL.ident(view)) AS SELECT * FROM \(MySQL.ident(table))", .shared(table))
    }

    /// The compatibility view goes with the grants the old name kept for it.
    mutating func dropView(_ view: String) {
        script.statement("DROP VIEW IF EXISTS \(MySQL.ident(view))", .exclusive(view))
        moveGrants(from: view, to: nil, keepSource: false)
    }
}
