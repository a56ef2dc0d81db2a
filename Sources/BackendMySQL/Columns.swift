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
            script.guarded(absent, alter(table, clause, .instant))
        }
    }

    /// The new column of an expand_contract rename or type change: nullable, since old code
    /// does not write it (the sync trigger does). Without a type, it copies the type of
    /// `like` from information_schema when the script runs.
    mutating func addShadowColumn(_ table: String, _ column: String, like: String, type: ColumnType?) {
        let absent = "NOT \(Catalog.column(table, column))"
        if let type {
            script.guarded(absent, alter(table, "ADD COLUMN \(MySQL.ident(column)) \(MySQLType.sql(type)) NULL", .instant))
        } else {
            let head = MySQL.literal("ALTER TABLE \(MySQL.ident(table)) ADD COLUMN \(MySQL.ident(column)) ")
            let tail = MySQL.literal(" NULL, \(Algorithm.instant.rawValue)")
            script.guarded(absent, built: "CONCAT(\(head), \(Catalog.columnField("COLUMN_TYPE", table, like)), \(tail))")
        }
    }

    /// Rebuilds the table in place, online (INSTANT needs MySQL 8.0.29+; MariaDB 10.4+ has it).
    mutating func dropColumn(_ table: String, _ column: String) {
        var present = Catalog.column(table, column)
        // When a later step renames another column to this name (the swap at the end of a type
        // change), a re-run must not drop the renamed one: drop only while that one is still there.
        for step in upcoming {
            if case let .renameColumn(t, from, to) = step.action, t == table, to == column {
                present += " AND \(Catalog.column(table, from))"
            }
        }
        script.guarded(present, alter(table, "DROP COLUMN \(MySQL.ident(column))", .inplace))
    }

    /// RENAME COLUMN (MySQL 8.0, MariaDB 10.5+) changes metadata only.
    mutating func renameColumn(_ table: String, from: String, to: String) {
        script.guarded("\(Catalog.column(table, from)) AND NOT \(Catalog.column(table, to))",
                       alter(table, "RENAME COLUMN \(MySQL.ident(from)) TO \(MySQL.ident(to))", .inplace))
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

    /// MODIFY restates the whole column; the spec gives its type (`type:`), and the default
    /// is read back from information_schema so that it survives.
    mutating func changeNullability(_ table: String, _ column: String, type: ColumnType?, nullable: Bool) {
        guard let type else {
            script.comment("Nothing to run: MySQL needs the column's type to change its nullability ('type' is missing).")
            return
        }
        let pending = Catalog.column(table, column, where: "c.IS_NULLABLE = \(nullable ? "'NO'" : "'YES'")")
        // Making a column NOT NULL rebuilds the table in place; strict sql_mode makes it fail on NULLs.
        script.guarded(pending, built: restated(table, column, type: type, nullable: nullable, algorithm: .inplace))
    }

    /// `ALTER TABLE t MODIFY COLUMN c <type> <nullability> [DEFAULT <current default>]`, built when
    /// the script runs. `nullable: nil` keeps the current nullability.
    /// ON UPDATE clauses and column comments are not restated.
    private func restated(_ table: String, _ column: String, type: ColumnType, nullable: Bool?, algorithm: Algorithm) -> String {
        let head = MySQL.literal("ALTER TABLE \(MySQL.ident(table)) MODIFY COLUMN \(MySQL.ident(column)) \(MySQLType.sql(type))")
        let nullability = nullable.map { MySQL.literal($0 ? " NULL" : " NOT NULL") }
            ?? "IF(c.IS_NULLABLE = 'YES', ' NULL', ' NOT NULL')"
        let tail = MySQL.literal(", \(algorithm.rawValue)")
        return """
        (SELECT CONCAT(\(head), \(nullability), \(Catalog.restatedDefault()), \(tail))
             FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = DATABASE() \
        AND c.TABLE_NAME = \(MySQL.nameLiteral(table)) AND c.COLUMN_NAME = \(MySQL.nameLiteral(column)))
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
            script.guarded(present, built: "CONCAT(\(head), \(precision), \(MySQL.literal(", \(Algorithm.instant.rawValue)")))")
            return
        }
        let clause = "ALTER COLUMN \(MySQL.ident(column)) SET DEFAULT \(MySQLExpression.defaultClause(value, type: type))"
        script.guarded(present, alter(table, clause, .instant))
    }

    mutating func dropDefault(_ table: String, _ column: String) {
        script.guarded(Catalog.column(table, column), alter(table, "ALTER COLUMN \(MySQL.ident(column)) DROP DEFAULT", .instant))
    }
}
