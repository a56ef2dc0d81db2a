import Planner
import PlanSpec
import PlanSupport

/// At contract, the new column of an expand/contract rename or type change takes over the old
/// column's NOT NULL and its default (converted, for a type change), as the catalog has them
/// when the script runs.
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
    static func requireCopied(table: String, from: String, to: String, value: Expression, type: ColumnType?) -> [Piece] {
        let t = SQL.ident(table), old = SQL.ident(from), new = SQL.ident(to)
        let rename = to != Plan.shadowName(from)
        let body = """
            #variable_conflict use_column
            DECLARE
                _plancc_left bigint;
                _plancc_triggers text;\(rename ? ownTriggerVariables : "")
            BEGIN
                SELECT count(*) INTO _plancc_left FROM \(t)
                 WHERE \(old) IS NOT NULL AND \(Distinct.sql(new, SQL.expression(value), type: type, converted: !rename));
                IF _plancc_left > 0 THEN
                    RAISE EXCEPTION 'plancc contract: % row(s) of % have % set but % not yet copied from it; nothing was dropped',
                        _plancc_left, \(SQL.literal(t)), \(SQL.literal(old)), \(SQL.literal(new))
                        USING HINT = 'Run backfill.sql again until it finishes, then run contract.sql again.';
                END IF;\(rename ? "\n" + ownTriggers(table: table, from: from, to: to) : "")
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
            """, .check, .scan(table, .accessShare), onlyIf: both, liftsStatementTimeout: true)]
    }

    /// A rename's contract drops the old column, which PostgreSQL lets go even while a trigger
    /// function of the table names it (function bodies are not dependencies): from then on every
    /// write fails ('record "new" has no field'). So contract stops, naming them, while a trigger
    /// of the table other than plancc's uses the old column:
    /// - its column list (`UPDATE OF`) or `WHEN` condition does, as PostgreSQL records it
    ///   (pg_depend; the drop would fail on it);
    /// - its PL/pgSQL function reads a field of `NEW` or `OLD` under the old name, in its code
    ///   with comments and string literals (quoted, dollar-quoted, so also `EXECUTE` text) left
    ///   out: the old name in a message, or as a column of another table, does not stop it;
    /// - its function in another language has the old name as a word anywhere in its text.
    /// What a PL/pgSQL function reaches only through dynamic SQL, or through a function it calls
    /// with the row, is not seen.
    private static let ownTriggerVariables = ["_plancc_name name", "_plancc_language name", "_plancc_source text", "_plancc_depends boolean",
                                              "_plancc_uses boolean", "_plancc_code text", "_plancc_rest text", "_plancc_token text",
                                              "_plancc_tag text", "_plancc_at integer", "_plancc_end integer"]
        .map { "\n    " + $0 + ";" }.joined()

    private static func ownTriggers(table: String, from: String, to: String) -> String {
        let word = "\\m" + from.map { $0.isLetter || $0.isNumber || $0 == "_" ? String($0) : "\\" + String($0) }.joined() + "\\M"
        let field = "(^|[^A-Za-z0-9_$\"])([Nn][Ee][Ww]|[Oo][Ll][Dd])\\s*\\.\\s*(" + fieldPattern(from) + ")"
        let string = "^([Ee]'(\\\\.|''|[^'\\\\])*'|'(''|[^'])*'|--[^\\n]*|/\\*([^*]|\\*+[^*/])*\\*+/)"
        return """
                FOR _plancc_name, _plancc_language, _plancc_source, _plancc_depends IN
                    SELECT tr.tgname, l.lanname, p.prosrc,
                           EXISTS (SELECT 1 FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_attribute a
                                       ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                                    WHERE d.classid = 'pg_catalog.pg_trigger'::regclass AND d.objid = tr.oid
                                      AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = tr.tgrelid
                                      AND a.attname = \(SQL.literal(from)))
                      FROM pg_catalog.pg_trigger tr JOIN pg_catalog.pg_proc p ON p.oid = tr.tgfoid
                      JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                     WHERE tr.tgrelid = \(SQL.regclass(table)) AND NOT tr.tgisinternal AND p.proname NOT LIKE '\\_plancc\\_%'
                     ORDER BY tr.tgname
                LOOP
                    _plancc_uses := _plancc_depends;
                    IF NOT _plancc_uses AND _plancc_language <> 'plpgsql' THEN
                        _plancc_uses := _plancc_source ~* \(SQL.literal(word));
                    ELSIF NOT _plancc_uses THEN
                        -- The function's code without its comments and string literals.
                        _plancc_code := '';
                        _plancc_at := 1;
                        WHILE _plancc_at <= length(_plancc_source) LOOP
                            _plancc_rest := substr(_plancc_source, _plancc_at);
                            _plancc_token := substring(_plancc_rest from \(SQL.literal(string)));
                            IF _plancc_token IS NULL THEN
                                _plancc_tag := substring(_plancc_rest from '^(\\$([A-Za-z_][A-Za-z_0-9]*)?\\$)');
                                IF _plancc_tag IS NOT NULL THEN
                                    _plancc_end := position(_plancc_tag in substr(_plancc_rest, length(_plancc_tag) + 1));
                                    _plancc_token := CASE WHEN _plancc_end = 0 THEN _plancc_rest
                                                          ELSE left(_plancc_rest, 2 * length(_plancc_tag) + _plancc_end - 1) END;
                                    _plancc_code := _plancc_code || ' ';
                                ELSE
                                    _plancc_token := substring(_plancc_rest from '^("(""|[^"])*"|[A-Za-z0-9_]+|[^-/''"$A-Za-z0-9_]+|.)');
                                    _plancc_code := _plancc_code || _plancc_token;
                                END IF;
                            ELSE
                                _plancc_code := _plancc_code || ' ';
                            END IF;
                            _plancc_at := _plancc_at + length(_plancc_token);
                        END LOOP;
                        _plancc_uses := _plancc_code ~ \(SQL.literal(field));
                    END IF;
                    IF _plancc_uses THEN
                        _plancc_triggers := concat_ws(', ', _plancc_triggers, _plancc_name);
                    END IF;
                END LOOP;
                IF _plancc_triggers IS NOT NULL THEN
                    RAISE EXCEPTION 'plancc contract: trigger(s) % of % use %, which contract drops: every write would fail after it; nothing was dropped',
                        _plancc_triggers, \(SQL.literal(SQL.ident(table))), \(SQL.literal(SQL.ident(from)))
                        USING HINT = \(SQL.literal("Change their functions to use \(SQL.ident(to)) (CREATE OR REPLACE FUNCTION) and their column lists and WHEN conditions, then run contract.sql again."));
                END IF;
            """
    }

    /// The old column as a field name in PL/pgSQL code: quoted exactly, or bare (any case) when
    /// it is a lower-case name that needs no quotes.
    private static func fieldPattern(_ name: String) -> String {
        func escaped(_ text: String) -> String {
            text.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == " " ? String($0) : "\\" + String($0) }.joined()
        }
        let quoted = "\"" + escaped(Escaping.doubling("\"", in: name)) + "\""
        let plain = !name.isEmpty && name.allSatisfy { ($0.isASCII && $0.isLowercase) || $0.isNumber || $0 == "_" } && !(name.first?.isNumber ?? true)
        guard plain else { return quoted }
        let bare = name.map { $0.isLetter ? "[\($0)\($0.uppercased())]" : String($0) }.joined() + "([^A-Za-z0-9_$]|$)"
        return quoted + "|" + bare
    }

    /// Runs only while the old column is NOT NULL and the new one exists and is not, so a re-run
    /// (or a column that allows NULL) skips it. Then what the primary key needs to move: see `keyPreparation`.
    ///
    /// With `notNullNotValid` (PostgreSQL 18) the proof is the new column's own not-null
    /// constraint (`<table>_<to>_not_null NOT NULL to NOT VALID`, validated apart): validated, it
    /// is the column's NOT NULL, and `takeOver` finds no check to `SET NOT NULL` from. A type
    /// change's column takes its final name at contract, and the constraint with it (`notNullRename`).
    static func proof(table: String, from: String, to: String, notNullNotValid: Bool = false, dropped: Set<String> = []) -> [Piece] {
        let check = notNullNotValid ? GeneratedNames.notNullConstraint(table: table, column: to) : Plan.notNullCheckName(table: table, column: to)
        let needed = Columns.exists(table, from, where: "a.attnotnull") + " AND " + Columns.exists(table, to, where: "NOT a.attnotnull")
        let add: [Piece] = notNullNotValid
            ? [.transaction("ALTER TABLE \(SQL.ident(table)) ADD CONSTRAINT \(SQL.ident(check)) NOT NULL \(SQL.ident(to)) NOT VALID;", .catalog(table))]
            : Constraints.notNullCheck(table: table, name: check, column: to)
        return add.map { $0.requiring(needed) }
            + Constraints.validate(table: table, name: check)
            + keyPreparation(table: table, from: from, to: to, dropped: dropped)
    }

    /// PostgreSQL 18: the not-null constraint the shadow column of a type change got at
    /// preparation (`proof`) takes the column's final name with it when the shadow is renamed,
    /// in the rename's transaction, so the constraint reads `<table>_<column>_not_null` as the
    /// old column's did, not the shadow's name.
    static func notNullRename(table: String, from: String, to: String) -> Piece {
        let old = GeneratedNames.notNullConstraint(table: table, column: from)
        let new = GeneratedNames.notNullConstraint(table: table, column: to)
        let body = """
            BEGIN
                IF \(Constraints.exists(table: table, name: old)) AND NOT \(Constraints.exists(table: table, name: new)) THEN
                    ALTER TABLE \(SQL.ident(table)) RENAME CONSTRAINT \(SQL.ident(old)) TO \(SQL.ident(new));
                END IF;
            END

            """
        return .transaction("DO \(SQL.dollarQuoted(body));", .catalog(table))
    }

    /// True while `column` is the whole primary key of `table`.
    static func isWholeKey(_ table: String, _ column: String) -> String {
        "EXISTS (SELECT 1 FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
            + "WHERE i.indrelid = \(SQL.regclass(table)) AND i.indisprimary AND i.indnatts = 1 AND a.attname = \(SQL.literal(column)))"
    }

    /// Dropping the old column would drop the table's primary key with it (and a key column's
    /// identity and sequence), after which inserts fail or take duplicates. A key of the old
    /// column alone moves to the new one: its unique index is built here, concurrently, while
    /// writes go on, and `takeOver` swaps the key onto it. A key the old column shares with
    /// others, or one a foreign key references, cannot move so: contract stops first, naming
    /// the safe way, and nothing is changed. Skipped once either column is gone.
    static func keyPreparation(table: String, from: String, to: String, dropped: Set<String> = []) -> [Piece] {
        let both = Columns.exists(table, from) + " AND " + Columns.exists(table, to)
        let t = SQL.literal(SQL.ident(table)), old = SQL.literal(SQL.ident(from))
        let lost = to == Plan.shadowName(from) ? lostWithOldColumn(table: table, from: from, to: to, dropped: dropped) : ""
        let body = """
            DECLARE
                _plancc_blocker text;\(lost.isEmpty ? "" : "\n    _plancc_lost text;")
            BEGIN
                SELECT format('foreign key %I of table %s references it', c.conname, c.conrelid::regclass) INTO _plancc_blocker
                  FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = ANY (c.confkey)
                 WHERE c.contype = 'f' AND c.confrelid = \(SQL.regclass(table)) AND a.attname = \(SQL.literal(from))
                 ORDER BY c.conname LIMIT 1;
                IF _plancc_blocker IS NULL THEN
                    SELECT format('it is part of primary key %I over %s columns', c.conname, array_length(c.conkey, 1)) INTO _plancc_blocker
                      FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
                     WHERE c.contype = 'p' AND c.conrelid = \(SQL.regclass(table)) AND a.attname = \(SQL.literal(from))
                       AND array_length(c.conkey, 1) > 1;
                END IF;
                \(lost)IF _plancc_blocker LIKE 'foreign key%' THEN
                    RAISE EXCEPTION 'plancc contract: column %.% cannot be replaced by %: %; nothing was dropped',
                        \(t), \(old), \(SQL.literal(SQL.ident(to))), _plancc_blocker
                        USING HINT = 'Roll back, then change the key in steps of its own: drop the foreign keys that reference it (drop_constraint), '
                            || 'change the referencing columns too, and add the foreign keys back after contract (add_foreign_key).';
                ELSIF _plancc_blocker IS NOT NULL THEN
                    RAISE EXCEPTION 'plancc contract: column %.% cannot be replaced by %: %; nothing was dropped',
                        \(t), \(old), \(SQL.literal(SQL.ident(to))), _plancc_blocker
                        USING HINT = 'Roll back, then move the key by hand: build a unique index over the new key columns concurrently, '
                            || 'and swap the primary key onto it (ADD PRIMARY KEY USING INDEX) in a sql change before contract.';
                END IF;
            END

            """
        let index = GeneratedNames.keyIndex(table: table, column: to)
        let build = Indexes.create(table: table, name: index, columns: [to], unique: true, filter: nil)
            .map { $0.requiring(both + " AND " + isWholeKey(table, from)) }
        return [.autocommit("DO \(SQL.dollarQuoted(body));", .check, .none, onlyIf: both)] + build
    }

    /// A type change's contract drops the old column, and PostgreSQL drops with it, silently,
    /// every index over it (in its key, expressions or predicate, as pg_depend records) and every
    /// CHECK constraint on it; none is carried to the new column. So contract stops first, naming
    /// them, while any is left: the primary key is not among them (a key of the column alone moves,
    /// one of several columns is refused above), nor plancc's own checks (`_plancc_` names), nor
    /// anything on the new column. PL/pgSQL for the body of `keyPreparation`'s DO.
    /// What the same contract drops itself (`dropped`: drop_index, drop_constraint) is left out.
    private static func lostWithOldColumn(table: String, from: String, to: String, dropped: Set<String>) -> String {
        let t = SQL.literal(SQL.ident(table)), old = SQL.literal(SQL.ident(from)), new = SQL.literal(SQL.ident(to))
        let kept = dropped.isEmpty ? "" : " AND name NOT IN (\(dropped.sorted().map(SQL.literal).joined(separator: ", ")))"
        let text = """
                IF _plancc_blocker IS NULL THEN
                    SELECT string_agg(what, ', ' ORDER BY what) INTO _plancc_lost FROM (
                        SELECT format('index %I', i.relname) AS what, i.relname::text AS name
                          FROM pg_catalog.pg_depend d
                          JOIN pg_catalog.pg_class i ON i.oid = d.objid
                          JOIN pg_catalog.pg_index x ON x.indexrelid = i.oid
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                         WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
                           AND d.refobjid = \(SQL.regclass(table)) AND a.attname = \(SQL.literal(from)) AND NOT x.indisprimary
                        UNION
                        SELECT format('check %I', c.conname), c.conname::text
                          FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
                         WHERE c.contype = 'c' AND c.conrelid = \(SQL.regclass(table)) AND a.attname = \(SQL.literal(from))
                           AND c.conname NOT LIKE '\\_plancc\\_%') lost
                     WHERE TRUE\(kept);
                    IF _plancc_lost IS NOT NULL THEN
                        RAISE EXCEPTION 'plancc contract: column %.% cannot be replaced by %: % of it would be dropped with it, silently; nothing was dropped',
                            \(t), \(old), \(new), _plancc_lost
                            USING HINT = format('Recreate each on the new column %s first (CREATE INDEX CONCURRENTLY ... (%s); ADD CONSTRAINT ... CHECK (...) NOT VALID, then VALIDATE), '
                                || 'drop the old one (DROP INDEX CONCURRENTLY, DROP CONSTRAINT), then run contract.sql again: what is on the new column stays, under the column''s name after the swap.',
                                \(new), \(new));
                    END IF;
                END IF;
                """
        // Written before the refusals' IF, at its indentation.
        return String(text.drop(while: { $0 == " " })) + "\n    "
    }

    /// The new column takes over the old one's NOT NULL, its default (a type change's converted
    /// to the new type with an explicit cast, a serial's nextval as it is), its sequence, its identity
    /// and its primary key, all in the transaction that drops the old column. Each is read from
    /// the catalog, so what the old column does not have is left alone.
    static func takeOver(table: String, from: String, to: String, includeDefault: Bool) -> [Piece] {
        let check = Plan.notNullCheckName(table: table, column: to)
        let tableName = SQL.literal(table), newName = SQL.literal(to)
        // A rename's default and a serial's nextval (which fits any integer) as they are; a type
        // change's other default converted to the new type, which stops contract if it does not fit.
        let defaultWanted = includeDefault ? "TRUE" : "_plancc_sequence IS NOT NULL"
        let converted = includeDefault ? "" : """

                    ELSIF _plancc_default IS NOT NULL THEN
                        -- A type change: the old default, converted to the new type, so inserts
                        -- that leave the column out go on working after the swap. Evaluated once
                        -- (unless it draws from a sequence), so a value that does not convert stops
                        -- contract here, in its transaction, before anything is dropped.
                        SELECT format_type(a.atttypid, a.atttypmod) INTO _plancc_type FROM pg_catalog.pg_attribute a
                         WHERE a.attrelid = \(SQL.regclass(table)) AND a.attname = \(newName) AND a.attnum > 0 AND NOT a.attisdropped;
                        -- Gone once the swap is done: a re-run has nothing to carry over.
                        IF _plancc_type IS NOT NULL THEN
                            BEGIN
                                IF _plancc_default !~* 'nextval\\s*\\(' THEN
                                    EXECUTE format('SELECT (%s)::%s', _plancc_default, _plancc_type);
                                END IF;
                                EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET DEFAULT (%s)::%s', \(tableName), \(newName), _plancc_default, _plancc_type);
                            EXCEPTION WHEN OTHERS THEN
                                RAISE EXCEPTION 'plancc contract: the default % of %.% does not convert to %: %; nothing was dropped',
                                    _plancc_default, \(SQL.literal(SQL.ident(table))), \(SQL.literal(SQL.ident(from))), _plancc_type, SQLERRM
                                    USING HINT = \(SQL.literal("Drop the old default (ALTER TABLE \(SQL.ident(table)) ALTER COLUMN \(SQL.ident(from)) DROP DEFAULT) and run contract.sql again; set a default of the new type after contract."));
                            END;
                        END IF;
            """
        let body = """
            DECLARE
                _plancc_default text;
                _plancc_sequence text;
                _plancc_identity "char";
                _plancc_next bigint;
                _plancc_key name;\(includeDefault ? "" : "\n    _plancc_type text;")
            BEGIN
                SELECT pg_get_expr(d.adbin, d.adrelid), pg_get_serial_sequence(\(SQL.literal(SQL.ident(table))), a.attname), a.attidentity
                  INTO _plancc_default, _plancc_sequence, _plancc_identity
                  FROM pg_catalog.pg_attribute a
                  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                 WHERE a.attrelid = \(SQL.regclass(table)) AND a.attname = \(SQL.literal(from))
                   AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
                -- The check exists only where the old column was NOT NULL; validated, it spares SET NOT NULL the scan.
                IF EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conrelid = \(SQL.regclass(table)) AND c.conname = \(SQL.literal(check))) THEN
                    ALTER TABLE \(SQL.ident(table)) ALTER COLUMN \(SQL.ident(to)) SET NOT NULL;
                END IF;
                IF _plancc_identity IN ('a', 'd') THEN
                    -- An identity's sequence cannot change columns: the new column gets an identity
                    -- of its own that goes on after the old one's last value (read under this
                    -- transaction's lock, so no insert takes a value in between).
                    EXECUTE format('ALTER TABLE %I ALTER COLUMN %I ADD GENERATED %s AS IDENTITY', \(tableName), \(newName),
                                   CASE _plancc_identity WHEN 'a' THEN 'ALWAYS' ELSE 'BY DEFAULT' END);
                    EXECUTE format('SELECT nextval(%L)', _plancc_sequence) INTO _plancc_next;
                    EXECUTE format('ALTER TABLE %I ALTER COLUMN %I RESTART WITH %s', \(tableName), \(newName), _plancc_next);
                ELSE
                    IF _plancc_default IS NOT NULL AND \(defaultWanted) THEN
                        EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET DEFAULT %s', \(tableName), \(newName), _plancc_default);\(converted)
                    END IF;
                    IF _plancc_sequence IS NOT NULL THEN
                        -- A serial's sequence belongs to the old column: re-owned, it does not go with it;
                        -- and it counts as far as the new integer type does.
                        EXECUTE format('ALTER SEQUENCE %s OWNED BY %I.%I', _plancc_sequence, \(tableName), \(newName));
                        IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a, pg_catalog.pg_sequence s
                                    WHERE a.attrelid = \(SQL.regclass(table)) AND a.attname = \(newName)
                                      AND s.seqrelid = _plancc_sequence::regclass
                                      AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype) AND s.seqtypid <> a.atttypid) THEN
                            EXECUTE format('ALTER SEQUENCE %s AS %s', _plancc_sequence,
                                           (SELECT format_type(a.atttypid, NULL) FROM pg_catalog.pg_attribute a
                                             WHERE a.attrelid = \(SQL.regclass(table)) AND a.attname = \(newName)));
                        END IF;
                    END IF;
                END IF;
                -- A key of the old column alone moves onto the unique index built at preparation,
                -- under the key's own name.
                IF \(isWholeKey(table, from)) THEN
                    SELECT c.conname INTO _plancc_key FROM pg_catalog.pg_constraint c
                     WHERE c.conrelid = \(SQL.regclass(table)) AND c.contype = 'p';
                    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', \(tableName), _plancc_key);
                    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY USING INDEX %I', \(tableName), _plancc_key,
                                   \(SQL.literal(GeneratedNames.keyIndex(table: table, column: to))));
                END IF;
            END

            """
        return [.transaction("DO \(SQL.dollarQuoted(body));", .catalog(table))] + Constraints.drop(table: table, name: check)
    }
}
