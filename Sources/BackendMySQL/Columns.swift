import PlanSpec

/// add, drop, rename and retype columns; nullability and defaults.
extension StepWriter {
    /// `name type NULL|NOT NULL [DEFAULT ...] [AUTO_INCREMENT]`.
    func columnDefinition(_ column: Column) -> String {
        var text = "\(MySQL.ident(column.name.value)) \(MySQLType.sql(column.type)) \(column.nullable ? "NULL" : "NOT NULL")"
        if let value = column.defaultValue { text += " DEFAULT " + MySQLExpression.defaultClause(value, type: column.type) }
        if column.identity { text += " AUTO_INCREMENT" }
        return text
    }

    mutating func addColumn(_ table: String, _ column: Column) {
        let absent = "NOT \(Catalog.column(table, column.name.value))"
        let clause = "ADD COLUMN \(columnDefinition(column))"
        if column.identity {
            // An AUTO_INCREMENT column numbers every existing row.
            copyingAlter(table, clause, done: Catalog.column(table, column.name.value))
        } else {
            // Instant on MySQL 8.0.12+ and MariaDB 10.3+, with a literal or deterministic default.
            script.guarded(absent, alter(table, clause, target.addColumn, .column))
        }
    }

    /// The new column of an expand_contract rename or type change: nullable, since old code
    /// does not write it (the sync trigger does). It takes the old column's character set,
    /// collation and comment, read from information_schema when the script runs (a shadow in
    /// the table's default character set would refuse old code's values, or compare them
    /// differently); without a type, it also copies `like`'s type.
    mutating func addShadowColumn(_ table: String, _ column: String, like: String, type: ColumnType?) {
        requireReplaceable(table, like)
        let absent = "NOT \(Catalog.column(table, column))"
        let head = MySQL.literal("ALTER TABLE \(MySQL.ident(table)) ADD COLUMN \(MySQL.ident(column)) ")
        let typeText = type.map { MySQL.literal(MySQLType.sql($0)) } ?? "o.COLUMN_TYPE"
        let charset = (type.map(MySQLType.takesCharset) ?? true) ? Catalog.restatedCharset("o") + ", " : ""
        let tail = MySQL.literal(", \(target.addColumn.rawValue)")
        script.guarded(absent, built: """
        (SELECT CONCAT(\(head), \(typeText), \(charset)' NULL', \(Catalog.restatedComment("o")), \(tail))
             \(Catalog.columnRow(table, like, alias: "o")))
        """, builtEffect(table, target.addColumn, .column))
    }

    /// Stops the script before anything is changed when `column` is a key that contract could not
    /// hand over to a new column: in the primary key or AUTO_INCREMENT (the drop would take the key
    /// with it, and every insert that leaves it out would fail), or in a foreign key either way (the
    /// drop fails, half-way through contract). `check` says the same where the history knows it.
    mutating func requireReplaceable(_ table: String, _ column: String) {
        let foreignKey = """
        EXISTS (SELECT 1 FROM information_schema.KEY_COLUMN_USAGE k WHERE k.REFERENCED_TABLE_NAME IS NOT NULL \
        AND ((k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME = \(MySQL.nameLiteral(table)) AND k.COLUMN_NAME = \(MySQL.nameLiteral(column))) \
        OR (k.REFERENCED_TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME = \(MySQL.nameLiteral(table)) \
        AND k.REFERENCED_COLUMN_NAME = \(MySQL.nameLiteral(column)))))
        """
        let key = Catalog.column(table, column, where: "(c.COLUMN_KEY = 'PRI' OR LOWER(c.EXTRA) LIKE '%auto_increment%')")
        script.require("NOT (\(key) OR \(foreignKey))",
                       "plancc: \(table).\(column) is a primary, AUTO_INCREMENT or foreign key column: nothing done; change it with rollout.mode single_step")
    }

    /// Instant on MySQL 8.0.29+ (the "8.4" target) and, where it can, MariaDB 10.4+; else the
    /// table is rebuilt in place, online.
    mutating func dropColumn(_ table: String, _ column: String) {
        var present = Catalog.column(table, column)
        // When a later step renames another column to this name (the swap at the end of a type
        // change), a re-run must not drop the renamed one: drop only while that one is still there.
        for step in upcoming {
            if case let .renameColumn(t, from, to) = step.action, t == table, to == column {
                present += " AND \(Catalog.column(table, from))"
            }
        }
        script.guarded(present, alter(table, "DROP COLUMN \(MySQL.ident(column))", target.dropColumn, .column))
    }

