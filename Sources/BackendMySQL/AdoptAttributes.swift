import Planner
import PlanSpec

/// Contract of an expand_contract rename or type change: the new column takes over the old
/// one's NOT NULL (and, for a rename, its default; a type change's comes over at the swap,
/// `swapColumn`) before the old column is dropped.
extension StepWriter {
    /// Stops contract before any of its steps while a row has the old column set and the new
    /// one not equal to its copy (`value`): a backfill killed part-way or never run. Counted
    /// when the script runs; skipped once either column is gone, so a re-run after the drop goes on.
    mutating func requireCopied(_ table: String, from: String, to: String, value: Expression) {
        // A key column cannot be handed over (forward refuses it too, unless an older plancc wrote it).
        requireReplaceable(table, from)
        let t = MySQL.ident(table), old = MySQL.ident(from), new = MySQL.ident(to)
        script.statement("SET @plancc_uncopied = 0")
        script.guarded("\(Catalog.column(table, from)) AND \(Catalog.column(table, to))",
                       "SELECT COUNT(*) FROM \(t) WHERE \(old) IS NOT NULL AND NOT \(MySQL.same(new, MySQLExpression.sql(value))) INTO @plancc_uncopied",
                       .count(table))
        // SIGNAL keeps 128 characters: the count and the columns first.
        let message = "CONCAT('plancc: ', @plancc_uncopied, \(MySQL.literal(" rows of \(table).\(from) not copied to \(to), nothing dropped: finish backfill.sql, re-run contract")))"
        script.require("@plancc_uncopied = 0", built: message)
        if to != Plan.shadowName(from) { requireNoTriggerNames(table, from, to) } else { requireNothingLost(table, from, to) }
        requireNoDependents(table, from)
    }

    /// A type change's contract drops the old column in the ALTER that renames the new one to its
    /// name, and the server drops with it, silently, every index over it (one over several columns
    /// loses the column instead) and every CHECK constraint that names it (MariaDB 10.11; MySQL
    /// does the same). So contract stops, naming them, while any is left: once recreated on the new
    /// column and dropped, contract runs, and what is on the new column follows its name.
    private mutating func requireNothingLost(_ table: String, _ from: String, _ to: String) {
        let t = MySQL.nameLiteral(table), old = MySQL.nameLiteral(from)
        // What the same contract drops itself (drop_index, drop_constraint) is left out.
        let dropped = upcoming.compactMap { step -> String? in
            switch step.action {
            case let .dropIndex(on, name) where on == table: name
            case let .dropConstraint(on, name) where on == table: name
            default: nil
            }
        }
        let kept = dropped.isEmpty ? "" : " WHERE lost.name NOT IN (\(dropped.map(MySQL.nameLiteral).joined(separator: ", ")))"
        script.statement("SET @plancc_lost = NULL")
        script.guarded("\(Catalog.column(table, from)) AND \(Catalog.column(table, to))", """
            SELECT GROUP_CONCAT(lost.what ORDER BY lost.what SEPARATOR ', ') FROM (
              SELECT DISTINCT CONCAT('index ', s.INDEX_NAME) AS what, s.INDEX_NAME AS name FROM information_schema.STATISTICS s
               WHERE s.TABLE_SCHEMA = DATABASE() AND s.TABLE_NAME = \(t) AND s.COLUMN_NAME = \(old) AND s.INDEX_NAME <> 'PRIMARY'
              UNION
              SELECT CONCAT('check ', tc.CONSTRAINT_NAME), tc.CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS tc
                JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
               WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.TABLE_NAME = \(t) AND tc.CONSTRAINT_TYPE = 'CHECK'
                 AND LOCATE(\(MySQL.literal(MySQL.ident(from))), cc.CHECK_CLAUSE) > 0) lost\(kept) INTO @plancc_lost
            """, .catalogQuery)
        let message = "CONCAT('plancc: ', @plancc_lost, \(MySQL.literal(" use \(table).\(from), dropped with it: recreate on \(to), drop them, re-run contract")))"
        script.require("@plancc_lost IS NULL", built: message)
    }

    /// DDL is not transactional here: contract drops the sync triggers before the old column, so
    /// a DROP COLUMN refused then (a generated column computed from it) would leave new code's
    /// writes unsynced. Contract stops first, naming them, while a generated column of the table
    /// or a view of the database uses the old column (MySQL and MariaDB store both with the
    /// column's name in backquotes).
    private mutating func requireNoDependents(_ table: String, _ column: String) {
        script.statement("SET @plancc_dependents = NULL")
        script.guarded(Catalog.column(table, column), Catalog.dependentsOf(table, column) + " INTO @plancc_dependents", .catalogQuery)
        let message = "CONCAT('plancc: ', @plancc_dependents, \(MySQL.literal(" use \(column): change them first, re-run contract")))"
        script.require("@plancc_dependents IS NULL", built: message)
    }

