import Planner
import PlanSpec

/// Two BEFORE triggers keep the old and the new column equal while old and new code run
/// side by side: whichever column a statement writes is copied to the other. On INSERT a value
/// in the new column is new code's (old code never names it, and it has no default until
/// contract), so it wins over the old column's, which may be only its default. On UPDATE the
/// column that changed wins, the new one when both did.
extension StepWriter {
    static func triggerNames(_ name: String) -> (insert: String, update: String) {
        (MySQL.fit(name + "_ins"), MySQL.fit(name + "_upd"))
    }

    /// A rename's first triggers, which fire before the table's own (see `installRenameFirst`).
    static func firstTriggerNames(_ name: String) -> (insert: String, update: String) {
        (MySQL.fit(name + "_ins_first"), MySQL.fit(name + "_upd_first"))
    }

    mutating func installSyncTrigger(_ sync: SyncTrigger) {
        let names = Self.triggerNames(sync.name)
        let table = MySQL.ident(sync.table)
        let old = MySQL.ident(sync.oldColumn), new = MySQL.ident(sync.newColumn)
        let toNew = "NEW.\(new) = \(converted(sync))"
        // A write of the value the old column already implies (the backfill's) is not copied back.
        // Values compare byte for byte where they are text (`MySQL.same`): a write that changes
        // only case, accents or trailing spaces is a write.
        let sameAsOld = MySQL.same("NEW.\(new)", converted(sync))
        // Assignment converts the new type back to the old one, as MODIFY would.
        let toOld = "NEW.\(old) = NEW.\(new)"
        let rename = sync.toNew == nil && sync.newType == nil
        let first = Self.firstTriggerNames(sync.name)
        // A rename's first trigger (created below, where the table has triggers of its own) left
        // the value it made both columns equal to: the table's triggers changed the one that
        // no longer holds it, and that one wins.
        func settled(_ firstName: String) -> String {
            guard rename else { return "" }
            let seen = Self.seenVariable(firstName)
            return """
              IF \(seen) IS NOT NULL THEN
                IF NOT (BINARY NEW.\(new) <=> BINARY NEW.\(old)) THEN
                  IF BINARY \(seen) = BINARY COALESCE(CONCAT('v', NEW.\(old)), 'n') THEN
                    SET \(toOld);
                  ELSE
                    SET \(toNew);
                  END IF;
                END IF;
                SET \(seen) = NULL;
              ELSE

            """
        }
        let end = rename ? "\n  END IF;" : ""
        func indented(_ text: String) -> String { rename ? text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") : text }
        // CREATE TRIGGER cannot be guarded by a procedure (it is not preparable), so a re-run
        // replaces the triggers; the backfill then copies any row written in between.
        if rename {
            script.require("VERSION() LIKE '%MariaDB%' OR NOT \(Catalog.triggersUsing(sync.table, sync.oldColumn, timing: "BEFORE"))",
                           "plancc: MySQL cannot run the sync before \(sync.table)'s BEFORE triggers that use \(sync.oldColumn) (docs/design.md): nothing done")
            script.statement("DROP TRIGGER IF EXISTS \(MySQL.ident(first.insert))", .exclusive(sync.table))
            script.statement("DROP TRIGGER IF EXISTS \(MySQL.ident(first.update))", .exclusive(sync.table))
        }
        let statements = [
            "DROP TRIGGER IF EXISTS \(MySQL.ident(names.insert))",
            """
            CREATE TRIGGER \(MySQL.ident(names.insert)) BEFORE INSERT ON \(table) FOR EACH ROW
            BEGIN
            \(settled(first.insert))\(indented("""
              IF NEW.\(new) IS NOT NULL THEN
                SET \(toOld);
              ELSE
                SET \(toNew);
              END IF;
            """))\(end)
            END
            """,
            "DROP TRIGGER IF EXISTS \(MySQL.ident(names.update))",
            """
            CREATE TRIGGER \(MySQL.ident(names.update)) BEFORE UPDATE ON \(table) FOR EACH ROW
            BEGIN
            \(settled(first.update))\(indented("""
              IF NOT \(MySQL.same("NEW.\(new)", "OLD.\(new)")) AND NOT \(sameAsOld) THEN
                SET \(toOld);
              ELSEIF NOT \(MySQL.same("NEW.\(old)", "OLD.\(old)")) THEN
                SET \(toNew);
              END IF;
            """))\(end)
            END
            """,
        ]
        script.compound(statements)
        for statement in statements { script.record(statement, .exclusive(sync.table), retried: false, guard: .idempotent) }
        if rename { installRenameFirst(sync) }
    }

    /// The user variable through which a rename's first trigger tells the last one the value it left.
    static func seenVariable(_ firstName: String) -> String { "@" + MySQL.ident(firstName) }

    /// A rename beside the table's own BEFORE triggers: MySQL and MariaDB fire a table's triggers
    /// in creation order, so plancc's, created at forward, come after them, and new code's write
    /// of the new column would reach the old one only after they normalised it. On MariaDB a
    /// first trigger for each event that has triggers of the table's own is put before them
    /// (`PRECEDES` the first, whose name is read when the script runs: MariaDB prepares CREATE
    /// TRIGGER, MySQL does not). It makes both columns equal (new code's write wins) and notes
    /// the value; the table's triggers then see both columns, and the last trigger gives the
    /// column they changed to the other. On MySQL forward stops instead while such a trigger
    /// reads the old column (`NEW.old`): old and new code would read different values.
    private mutating func installRenameFirst(_ sync: SyncTrigger) {
        let first = Self.firstTriggerNames(sync.name)
        let table = MySQL.ident(sync.table)
        let old = MySQL.ident(sync.oldColumn), new = MySQL.ident(sync.newColumn)
        let mariaDB = "VERSION() LIKE '%MariaDB%'"
        for (event, name, body) in [
            ("INSERT", first.insert, """
                IF NEW.\(new) IS NOT NULL THEN
                  SET NEW.\(old) = NEW.\(new);
                ELSE
                  SET NEW.\(new) = NEW.\(old);
                END IF;
                """),
            ("UPDATE", first.update, """
                IF NOT (BINARY NEW.\(new) <=> BINARY OLD.\(new)) AND NOT (BINARY NEW.\(new) <=> BINARY NEW.\(old)) THEN
                  SET NEW.\(old) = NEW.\(new);
                ELSEIF NOT (BINARY NEW.\(old) <=> BINARY OLD.\(old)) OR NOT (BINARY NEW.\(new) <=> BINARY NEW.\(old)) THEN
                  SET NEW.\(new) = NEW.\(old);
                END IF;
                """),
        ] {
            let own = Catalog.ownTriggers(sync.table, event: event, timing: "BEFORE")
            let head = MySQL.literal("CREATE TRIGGER \(MySQL.ident(name)) BEFORE \(event) ON \(table) FOR EACH ROW PRECEDES `")
            let tail = MySQL.literal("`\nBEGIN\n" + body + "\nSET \(Self.seenVariable(name)) = COALESCE(CONCAT('v', NEW.\(old)), 'n');\nEND")
            script.guarded("\(mariaDB) AND EXISTS (SELECT 1 \(own))",
                           built: "CONCAT(\(head), (SELECT REPLACE(t.TRIGGER_NAME, '`', '``') \(own) ORDER BY t.ACTION_ORDER LIMIT 1), \(tail))",
                           .exclusive(sync.table))
        }
    }

    /// `f(NEW.old)`, the new column's value for the old one's. The `using` expression names the
    /// old column bare, so it is evaluated over a one-row derived table whose column has that name.
    private func converted(_ sync: SyncTrigger) -> String {
        let old = MySQL.ident(sync.oldColumn)
        guard let using = sync.toNew?.sql(for: .mysql) else { return "NEW.\(old)" }
        return "(SELECT \(using) FROM (SELECT NEW.\(old) AS \(old)) AS plancc_row)"
    }

    mutating func dropSyncTrigger(_ table: String, name: String) {
        let names = Self.triggerNames(name)
        if let swap = upcomingSwap(table) {
            return swapColumn(table, triggers: [names.insert, names.update], old: swap.old, shadow: swap.shadow)
        }
        let first = Self.firstTriggerNames(name)
        for trigger in [first.insert, first.update, names.insert, names.update] {
            script.statement("DROP TRIGGER IF EXISTS \(MySQL.ident(trigger))", .exclusive(table))
        }
    }

    /// The contract of a type change: the sync trigger goes, then the old column, then the shadow
    /// takes its name. Returns the two columns when those are the next steps.
    private func upcomingSwap(_ table: String) -> (old: String, shadow: String)? {
        let next = Array(upcoming.prefix(2)).map(\.action)
        guard next.count == 2, case let .dropColumn(t1, old) = next[0], case let .renameColumn(t2, shadow, to) = next[1],
              t1 == table, t2 == table, to == old else { return nil }
        return (old, shadow)
    }
}
