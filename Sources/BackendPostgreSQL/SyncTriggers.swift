import Planner
import PlanSpec

/// Keeps an old and a new column equal while old and new code run side by side: a row trigger
/// copies whichever column a statement wrote into the other one.
///
/// PostgreSQL fires the BEFORE row triggers of a table in the byte order of their names, so the
/// trigger is named to come after the table's own (`~plancc_sync_...`: `~` sorts after every
/// letter, digit and `_`): a trigger that normalises the old column has done its work before
/// the copy, and the new column gets the normalised value. Its function keeps the plan's name.
enum SyncTriggers {
    /// The trigger's name: the plan's name with `~` for its first character (as long, so it still fits).
    static func triggerName(_ name: String) -> String {
        "~" + (name.hasPrefix("_") ? String(name.dropFirst()) : name)
    }

    /// A rename's second trigger, which fires before the table's own (`!` sorts before every
    /// letter, digit and `_`): new code's write of the new column reaches the old one first, so
    /// a trigger that normalises the old column normalises it too; the last trigger then copies
    /// the old column, as the table's triggers left it, into the new one.
    static func firstTriggerName(_ name: String) -> String {
        "!" + (name.hasPrefix("_") ? String(name.dropFirst()) : name)
    }

    static func install(_ sync: SyncTrigger) -> [Piece] {
        let function = SQL.ident(sync.name), name = SQL.ident(triggerName(sync.name)), table = SQL.ident(sync.table)
        let old = "NEW." + SQL.ident(sync.oldColumn), new = "NEW." + SQL.ident(sync.newColumn)
        let priorOld = "OLD." + SQL.ident(sync.oldColumn), priorNew = "OLD." + SQL.ident(sync.newColumn)
        let toNew = converted(sync)
        // On INSERT the new column tells who wrote the row: old code never names it and it has
        // no default until contract, so a value there is new code's and wins over the old
        // column's, which may only be its default. On UPDATE the column the statement changed
        // wins, the new one when both changed. A new value that merely follows from the old one
        // (as the backfill writes it) is not copied back: the old value stays exact.
        // Values are compared as `Distinct` says (text where the type has no equality operator).
        // `use_column`: in the author's `using`, a column named like a trigger variable is the column.
        if sync.toNew == nil && sync.newType == nil { return installRename(sync) }
        let body = """
            #variable_conflict use_column
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    IF \(new) IS NOT NULL THEN
                        \(old) := \(new);
                    ELSIF \(old) IS NOT NULL THEN
                        \(new) := \(toNew);
                    END IF;
                ELSIF \(Distinct.sql(new, priorNew, type: sync.newType)) AND \(Distinct.sql(new, toNew, type: sync.newType, converted: true)) THEN
                    \(old) := \(new);
                ELSIF \(Distinct.sql(old, priorOld, type: sync.oldType)) THEN
                    \(new) := \(toNew);
                END IF;
                RETURN NEW;
            END

            """
        return [.transaction("""
            CREATE OR REPLACE FUNCTION \(function)() RETURNS trigger LANGUAGE plpgsql AS \(SQL.dollarQuoted(body));
            DROP TRIGGER IF EXISTS \(function) ON \(table);
            DROP TRIGGER IF EXISTS \(name) ON \(table);
            CREATE TRIGGER \(name) BEFORE INSERT OR UPDATE ON \(table) FOR EACH ROW EXECUTE FUNCTION \(function)();
            """, .catalog(sync.table))]
    }

