import Planner
import PlanSpec

/// The soft drop_column of expand_contract: the column waits under its graveyard name until
/// contract drops it. New code no longer writes it, so forward releases a NOT NULL that has no
/// default (every insert of new code would fail on it), marking the column's comment; rollback
/// gives the NOT NULL back on set_not_null's path, without a scan under an exclusive lock.
enum DropColumn {
    private static var mark: String { Plan.releasedNotNullMark }

    /// The column's `pg_attribute` row `a`, with `condition` on it.
    private static func column(_ table: String, _ column: String, _ condition: String) -> String {
        Columns.exists(table, column, where: condition)
    }

    private static func marked(_ table: String, _ name: String) -> String {
        column(table, name, "left(col_description(a.attrelid, a.attnum), \(mark.count)) = \(SQL.literal(mark))")
    }

    /// Dropping NOT NULL changes the catalog only (a brief ACCESS EXCLUSIVE lock, no scan). An
    /// identity or generated column, or one with a default, is left as it is: inserts fill it.
    static func releaseNotNull(table: String, column name: String) -> [Piece] {
        let refuses = column(table, name, "a.attnotnull AND NOT a.atthasdef AND a.attidentity = '' AND a.attgenerated = ''")
            + " AND NOT " + marked(table, name)
        let body = """
            BEGIN
                IF \(refuses) THEN
                    ALTER TABLE \(SQL.ident(table)) ALTER COLUMN \(SQL.ident(name)) DROP NOT NULL;
                    EXECUTE format('COMMENT ON COLUMN %I.%I IS %L', \(SQL.literal(table)), \(SQL.literal(name)),
                        \(SQL.literal(mark)) || coalesce((SELECT col_description(a.attrelid, a.attnum) FROM pg_catalog.pg_attribute a
                         WHERE a.attrelid = \(SQL.regclass(table)) AND a.attname = \(SQL.literal(name))), ''));
                END IF;
            END

            """
        return [.transaction("DO \(SQL.dollarQuoted(body));", .catalog(table))]
    }

    /// Rows new code inserted since forward hold NULL there: rollback stops, naming how many,
    /// until they are filled or deleted. Then NOT NULL comes back as set_not_null does it: a
    /// `CHECK (column IS NOT NULL) NOT VALID`, validated in its own transaction (a lock that lets
    /// reads and writes go on), then `SET NOT NULL`, which uses it instead of scanning. The column
    /// gets its `original` name back first, in the same transaction (rollback's next step, the
    /// rename, then finds it done), so that PostgreSQL 18 names the NOT NULL constraint it makes
    /// as it named the original one (`<table>_<column>_not_null`).
    ///
    /// With `notNullNotValid` (PostgreSQL 18) the proof is that constraint itself, under that
    /// name: `ADD CONSTRAINT <table>_<original>_not_null NOT NULL column NOT VALID`, validated
    /// apart; the `SET NOT NULL` after it then changes nothing, and the drop only removes a check
    /// an earlier run of the < 18 scripts may have left.
    static func restoreNotNull(table: String, column name: String, original: String, notNullNotValid: Bool = false) -> [Piece] {
        let marked = marked(table, name)
        let check = Plan.notNullCheckName(table: table, column: name)
        let proof = notNullNotValid ? GeneratedNames.notNullConstraint(table: table, column: original) : check
        let add: [Piece] = notNullNotValid
            ? [.transaction("ALTER TABLE \(SQL.ident(table)) ADD CONSTRAINT \(SQL.ident(proof)) NOT NULL \(SQL.ident(name)) NOT VALID;",
                            .catalog(table), onlyIf: marked + " AND " + column(table, name, "NOT a.attnotnull"))]
            : Constraints.notNullCheck(table: table, name: check, column: name).map { $0.requiring(marked) }
        let count = """
            DECLARE
                _plancc_nulls bigint;
            BEGIN
                SELECT count(*) INTO _plancc_nulls FROM \(SQL.ident(table)) WHERE \(SQL.ident(name)) IS NULL;
                IF _plancc_nulls > 0 THEN
                    RAISE EXCEPTION 'plancc rollback: % row(s) of % have % NULL (inserted since forward); nothing was changed',
                        _plancc_nulls, \(SQL.literal(SQL.ident(table))), \(SQL.literal(SQL.ident(name)))
                        USING HINT = 'Fill or delete them, then run rollback.sql again.';
                END IF;
            END

            """
        let restore = """
            BEGIN
                ALTER TABLE \(SQL.ident(table)) RENAME COLUMN \(SQL.ident(name)) TO \(SQL.ident(original));
                ALTER TABLE \(SQL.ident(table)) ALTER COLUMN \(SQL.ident(original)) SET NOT NULL;
                EXECUTE format('COMMENT ON COLUMN %I.%I IS %L', \(SQL.literal(table)), \(SQL.literal(original)),
                    nullif(substr((SELECT col_description(a.attrelid, a.attnum) FROM pg_catalog.pg_attribute a
                     WHERE a.attrelid = \(SQL.regclass(table)) AND a.attname = \(SQL.literal(original))), \(mark.count + 1)), ''));
                ALTER TABLE \(SQL.ident(table)) DROP CONSTRAINT IF EXISTS \(SQL.ident(check));
            END

            """
        // The count runs outside a transaction with statement_timeout lifted, as contract's copy check does.
        return [.autocommit("""
            SELECT current_setting('statement_timeout') AS plancc_statement_timeout \\gset
            SET statement_timeout = 0;
            DO \(SQL.dollarQuoted(count));
            SET statement_timeout = :'plancc_statement_timeout';
            """, .check, .scan(table, .accessShare), onlyIf: marked, liftsStatementTimeout: true)]
            + add
            + Constraints.validate(table: table, name: proof)
            + [.transaction("DO \(SQL.dollarQuoted(restore));", .catalog(table), onlyIf: marked)]
    }
}
