import Foundation
import Planner
import Testing
import TestSupport

/// A write that changes only case, accents or trailing spaces is a write: the column's collation
/// (here utf8mb4's default, case- and accent-insensitive) says `'closed' <=> 'CLOSED'`, but the
/// sync triggers, the backfill's pending rows and contract's copy check must not, or old code's
/// write never reaches the new column and is lost at contract.
@Suite(.serialized, .mariaDB)
struct MySQLByteExactSyncTests {
    static let db = "bytes"
    /// Old code's writes that only a byte comparison sees, by id: the seeded value and the new one.
    static let writes: [(id: Int, from: String, to: String)] = [
        (1, "closed", "CLOSED"), (2, "cafe", "café"), (3, "active", "active  "), (4, "Trial", "trial"),
    ]

    private func prepare(risk: String, spec changes: String, id: String, _ body: (MariaDBSession, MariaDBRunbook) throws -> Void) throws {
        let server = try #require(MariaDB.current)
        let dir = try LiveSpecs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = try LiveSpecs.write(id: id, title: "Byte-exact sync", dialect: "mysql", risk: risk, changes: changes, into: dir)
        let scripts = try CompiledScripts(spec: spec)
        try server.freshDatabase(Self.db)
        let values = Self.writes.map { "(\($0.id), '\($0.from)', \($0.id * 10).50)" } + ["(5, NULL, NULL)"]
        let setup = server.run("""
            CREATE TABLE accounts (id bigint PRIMARY KEY, status varchar(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL,
                                   price decimal(10,2)) ENGINE=InnoDB;
            INSERT INTO accounts (id, status, price) VALUES \(values.joined(separator: ", "));
            """, in: Self.db)
        try #require(setup.succeeded, "\(setup.output)")
        try body(MariaDBSession(server: server, db: Self.db), MariaDBRunbook(server: server, db: Self.db, scripts: scripts))
    }

    /// `id=hex(column)` for every written row: hex, so that case and trailing spaces show.
    private func bytes(_ session: MariaDBSession, _ column: String) throws -> String {
        try session.rows("SELECT GROUP_CONCAT(id, '=', COALESCE(HEX(\(session.ident(column))), '-') ORDER BY id) FROM accounts WHERE id <= 4")
            .first?.first ?? ""
    }

    private func expected() -> String {
        Self.writes.map { "\($0.id)=" + $0.to.utf8.map { String(format: "%02X", $0) }.joined() }.joined(separator: ",")
    }

    private func oldCodeWrites(_ session: MariaDBSession) {
        for write in Self.writes {
            let result = session.execute("UPDATE accounts SET status = '\(write.to)' WHERE id = \(write.id)")
            #expect(result.succeeded, "\(result.output)")
        }
    }

    @Test("a rename keeps old code's writes that change only case, accents or trailing spaces")
    func rename() throws {
        guard !EngineGate.skipped else { return }
        try prepare(risk: "medium", spec: "  - rename_column: { table: accounts, from: status, to: state }",
                    id: "20260303000400_mysql_rename_bytes") { session, runbook in
            try #require(runbook.run("forward").succeeded)
            oldCodeWrites(session)
            #expect(try bytes(session, "state") == expected(), "the sync trigger did not copy old code's writes")
            let backfill = runbook.run("backfill")
            #expect(backfill.succeeded, "\(backfill.output)")
            let contract = runbook.run("contract")
            #expect(contract.succeeded, "\(contract.output)")
            #expect(try bytes(session, "state") == expected(), "old code's writes were lost at contract")
        }
    }

    @Test("a type change keeps old code's writes that change only case, accents or trailing spaces")
    func typeChange() throws {
        guard !EngineGate.skipped else { return }
        try prepare(risk: "high", spec: "  - alter_column_type: { table: accounts, column: status, type: varchar(60), was: varchar(40) }",
                    id: "20260303000500_mysql_retype_bytes") { session, runbook in
            try #require(runbook.run("forward").succeeded)
            let backfill = runbook.run("backfill")
            #expect(backfill.succeeded, "\(backfill.output)")
            oldCodeWrites(session)
            #expect(try bytes(session, Plan.shadowName("status")) == expected(), "the sync trigger did not copy old code's writes")
            let contract = runbook.run("contract")
            #expect(contract.succeeded, "\(contract.output)")
            #expect(try bytes(session, "status") == expected(), "old code's writes were lost at contract")
        }
    }

    /// Rows the sync trigger did not see (written while it was away): contract refuses, naming
    /// them, and drops nothing. A type change's backfill then takes them as pending (a rename's
    /// only fills what is NULL: it never overwrites what new code may have written).
    @Test("backfill copies and contract refuses rows that differ only in case, accents or trailing spaces",
          arguments: ["  - rename_column: { table: accounts, from: status, to: state }",
                      "  - alter_column_type: { table: accounts, column: status, type: varchar(60), was: varchar(40) }"])
    func uncopied(_ change: String) throws {
        guard !EngineGate.skipped else { return }
        let new = change.contains("rename") ? "state" : Plan.shadowName("status")
        try prepare(risk: "high", spec: change, id: "20260303000600_mysql_uncopied_bytes") { session, runbook in
            for phase in ["forward", "backfill"] { try #require(runbook.run(phase).succeeded) }
            let triggers = try session.rows("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = DATABASE()").map { $0[0] }
            try #require(!triggers.isEmpty)
            for trigger in triggers { try #require(session.execute("DROP TRIGGER \(session.ident(trigger))").succeeded) }
            oldCodeWrites(session)
            let refused = runbook.run("contract")
            #expect(!refused.succeeded && refused.output.contains("not copied"), "\(refused.output)")
            #expect(try bytes(session, "status") == expected(), "the refused contract dropped status")
            guard new != "state" else { return }
            let backfill = runbook.run("backfill")
            #expect(backfill.succeeded, "\(backfill.output)")
            #expect(try bytes(session, new) == expected(), "the backfill did not take the rows as pending")
            let contract = runbook.run("contract")
            #expect(contract.succeeded, "\(contract.output)")
            #expect(try bytes(session, "status") == expected(), "old code's writes were lost at contract")
        }
    }

    /// A backfill whose new values differ from the old ones only in case: every row is pending,
    /// and verify counts none once it ran. The decimal column is compared by value (`10.500` is `10.50`).
    @Test("a backfill that changes only case updates every row, and verify then passes")
    func caseOnlyBackfill() throws {
        guard !EngineGate.skipped else { return }
        try prepare(risk: "high", spec: "  - backfill: { table: accounts, set: { status: { sql: \"UPPER(status)\" }, price: { sql: \"price + 0.000\" } } }",
                    id: "20260303000700_mysql_backfill_case") { session, runbook in
            let backfill = runbook.run("backfill")
            #expect(backfill.succeeded, "\(backfill.output)")
            let lower = try session.rows("SELECT GROUP_CONCAT(id ORDER BY id) FROM accounts WHERE BINARY status <> BINARY UPPER(status)")
            #expect(lower.first?.first == "NULL", "rows the backfill left in lower case: \(lower)")
            let verify = runbook.run("verify")
            #expect(verify.succeeded, "\(verify.output)")
        }
    }
}
