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

    mutating func installSyncTrigger(_ sync: SyncTrigger) {
        let names = Self.triggerNames(sync.name)
        let table = MySQL.ident(sync.table)
        let old = MySQL.ident(sync.oldColumn), new = MySQL.ident(sync.newColumn)
        let toNew = "NEW.\(new) = \(converted(sync))"
        // A write of the value the old column already implies (the backfill's) is not copied back.
        let sameAsOld = "NEW.\(new) <=> \(converted(sync))"
        // Assignment converts the new type back to the old one, as MODIFY would.
        let toOld = "NEW.\(old) = NEW.\(new)"
        // CREATE TRIGGER cannot be guarded by a procedure (it is not preparable), so a re-run
        // replaces the triggers; the backfill then copies any row written in between.
        let statements = [
            "DROP TRIGGER IF EXISTS \(MySQL.ident(names.insert))",
            """
            CREATE TRIGGER \(MySQL.ident(names.insert)) BEFORE INSERT ON \(table) FOR EACH ROW
            BEGIN
              IF NEW.\(new) IS NOT NULL THEN
                SET \(toOld);
              ELSE
                SET \(toNew);
              END IF;
            END
            """,
            "DROP TRIGGER IF EXISTS \(MySQL.ident(names.update))",
            """
            CREATE TRIGGER \(MySQL.ident(names.update)) BEFORE UPDATE ON \(table) FOR EACH ROW
            BEGIN
              IF NOT (NEW.\(new) <=> OLD.\(new)) AND NOT (\(sameAsOld)) THEN
                SET \(toOld);
              ELSEIF NOT (NEW.\(old) <=> OLD.\(old)) THEN
                SET \(toNew);
              END IF;
            END
            """,
        ]
        script.compound(statements)
        for statement in statements { script.record(statement, .exclusive(sync.table), retried: false, guard: .idempotent) }
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
        script.statement("DROP TRIGGER IF EXISTS \(MySQL.ident(names.insert))", .exclusive(table))
        script.statement("DROP TRIGGER IF EXISTS \(MySQL.ident(names.update))", .exclusive(table))
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
