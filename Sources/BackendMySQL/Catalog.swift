import PlanSpec
/// Conditions on information_schema, the guards of every step and the checks of verify.
/// All look in the current database (`DATABASE()`).
enum Catalog {
    private static func here(_ table: String, alias: String) -> String {
        "\(alias).TABLE_SCHEMA = DATABASE() AND \(alias).TABLE_NAME = \(MySQL.nameLiteral(table))"
    }

    /// A base table (not a view) of that name.
    static func tableExists(_ table: String) -> String {
        "EXISTS (SELECT 1 FROM information_schema.TABLES t WHERE \(here(table, alias: "t")) AND t.TABLE_TYPE = 'BASE TABLE')"
    }

    /// Any table or view of that name.
    static func relationExists(_ name: String) -> String {
        "EXISTS (SELECT 1 FROM information_schema.TABLES t WHERE \(here(name, alias: "t")))"
    }

    static func viewExists(_ name: String) -> String {
        "EXISTS (SELECT 1 FROM information_schema.VIEWS t WHERE \(here(name, alias: "t")))"
    }

    /// The column exists, and `condition` (over alias `c`) holds for it when given.
    static func column(_ table: String, _ column: String, where condition: String? = nil) -> String {
        let extra = condition.map { " AND \($0)" } ?? ""
        return "EXISTS (SELECT 1 FROM information_schema.COLUMNS c WHERE \(here(table, alias: "c")) AND c.COLUMN_NAME = \(MySQL.nameLiteral(column))\(extra))"
    }

    /// A subquery giving one field of the column's information_schema row.
    static func columnField(_ field: String, _ table: String, _ column: String) -> String {
        "(SELECT c.\(field) FROM information_schema.COLUMNS c WHERE \(here(table, alias: "c")) AND c.COLUMN_NAME = \(MySQL.nameLiteral(column)))"
    }

    /// The information_schema.COLUMNS row `alias` has a default. MySQL reports no default as
    /// NULL; MariaDB may report the text `NULL`.
    static func hasDefault(_ alias: String = "c") -> String {
        "(\(alias).COLUMN_DEFAULT IS NOT NULL AND \(alias).COLUMN_DEFAULT <> 'NULL')"
    }

    /// `' DEFAULT <value>'` (or `''`) restating the default of the information_schema.COLUMNS
    /// row `alias`, for a MODIFY.
    static func restatedDefault(_ alias: String = "c") -> String {
        "IF(\(hasDefault(alias)), \(defaultClause(alias)), '')"
    }

    /// `' DEFAULT <value>'` from the row `alias`, which has a default. MariaDB reports a default
    /// as SQL text; MySQL reports the bare value, and marks expression defaults DEFAULT_GENERATED.
    static func defaultClause(_ alias: String) -> String {
        """
        CONCAT(' DEFAULT ', IF(VERSION() LIKE '%MariaDB%', \(alias).COLUMN_DEFAULT, \
        IF(\(alias).EXTRA LIKE '%DEFAULT_GENERATED%', CONCAT('(', \(alias).COLUMN_DEFAULT, ')'), QUOTE(\(alias).COLUMN_DEFAULT))))
        """
    }

    /// The information_schema.COLUMNS row of a column, as `alias`, for a statement built from it.
    static func columnRow(_ table: String, _ column: String, alias: String = "c") -> String {
        "FROM information_schema.COLUMNS \(alias) WHERE \(here(table, alias: alias)) AND \(alias).COLUMN_NAME = \(MySQL.nameLiteral(column))"
    }

    // MARK: What a rewrite of a column must restate
    //
    // `MODIFY`, `CHANGE` and `ADD COLUMN` take the whole definition: what they leave out is
    // lost (the table's default character set and collation replace the column's, the comment,
    // ON UPDATE and AUTO_INCREMENT go). Each piece is a SQL string expression over the
    // information_schema.COLUMNS row `alias`, so the statement is built when the script runs.

    /// `' CHARACTER SET x COLLATE y'` of a character column, else `''`. Only for a target type
    /// that takes one (`MySQLType.takesCharset`): a number has no character set.
    static func restatedCharset(_ alias: String = "c") -> String {
        "IF(\(alias).CHARACTER_SET_NAME IS NULL, '', CONCAT(' CHARACTER SET ', \(alias).CHARACTER_SET_NAME, ' COLLATE ', \(alias).COLLATION_NAME))"
    }

