import PlanSpec

/// Primary keys, foreign keys, checks and unique constraints. MySQL has no NOT VALID:
/// each add step says what it does instead.
extension StepWriter {
    /// MySQL names every primary key PRIMARY; the spec's name is not kept.
    mutating func addPrimaryKey(_ table: String, columns: [String]) {
        let list = columns.map(MySQL.ident).joined(separator: ", ")
        script.comment("Rebuilds the table in place, online; MySQL names the key PRIMARY.")
        script.guarded("NOT \(Catalog.primaryKey(table))", alter(table, "ADD PRIMARY KEY (\(list))", .inplace, .rebuild))
    }

    func foreignKeyClause(_ shape: ForeignKeyShape) -> String {
        let columns = shape.columns.map { MySQL.ident($0.value) }.joined(separator: ", ")
        let referenced = shape.referencedColumns.map { MySQL.ident($0.value) }.joined(separator: ", ")
        var clause = "FOREIGN KEY (\(columns)) REFERENCES \(MySQL.ident(shape.referencedTable.value)) (\(referenced))"
        // NO ACTION is the default; left unsaid, as SHOW CREATE TABLE leaves it.
        if shape.onDelete != .noAction { clause += " ON DELETE \(shape.onDelete.sql)" }
        if shape.onUpdate != .noAction { clause += " ON UPDATE \(shape.onUpdate.sql)" }
        return clause
    }

    /// The NOT VALID of MySQL: with foreign_key_checks off the key is added in place without
    /// reading the rows; the validate step that follows looks for orphans itself.
    mutating func addForeignKey(_ table: String, name: String, shape: ForeignKeyShape) {
        script.comment("Added in place without checking existing rows (foreign_key_checks = 0); the next step checks them.")
        script.statement("SET SESSION foreign_key_checks = 0")
        script.guarded("NOT \(Catalog.constraint(table, name, type: "FOREIGN KEY"))",
                       alter(table, "ADD CONSTRAINT \(MySQL.ident(name)) \(foreignKeyClause(shape))", .inplace, .metadata))
        script.statement("SET SESSION foreign_key_checks = 1")
    }

    /// MySQL checks every row when a CHECK is added, and copies the table to do it.
    mutating func addCheck(_ table: String, name: String, expression: DialectText) {
        let clause = "ADD CONSTRAINT \(MySQL.ident(name)) CHECK (\(expression.sql(for: .mysql) ?? ""))"
        copyingAlter(table, clause, done: Catalog.constraint(table, name, type: "CHECK"))
    }

    /// PostgreSQL proves NOT NULL with a NOT VALID check that costs nothing. MySQL would check
    /// every row now, and fail on the NULLs a later backfill is there to fill, so no check is
    /// added: the NOT NULL itself is enforced by the MODIFY of a later step.
    mutating func addNotNullCheck(_ table: String, name: String, column: String) {
        script.comment("""
        Nothing to run: MySQL has no NOT VALID check, so \(MySQL.ident(name)) is not added; \
        NOT NULL on \(MySQL.ident(table)).\(MySQL.ident(column)) is enforced when it is set.
        """)
    }

    mutating func addUnique(_ table: String, name: String, columns: [String]) {
        let list = columns.map(MySQL.ident).joined(separator: ", ")
        script.guarded("NOT \(Catalog.index(table, name))",
                       alter(table, "ADD CONSTRAINT \(MySQL.ident(name)) UNIQUE (\(list))", .inplace, .indexBuild, kind: .indexBuild))
    }

    /// The rows that break the rule are counted by a PREPAREd query, so that it is parsed only
    /// when it runs (after a later rename of the table, a re-run skips it).
    mutating func validateConstraint(_ table: String, name: String) {
        let violations: String, message: String
        switch constraints.kind(table, name) {
        case let .foreignKey(shape)?:
            violations = Self.orphans(table, shape)
            message = "plancc: rows of \(table) break foreign key \(name): fix them, then re-run"
        case let .notNull(column)?:
            violations = "SELECT COUNT(*) FROM \(MySQL.ident(table)) WHERE \(MySQL.ident(column)) IS NULL"
            message = "plancc: \(table).\(column) still has NULLs: backfill them, then re-run"
        default:
            return script.comment("Nothing to run: MySQL checked every row when \(MySQL.ident(name)) was added.")
        }
        script.statement("SET @plancc_violations = 0")
        script.guarded("TRUE", "SELECT (\(violations)) INTO @plancc_violations", .count(table))
        script.require("@plancc_violations = 0", message)
    }

    /// Counts rows whose key is set but has no referenced row (MySQL skips keys with a NULL part).
    /// `(a, b) REFERENCES p (x, y) ON DELETE SET NULL`, for messages.
    static func foreignKeyText(_ shape: ForeignKeyShape) -> String {
        let columns = shape.columns.map { MySQL.ident($0.value) }.joined(separator: ", ")
        let referenced = shape.referencedColumns.map { MySQL.ident($0.value) }.joined(separator: ", ")
        return "(\(columns)) REFERENCES \(MySQL.ident(shape.referencedTable.value)) (\(referenced)) "
            + "ON DELETE \(shape.onDelete.sql) ON UPDATE \(shape.onUpdate.sql)"
    }