    /// The end of an expand_contract type change, with old and new code both using the column's
    /// name: the shadow takes the old column's default (restated from information_schema, so
    /// converted by the engine to the new type), the sync triggers go, the old column goes and
    /// the shadow takes its name, under one
    /// table lock and in one ALTER. Two statements would each wait for the table's lock, and the
    /// column would be missing in between ("Unknown column"); a write between the triggers'
    /// drop and the ALTER would not reach the shadow and be lost with the old column.
    ///
    /// Writes wait while the lock is held: the ALTER is instant on MariaDB 10.4+ and MySQL
    /// 8.0.29+ (older MySQL 8 rebuilds the table in place while they wait). LOCK TABLES waits up
    /// to lock_wait_timeout and is not retried (statements under it cannot be in a procedure):
    /// a timeout stops the script with nothing changed; re-run it. Re-run after a failure part-way,
    /// the ALTER runs only while both columns are there.
    mutating func swapColumn(_ table: String, triggers: [String], old: String, shadow: String) {
        // The ALTER names no ALGORITHM: the server does it instantly where it can (MariaDB, MySQL
        // 8.0.29+), else rebuilds the table; under LOCK TABLES writes wait either way.
        let held = Effect(lock: .mysql(.init(.exclusive)), table: table,
                          hold: server.isMariaDB || server.hasInstantDropColumn ? .catalogOnly : .rewrite)
        // The old column's default goes over to the shadow under the lock, before the triggers
        // go: no other session writes meanwhile (unlocked, a value in the shadow on INSERT is new
        // code's and wins over the old column's). A default the new type refuses stops the
        // script here, with the triggers still there and nothing changed.
        let both = """
        FROM information_schema.COLUMNS o JOIN information_schema.COLUMNS n \
        ON n.TABLE_SCHEMA = o.TABLE_SCHEMA AND n.TABLE_NAME = o.TABLE_NAME \
        WHERE o.TABLE_SCHEMA = DATABASE() AND o.TABLE_NAME = \(MySQL.nameLiteral(table)) \
        AND o.COLUMN_NAME = \(MySQL.nameLiteral(old)) AND n.COLUMN_NAME = \(MySQL.nameLiteral(shadow))
        """
        let pending = "EXISTS (SELECT 1 \(both) AND \(Catalog.hasDefault("o")) AND NOT \(Catalog.hasDefault("n")))"
        script.statement("LOCK TABLES \(MySQL.ident(table)) WRITE", held, guard: .none)
        script.guarded(pending, built: """
        (SELECT CONCAT(\(MySQL.literal("ALTER TABLE \(MySQL.ident(table)) ALTER COLUMN \(MySQL.ident(shadow)) SET")), \
        \(Catalog.defaultClause("o"))) \(both))
        """, .exclusive(table))
        for trigger in triggers { script.statement("DROP TRIGGER IF EXISTS \(MySQL.ident(trigger))", .exclusive(table)) }
        script.guarded("\(Catalog.column(table, old)) AND \(Catalog.column(table, shadow))",
                       "ALTER TABLE \(MySQL.ident(table)) DROP COLUMN \(MySQL.ident(old)), RENAME COLUMN \(MySQL.ident(shadow)) TO \(MySQL.ident(old))", held)
        script.statement("UNLOCK TABLES")
        doneAbove = 2
    }

    /// RENAME COLUMN (MySQL 8.0, MariaDB 10.5+) changes metadata only; INSTANT on MySQL 8.0.28+.
    mutating func renameColumn(_ table: String, from: String, to: String) {
        script.guarded("\(Catalog.column(table, from)) AND NOT \(Catalog.column(table, to))",
                       alter(table, "RENAME COLUMN \(MySQL.ident(from)) TO \(MySQL.ident(to))", target.renameColumn, .metadata))
    }

    /// MODIFY to another type copies the table. MySQL has no USING: the engine converts
    /// values itself (strict mode fails on values that do not fit), so a `using` expression
    /// needs the expand_contract mode, where the backfill applies it.
    mutating func alterColumnType(_ table: String, _ column: String, type: ColumnType, using: DialectText?) {
        if using != nil {
            script.comment("MySQL has no ALTER ... USING: values are converted by the engine, not by the 'using' expression.")
        }
        let done = Catalog.column(table, column, where: MySQLType.matches(type))
        copyingAlter(table, "MODIFY COLUMN \(MySQL.ident(column)) \(MySQLType.sql(type))",
                     built: restated(table, column, type: type, nullable: nil, algorithm: .copy), done: done)
    }