    /// `' COMMENT '...''` when the column has one, else `''`. (QUOTE escapes with backslashes,
    /// which every script's session reads as escapes.)
    static func restatedComment(_ alias: String = "c") -> String {
        "IF(\(alias).COLUMN_COMMENT = '', '', CONCAT(' COMMENT ', QUOTE(\(alias).COLUMN_COMMENT)))"
    }

    /// `' ON UPDATE ...'` (MariaDB and MySQL both report it in EXTRA), else `''`. Only with the
    /// column's own type: the clause names the type's precision.
    static func restatedOnUpdate(_ alias: String = "c") -> String {
        "IF(LOCATE('on update ', LOWER(\(alias).EXTRA)) > 0, CONCAT(' ', SUBSTRING(\(alias).EXTRA, LOCATE('on update ', LOWER(\(alias).EXTRA)))), '')"
    }

    /// `' AUTO_INCREMENT'` when the column has it, else `''`.
    static func restatedAutoIncrement(_ alias: String = "c") -> String {
        "IF(LOWER(\(alias).EXTRA) LIKE '%auto_increment%', ' AUTO_INCREMENT', '')"
    }

    static func index(_ table: String, _ name: String, where condition: String? = nil) -> String {
        let extra = condition.map { " AND \($0)" } ?? ""
        return "EXISTS (SELECT 1 FROM information_schema.STATISTICS s WHERE \(here(table, alias: "s")) AND s.INDEX_NAME = \(MySQL.nameLiteral(name))\(extra))"
    }

    /// An index's key parts as `MySQL.ident` spells them, `(prefix)` after a prefix part,
    /// joined by ", ": what verify compares with the columns asked for.
    static func indexColumns(_ table: String, _ name: String) -> String {
        "(SELECT GROUP_CONCAT(CONCAT('`', REPLACE(s.COLUMN_NAME, '`', '``'), '`', IFNULL(CONCAT('(', s.SUB_PART, ')'), '')) "
            + "ORDER BY s.SEQ_IN_INDEX SEPARATOR ', ') FROM information_schema.STATISTICS s "
            + "WHERE \(here(table, alias: "s")) AND s.INDEX_NAME = \(MySQL.nameLiteral(name)))"
    }

    /// A name column of information_schema spelled as `MySQL.ident` spells a name (no 64-byte fit:
    /// the catalog's names already fit), in SQL.
    private static func identified(_ column: String) -> String { "CONCAT('`', REPLACE(\(column), '`', '``'), '`')" }

    /// Whether foreign key `name` references what `shape` says: the referenced table, both
    /// column lists in order and both actions (NO ACTION is RESTRICT on InnoDB, and MariaDB
    /// reports an unsaid action as RESTRICT).
    static func foreignKeyIs(_ table: String, _ name: String, _ shape: ForeignKeyShape) -> String {
        func rule(_ action: ReferentialAction) -> String {
            action == .noAction || action == .restrict ? "IN ('NO ACTION', 'RESTRICT')" : "= \(MySQL.literal(action.sql))"
        }
        func list(_ names: [Name]) -> String { MySQL.literal(names.map { MySQL.ident($0.value) }.joined(separator: ", ")) }
        func parts(_ column: String) -> String {
            "(SELECT GROUP_CONCAT(\(identified("u." + column)) ORDER BY u.ORDINAL_POSITION SEPARATOR ', ') "
                + "FROM information_schema.KEY_COLUMN_USAGE u WHERE u.CONSTRAINT_SCHEMA = DATABASE() "
                + "AND u.TABLE_NAME = \(MySQL.nameLiteral(table)) AND u.CONSTRAINT_NAME = \(MySQL.nameLiteral(name)))"
        }
        let conditions: [String] = [
            "r.CONSTRAINT_SCHEMA = DATABASE()",
            "r.TABLE_NAME = \(MySQL.nameLiteral(table))",
            "r.CONSTRAINT_NAME = \(MySQL.nameLiteral(name))",
            "r.REFERENCED_TABLE_NAME = \(MySQL.nameLiteral(shape.referencedTable.value))",
            "r.DELETE_RULE \(rule(shape.onDelete))",
            "r.UPDATE_RULE \(rule(shape.onUpdate))",
            "\(parts("COLUMN_NAME")) = \(list(shape.columns))",
            "\(parts("REFERENCED_COLUMN_NAME")) = \(list(shape.referencedColumns))",
        ]
        return "EXISTS (SELECT 1 FROM information_schema.REFERENTIAL_CONSTRAINTS r WHERE " + conditions.joined(separator: " AND ") + ")"
    }