    static func orphans(_ table: String, _ shape: ForeignKeyShape) -> String {
        let join = zip(shape.columns, shape.referencedColumns).map {
            "p.\(MySQL.ident($1.value)) = c.\(MySQL.ident($0.value))"
        }.joined(separator: " AND ")
        let set = shape.columns.map { "c.\(MySQL.ident($0.value)) IS NOT NULL" }.joined(separator: " AND ")
        return "SELECT COUNT(*) FROM \(MySQL.ident(table)) c WHERE \(set) AND NOT EXISTS "
            + "(SELECT 1 FROM \(MySQL.ident(shape.referencedTable.value)) p WHERE \(join))"
    }

    /// Each kind has its own DROP. When the plan does not say what the constraint is, each
    /// form runs only if information_schema shows that kind under the name.
    /// The name pt-online-schema-change gives a foreign key when it re-creates it.
    static func ptOnlineSchemaChangeName(_ name: String) -> String {
        name.hasPrefix("_") ? String(name.dropFirst()) : "_" + name
    }

    /// True while `table` has foreign key `name` over the shape's columns, to its table and columns, in order.
    static func foreignKey(_ table: String, _ name: String, is shape: ForeignKeyShape) -> String {
        let columns = MySQL.literal(shape.columns.map { MySQL.fit($0.value) }.joined(separator: ","))
        let referenced = MySQL.literal(shape.referencedColumns.map { MySQL.fit($0.value) }.joined(separator: ","))
        return "EXISTS (SELECT 1 FROM information_schema.KEY_COLUMN_USAGE u WHERE u.TABLE_SCHEMA = DATABASE() "
            + "AND u.TABLE_NAME = \(MySQL.nameLiteral(table)) AND u.CONSTRAINT_NAME = \(MySQL.nameLiteral(name)) "
            + "AND u.REFERENCED_TABLE_NAME = \(MySQL.nameLiteral(shape.referencedTable.value)) GROUP BY u.CONSTRAINT_NAME "
            + "HAVING GROUP_CONCAT(u.COLUMN_NAME ORDER BY u.ORDINAL_POSITION SEPARATOR ',') = \(columns) "
            + "AND GROUP_CONCAT(u.REFERENCED_COLUMN_NAME ORDER BY u.ORDINAL_POSITION SEPARATOR ',') = \(referenced))"
    }

    mutating func dropConstraint(_ table: String, name: String) {
        let kind = constraints.kind(table, name)
        switch kind {
        case .primaryKey?:
            // Without a new key to take its place, InnoDB rebuilds the table by copying it.
            copyingAlter(table, "DROP PRIMARY KEY", done: "NOT \(Catalog.primaryKey(table))")
            return
        case .notNull?:
            return script.comment("Nothing to run: \(MySQL.ident(name)) was never added on MySQL.")
        default:
            break
        }
        if kind == nil || kind.isForeignKey {
            // pt-online-schema-change re-creates the foreign keys of a table it copies, and those
            // of the tables that point at it, under a new name: a leading underscore added, or
            // taken away when there is one. A key found only under that name is the one meant.
            // Only where its definition is known, and it is the key under that name: a key the
            // table has under the other name for its own sake is left alone.
            if case let .foreignKey(shape)? = kind {
                let moved = Self.ptOnlineSchemaChangeName(name)
                script.guarded("NOT \(Catalog.constraint(table, name, type: "FOREIGN KEY")) AND \(Self.foreignKey(table, moved, is: shape))",
                               alter(table, "DROP FOREIGN KEY \(MySQL.ident(moved))", .inplace, .metadata))
            }
            script.guarded(Catalog.constraint(table, name, type: "FOREIGN KEY"),
                           alter(table, "DROP FOREIGN KEY \(MySQL.ident(name))", .inplace, .metadata))
        }
        if kind == nil || kind.isCheck {
            // DROP CONSTRAINT: MySQL 8.0.19+ and MariaDB; DROP CHECK is MySQL only.
            script.guarded(Catalog.constraint(table, name, type: "CHECK"),
                           alter(table, "DROP CONSTRAINT \(MySQL.ident(name))", .inplace, .metadata))
        }
        if kind == nil || kind.isUnique {
            // A unique constraint is its index. The index MySQL created under a foreign key's
            // name is not: it is often the only index on the column, and lookups and joins still
            // use it, so it stays (a drop_index of that name drops it).
            script.guarded(Catalog.constraint(table, name, type: "UNIQUE"), alter(table, "DROP INDEX \(MySQL.ident(name))", .inplace, .metadata))
        }
    }
}

private extension Optional where Wrapped == ConstraintCatalog.Kind {
    var isForeignKey: Bool { if case .foreignKey? = self { true } else { false } }
    var isCheck: Bool { if case .check? = self { true } else { false } }
    var isUnique: Bool { if case .unique? = self { true } else { false } }
}
