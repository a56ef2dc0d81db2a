import Planner
import PlanSpec

/// At contract, the new column of an expand/contract rename or type change takes over the old
/// column's NOT NULL and (for a rename) its default, as the catalog has them when the script runs.
///
/// NOT NULL follows set_not_null's path, so no full scan runs under an exclusive lock: a
/// `CHECK (new IS NOT NULL) NOT VALID`, validated in its own transaction, then `SET NOT NULL`.
/// The check and its validation are the change's *preparation*: they run before the sync
/// trigger is dropped, while it still copies every write of the old column into the new one.
/// The take-over itself runs in the transaction that drops the trigger and the old column, so
/// no write lands between the trigger going and the old column going.
enum ColumnAdoption {
    /// Stops contract, before anything is changed, while a row has the old column set and the
    /// new one not equal to its copy (`value`): a backfill that was killed or never run. Counted
    /// when the script runs, with statement_timeout lifted for the scan; skipped once either
    /// column is gone, so a re-run after the drop goes past it.
    static func requireCopied(table: String, from: String, to: String, value: Expression) -> [Piece] {
        let t = SQL.ident(table), old = SQL.ident(from), new = SQL.ident(to)
        let body = """
            #variable_conflict use_column
            DECLARE
                _plancc_left bigint;
            BEGIN
                SELECT count(*) INTO _plancc_left FROM \(t)
                 WHERE \(old) IS NOT NULL AND \(new) IS DISTINCT FROM \(SQL.expression(value));
                IF _plancc_left > 0 THEN
                    RAISE EXCEPTION 'plancc contract: % row(s) of % have % set but % not yet copied from it; nothing was dropped',
                        _plancc_left, \(SQL.literal(t)), \(SQL.literal(old)), \(SQL.literal(new))
                        USING HINT = 'Run backfill.sql again until it finishes, then run contract.sql again.';
                END IF;
            END

            """
        let both = Columns.exists(table, from) + " AND " + Columns.exists(table, to)
        // Outside a transaction (it takes no lock a retry would need), with statement_timeout
        // lifted for the scan and put back as the script had it.
        return [.autocommit("""
            SELECT current_setting('statement_timeout') AS plancc_statement_timeout \\gset
            SET statement_timeout = 0;
            DO \(SQL.dollarQuoted(body));
            SET statement_timeout = :'plancc_statement_timeout';
            """, onlyIf: both)]
    }

    /// Runs only while the old column is NOT NULL and the new one exists and is not, so a re-run
    /// (or a column that allows NULL) skips it.
    static func proof(table: String, from: String, to: String) -> [Piece] {
        let check = Plan.notNullCheckName(table: table, column: to)
        let needed = Columns.exists(table, from, where: "a.attnotnull") + " AND " + Columns.exists(table, to, where: "NOT a.attnotnull")
        return Constraints.notNullCheck(table: table, name: check, column: to).map { $0.requiring(needed) }
            + Constraints.validate(table: table, name: check)
    }

    static func takeOver(table: String, from: String, to: String, includeDefault: Bool) -> [Piece] {
        let check = Plan.notNullCheckName(table: table, column: to)
        var declare = ""
        var body = ""
        if includeDefault {
            // A serial's sequence belongs to the old column: re-owned, it does not go with it.
            declare = """
                DECLARE
                    _plancc_default text;
                    _plancc_sequence text;

                """
            body += """
                    SELECT pg_get_expr(d.adbin, d.adrelid), pg_get_serial_sequence(\(SQL.literal(SQL.ident(table))), a.attname)
                      INTO _plancc_default, _plancc_sequence
                      FROM pg_catalog.pg_attribute a
                      JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                     WHERE a.attrelid = \(SQL.regclass(table)) AND a.attname = \(SQL.literal(from))
                       AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
                    IF _plancc_default IS NOT NULL THEN
                        EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET DEFAULT %s', \(SQL.literal(table)), \(SQL.literal(to)), _plancc_default);
                    END IF;
                    IF _plancc_sequence IS NOT NULL THEN
                        EXECUTE format('ALTER SEQUENCE %s OWNED BY %I.%I', _plancc_sequence, \(SQL.literal(table)), \(SQL.literal(to)));
                    END IF;

                """
        }
        // The check exists only where the old column was NOT NULL; validated, it spares SET NOT NULL the scan.
        body += """
                IF EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conrelid = \(SQL.regclass(table)) AND c.conname = \(SQL.literal(check))) THEN
                    ALTER TABLE \(SQL.ident(table)) ALTER COLUMN \(SQL.ident(to)) SET NOT NULL;
                END IF;

            """
        let block = "DO \(SQL.dollarQuoted(declare + "BEGIN\n" + body + "END\n"));"
        return [.transaction(block)] + Constraints.drop(table: table, name: check)
    }
}