    /// A constraint of that name, of `type` (`FOREIGN KEY`, `CHECK`, `UNIQUE`) when given.
    static func constraint(_ table: String, _ name: String, type: String? = nil) -> String {
        let extra = type.map { " AND k.CONSTRAINT_TYPE = \(MySQL.literal($0))" } ?? ""
        return "EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS k WHERE \(here(table, alias: "k")) AND k.CONSTRAINT_NAME = \(MySQL.nameLiteral(name))\(extra))"
    }

    static func primaryKey(_ table: String) -> String {
        "EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS k WHERE \(here(table, alias: "k")) AND k.CONSTRAINT_TYPE = 'PRIMARY KEY')"
    }

    static func trigger(_ name: String) -> String {
        "EXISTS (SELECT 1 FROM information_schema.TRIGGERS g WHERE g.TRIGGER_SCHEMA = DATABASE() AND g.TRIGGER_NAME = \(MySQL.nameLiteral(name)))"
    }

    /// `FROM ... WHERE ...` over the table's own triggers (not plancc's) of one event and timing, alias `t`.
    static func ownTriggers(_ table: String, event: String? = nil, timing: String? = nil) -> String {
        "FROM information_schema.TRIGGERS t WHERE t.EVENT_OBJECT_SCHEMA = DATABASE() AND t.EVENT_OBJECT_TABLE = \(MySQL.nameLiteral(table)) "
            + "AND t.TRIGGER_NAME NOT LIKE '\\_plancc\\_%'"
            + (event.map { " AND t.EVENT_MANIPULATION = '\($0)'" } ?? "")
            + (timing.map { " AND t.ACTION_TIMING = '\($0)'" } ?? "")
    }

    /// A trigger body's code without its string literals and comments, as a SQL expression over `t`.
    static let triggerCode = "REGEXP_REPLACE(t.ACTION_STATEMENT, "
        + MySQL.literal(#"'(''|\\.|[^'\\])*'|"(""|\\.|[^"\\])*"|--[ \t][^\n]*|#[^\n]*|/\*[\s\S]*?\*/"#) + ", ' ')"

    /// True while a trigger of the table's own (of `timing`, when given) reads or writes `column`
    /// of its row: `NEW.column` or `OLD.column` (backquoted or not, any case) in its code, outside
    /// string literals and comments. The name in a message, or as another table's column, is not.
    static func triggersUsing(_ table: String, _ column: String, timing: String? = nil) -> String {
        "EXISTS (SELECT 1 \(ownTriggers(table, timing: timing)) AND \(usesField(column)))"
    }

    /// The names of the table's own triggers that use `column` (as `triggersUsing` reads them), comma-separated.
    static func triggerNamesUsing(_ table: String, _ column: String) -> String {
        "SELECT GROUP_CONCAT(t.TRIGGER_NAME ORDER BY t.TRIGGER_NAME) \(ownTriggers(table)) AND \(usesField(column))"
    }

    /// The generated columns of `table` and the views of the database that use `column`
    /// (`generated c, view v`), or NULL.
    static func dependentsOf(_ table: String, _ column: String) -> String {
        let quoted = MySQL.literal(MySQL.ident(column))
        let qualified = MySQL.literal(MySQL.ident(table) + "." + MySQL.ident(column))
        return "SELECT GROUP_CONCAT(d.what ORDER BY d.what SEPARATOR ', ') FROM ("
            + "SELECT CONCAT('generated ', c.COLUMN_NAME) AS what FROM information_schema.COLUMNS c WHERE \(here(table, alias: "c")) "
            + "AND c.GENERATION_EXPRESSION IS NOT NULL AND LOCATE(\(quoted), c.GENERATION_EXPRESSION) > 0 "
            + "UNION ALL SELECT CONCAT('view ', v.TABLE_NAME) FROM information_schema.VIEWS v WHERE v.TABLE_SCHEMA = DATABASE() "
            + "AND LOCATE(\(qualified), v.VIEW_DEFINITION) > 0) d"
    }

    /// True while trigger `t`'s code reads or writes `column` of its row.
    private static func usesField(_ column: String) -> String {
        let name = MySQL.fit(column).map { $0.isLetter || $0.isNumber || $0 == "_" ? String($0) : "\\" + String($0) }.joined()
        let field = #"(?i)(^|[^a-z0-9_$`])(new|old)\s*\.\s*(`"# + name + "`|" + name + #"([^a-z0-9_$]|$))"#
        return "\(triggerCode) REGEXP \(MySQL.literal(field))"
    }
}