    /// A rename's contract drops the old column, which MySQL and MariaDB let go even while a
    /// trigger of the table names it: from then on every write fails ("Unknown column ... in
    /// 'NEW'"). So contract stops, naming them, while a trigger of the table other than plancc's
    /// uses the old column of its row (`NEW.old`, `OLD.old`) outside string literals and comments.
    private mutating func requireNoTriggerNames(_ table: String, _ from: String, _ to: String) {
        script.statement("SET @plancc_triggers = NULL")
        script.guarded("\(Catalog.column(table, from)) AND \(Catalog.column(table, to))",
                       Catalog.triggerNamesUsing(table, from) + " INTO @plancc_triggers", .catalogQuery)
        let message = "CONCAT('plancc: trigger(s) ', @plancc_triggers, \(MySQL.literal(" use \(from), which contract drops: make them use \(to), re-run contract")))"
        script.require("@plancc_triggers IS NULL", built: message)
    }

    /// Reads both columns from information_schema when the script runs and MODIFYs the new one
    /// (restating its own COLUMN_TYPE, character set, collation and comment, which forward
    /// copied from the old one) only while it lacks what the old one has.
    ///
    /// A MODIFY that adds NOT NULL rebuilds the table: on InnoDB in place, with reads and writes
    /// going on (both engines, strict sql_mode); an engine that can only copy (MyISAM, Aria)
    /// refuses `ALGORITHM=INPLACE` rather than lock writes. A default alone is metadata only.
    mutating func adoptColumnAttributes(_ table: String, from: String, to: String, includeDefault: Bool) {
        let both = """
        FROM information_schema.COLUMNS o JOIN information_schema.COLUMNS n \
        ON n.TABLE_SCHEMA = o.TABLE_SCHEMA AND n.TABLE_NAME = o.TABLE_NAME \
        WHERE o.TABLE_SCHEMA = DATABASE() AND o.TABLE_NAME = \(MySQL.nameLiteral(table)) \
        AND o.COLUMN_NAME = \(MySQL.nameLiteral(from)) AND n.COLUMN_NAME = \(MySQL.nameLiteral(to))
        """
        let lacksNotNull = "o.IS_NULLABLE = 'NO' AND n.IS_NULLABLE = 'YES'"
        // Compared as bytes: information_schema's collation ignores case and trailing spaces.
        let sameDefault = """
        \(Catalog.hasDefault("n")) AND CAST(n.COLUMN_DEFAULT AS BINARY) = CAST(o.COLUMN_DEFAULT AS BINARY) \
        AND (n.EXTRA LIKE '%DEFAULT_GENERATED%') = (o.EXTRA LIKE '%DEFAULT_GENERATED%')
        """
        let pending = includeDefault
            ? "(\(lacksNotNull)) OR (\(Catalog.hasDefault("o")) AND NOT (\(sameDefault)))"
            : lacksNotNull

        // Rows that new code left NULL would fail the MODIFY with a bare error: say which column.
        script.statement("SET @plancc_violations = 0")
        script.guarded("EXISTS (SELECT 1 \(both) AND \(lacksNotNull))",
                       "SELECT EXISTS (SELECT 1 FROM \(MySQL.ident(table)) WHERE \(MySQL.ident(to)) IS NULL) INTO @plancc_violations",
                       .count(table))
        script.require("@plancc_violations = 0",
                       "plancc: \(table).\(to) has NULLs but \(from) is NOT NULL: fill them, then re-run")

        let head = MySQL.literal("ALTER TABLE \(MySQL.ident(table)) MODIFY COLUMN \(MySQL.ident(to)) ")
        let defaultText = includeDefault
            ? "IF(\(Catalog.hasDefault("o")), \(Catalog.defaultClause("o")), \(Catalog.restatedDefault("n")))"
            : Catalog.restatedDefault("n")
        let tail = MySQL.literal(", \(Algorithm.inplace.rawValue)")
        script.guarded("EXISTS (SELECT 1 \(both) AND (\(pending)))", built: """
        (SELECT CONCAT(\(head), n.COLUMN_TYPE, \(Catalog.restatedCharset("n")), \
        IF(o.IS_NULLABLE = 'NO' OR n.IS_NULLABLE = 'NO', ' NOT NULL', ' NULL'), \(defaultText), \(Catalog.restatedComment("n")), \(tail))
             \(both))
        """, builtEffect(table, .inplace, .rebuild))
    }
}
