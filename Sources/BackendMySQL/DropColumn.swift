import Planner
import PlanSpec

/// The soft drop_column of expand_contract: the column waits under its graveyard name until
/// contract drops it. New code no longer writes it, so forward releases a NOT NULL that has no
/// default (every insert of new code would fail on it), and rollback gives it back.
extension StepWriter {
    private static var mark: String { Plan.releasedNotNullMark }

    /// The graveyard column's comment carries the mark while its NOT NULL is released.
    private static func marked(_ table: String, _ column: String) -> String {
        Catalog.column(table, column, where: "CAST(LEFT(c.COLUMN_COMMENT, \(mark.count)) AS BINARY) = CAST(\(MySQL.literal(mark)) AS BINARY)")
    }

    /// NOT NULL without a default, nor AUTO_INCREMENT, nor generated: an insert that leaves the
    /// column out fails. MODIFY to NULL rebuilds the table in place (instant on MariaDB 10.4+),
    /// with reads and writes going on; the type, character set, collation, ON UPDATE and comment
    /// are restated as information_schema has them, the comment after the mark.
    mutating func releaseNotNull(_ table: String, _ column: String) {
        let refuses = Catalog.column(table, column, where: """
            c.IS_NULLABLE = 'NO' AND NOT \(Catalog.hasDefault()) AND LOWER(c.EXTRA) NOT LIKE '%auto_increment%' \
            AND LOWER(c.EXTRA) NOT LIKE '%generated%'
            """)
        let comment = "CONCAT(' COMMENT ', QUOTE(CONCAT(\(MySQL.literal(Self.mark)), c.COLUMN_COMMENT)))"
        script.guarded("\(refuses) AND NOT \(Self.marked(table, column))",
                       built: restated(table, column, type: nil, nullable: true, algorithm: .inplace, comment: comment),
                       builtEffect(table, .inplace, .column))
    }

    /// Rows new code inserted since forward hold NULL there: rollback stops, naming how many,
    /// until they are filled or deleted (old code cannot read them as it wrote them).
    mutating func restoreNotNull(_ table: String, _ column: String) {
        let marked = Self.marked(table, column)
        script.statement("SET @plancc_violations = 0")
        script.guarded(marked, "SELECT COUNT(*) FROM \(MySQL.ident(table)) WHERE \(MySQL.ident(column)) IS NULL INTO @plancc_violations",
                       .count(table))
        script.require("@plancc_violations = 0", built: "CONCAT('plancc: ', @plancc_violations, \(MySQL.literal(" rows of \(table) have \(column) NULL (inserted since forward): fill or delete them, then re-run rollback")))")
        let rest = "SUBSTRING(c.COLUMN_COMMENT, \(Self.mark.count + 1))"
        let comment = "IF(\(rest) = '', '', CONCAT(' COMMENT ', QUOTE(\(rest))))"
        script.guarded(marked, built: restated(table, column, type: nil, nullable: false, algorithm: .inplace, comment: comment),
                       builtEffect(table, .inplace, .rebuild))
    }
}