    /// MODIFY restates the whole column: the type from the spec (`type:`) or, without one, as
    /// information_schema has it when the script runs; everything else is read back from there.
    mutating func changeNullability(_ table: String, _ column: String, type: ColumnType?, nullable: Bool) {
        let pending = Catalog.column(table, column, where: "c.IS_NULLABLE = \(nullable ? "'NO'" : "'YES'")")
        // Making a column NOT NULL rebuilds the table in place; strict sql_mode makes it fail on NULLs.
        script.guarded(pending, built: restated(table, column, type: type, nullable: nullable, algorithm: .inplace),
                       builtEffect(table, .inplace, nullable ? .column : .rebuild))
    }

    /// `ALTER TABLE t MODIFY COLUMN c <type> [CHARACTER SET .. COLLATE ..] <nullability> [DEFAULT ..]
    /// [ON UPDATE ..] [AUTO_INCREMENT] [COMMENT ..]`, built when the script runs from the column's
    /// information_schema row, so the rewrite keeps what the spec does not change. `type: nil`
    /// keeps the column's type, `nullable: nil` its nullability.
    func restated(_ table: String, _ column: String, type: ColumnType?, nullable: Bool?, algorithm: Algorithm,
                  comment: String? = nil) -> String {
        let head = MySQL.literal("ALTER TABLE \(MySQL.ident(table)) MODIFY COLUMN \(MySQL.ident(column)) ")
        let typeText = type.map { MySQL.literal(MySQLType.sql($0)) } ?? "c.COLUMN_TYPE"
        let charset = (type.map(MySQLType.takesCharset) ?? true) ? ", " + Catalog.restatedCharset() : ""
        let nullability = nullable.map { MySQL.literal($0 ? " NULL" : " NOT NULL") }
            ?? "IF(c.IS_NULLABLE = 'YES', ' NULL', ' NOT NULL')"
        // A type that stays the same keeps ON UPDATE, whose precision is the type's.
        let sameType = type.map { "IF(\(MySQLType.matches($0)), \(Catalog.restatedOnUpdate()), '')" } ?? Catalog.restatedOnUpdate()
        let commentText = comment ?? Catalog.restatedComment()
        let tail = MySQL.literal(", \(algorithm.rawValue)")
        return """
        (SELECT CONCAT(\(head), \(typeText)\(charset), \(nullability), \(Catalog.restatedDefault()), \(sameType), \
        \(Catalog.restatedAutoIncrement()), \(commentText), \(tail))
             \(Catalog.columnRow(table, column)))
        """
    }

    /// Defaults live in the table's metadata: instant on both engines, and harmless to repeat.
    /// (The guard only keeps a re-run from failing when a later step renamed the table.)
    mutating func setDefault(_ table: String, _ column: String, value: DefaultValue, type: ColumnType?) {
        let present = Catalog.column(table, column)
        if type == nil && MySQLExpression.isCurrentTimestamp(value) {
            // CURRENT_TIMESTAMP must carry the column's fractional-second precision, read when the script runs.
            let head = MySQL.literal("ALTER TABLE \(MySQL.ident(table)) ALTER COLUMN \(MySQL.ident(column)) SET DEFAULT CURRENT_TIMESTAMP")
            let precision = "IF(\(Catalog.columnField("DATETIME_PRECISION", table, column)) > 0, CONCAT('(', \(Catalog.columnField("DATETIME_PRECISION", table, column)), ')'), '')"
            script.guarded(present, built: "CONCAT(\(head), \(precision), \(MySQL.literal(", \(Algorithm.instant.rawValue)")))",
                           builtEffect(table, .instant, .metadata))
            return
        }
        let clause = "ALTER COLUMN \(MySQL.ident(column)) SET DEFAULT \(MySQLExpression.defaultClause(value, type: type))"
        script.guarded(present, alter(table, clause, .instant, .metadata))
    }

    mutating func dropDefault(_ table: String, _ column: String) {
        script.guarded(Catalog.column(table, column), alter(table, "ALTER COLUMN \(MySQL.ident(column)) DROP DEFAULT", .instant, .metadata))
    }
}