    /// A rename: one function, two triggers around the table's own. The first (`!`) makes the
    /// two columns equal: on INSERT a value in the new column wins (old code never names it, and
    /// it has no default until contract, so it wins over the old column's default), else the old
    /// one is copied; on UPDATE a change of the new column that is not merely the old value (the
    /// backfill's) wins, else a change of the old one. It notes the value it left (a
    /// transaction-local setting; the BEFORE triggers of one row run one after the other). The
    /// table's triggers then see both columns as written and may change either: one that still
    /// normalises the old column, or one the application already moved to the new name. The
    /// last (`~`) gives the column they changed to the other one, so old and new code read the
    /// same normalised value before contract as after it.
    private static func installRename(_ sync: SyncTrigger) -> [Piece] {
        let function = SQL.ident(sync.name), first = SQL.ident(firstTriggerName(sync.name)), last = SQL.ident(triggerName(sync.name))
        let table = SQL.ident(sync.table)
        let old = "NEW." + SQL.ident(sync.oldColumn), new = "NEW." + SQL.ident(sync.newColumn)
        let priorOld = "OLD." + SQL.ident(sync.oldColumn), priorNew = "OLD." + SQL.ident(sync.newColumn)
        let setting = SQL.literal(stashName(sync.name))
        let seen = "coalesce('v' || \(old)::text, 'n')"
        // Both columns have the old column's type; `Distinct` compares them as text unless it is
        // known to have an equality operator.
        func differ(_ a: String, _ b: String) -> String { Distinct.sql(a, b, type: sync.oldType) }
        let body = """
            DECLARE
                _plancc_left text;
            BEGIN
                IF left(TG_NAME, 1) = '!' THEN
                    IF TG_OP = 'INSERT' THEN
                        IF \(new) IS NOT NULL THEN
                            \(old) := \(new);
                        ELSE
                            \(new) := \(old);
                        END IF;
                    ELSIF \(differ(new, priorNew)) AND \(differ(new, old)) THEN
                        \(old) := \(new);
                    ELSIF \(differ(old, priorOld)) OR \(differ(new, old)) THEN
                        \(new) := \(old);
                    END IF;
                    PERFORM set_config(\(setting), \(seen), true);
                    RETURN NEW;
                END IF;
                _plancc_left := current_setting(\(setting), true);
                PERFORM set_config(\(setting), '', true);
                IF \(differ(new, old)) THEN
                    IF _plancc_left <> '' AND _plancc_left = \(seen) THEN
                        -- The table's triggers changed only the new column: the old one follows it.
                        \(old) := \(new);
                    ELSE
                        \(new) := \(old);
                    END IF;
                END IF;
                RETURN NEW;
            END

            """
        return [.transaction("""
            CREATE OR REPLACE FUNCTION \(function)() RETURNS trigger LANGUAGE plpgsql AS \(SQL.dollarQuoted(body));
            DROP TRIGGER IF EXISTS \(function) ON \(table);
            DROP TRIGGER IF EXISTS \(first) ON \(table);
            DROP TRIGGER IF EXISTS \(last) ON \(table);
            CREATE TRIGGER \(first) BEFORE INSERT OR UPDATE ON \(table) FOR EACH ROW EXECUTE FUNCTION \(function)();
            CREATE TRIGGER \(last) BEFORE INSERT OR UPDATE ON \(table) FOR EACH ROW EXECUTE FUNCTION \(function)();
            """, .catalog(sync.table))]
    }

    /// The transaction-local setting through which a rename's first trigger tells the last one
    /// the value it left: `plancc.` and the plan's name, lower case, with every character a
    /// setting's name may not hold as `_` (the name ends in a hash of table and column).
    static func stashName(_ name: String) -> String {
        let body = name.lowercased().drop { $0 == "_" }.map { ch -> Character in
            ch.isASCII && (ch.isLetter || ch.isNumber || ch == "_") ? ch : "_"
        }
        return "plancc." + String(body)
    }

    /// The trigger under the function's name too: scripts of earlier plancc versions named it so.
    static func drop(table: String, name: String) -> [Piece] {
        [.transaction("""
            DROP TRIGGER IF EXISTS \(SQL.ident(firstTriggerName(name))) ON \(SQL.ident(table));
            DROP TRIGGER IF EXISTS \(SQL.ident(triggerName(name))) ON \(SQL.ident(table));
            DROP TRIGGER IF EXISTS \(SQL.ident(name)) ON \(SQL.ident(table));
            DROP FUNCTION IF EXISTS \(SQL.ident(name))();
            """, .catalog(table))]
    }

    /// The new column's value computed from the row: the `using` conversion, evaluated over the
    /// row's columns, or the old value as is (assignment casts to the new type).
    private static func converted(_ sync: SyncTrigger) -> String {
        guard let using = sync.toNew else { return "NEW." + SQL.ident(sync.oldColumn) }
        return "(SELECT \(SQL.text(using)) FROM (SELECT NEW.*) AS _plancc_row)"
    }
}
