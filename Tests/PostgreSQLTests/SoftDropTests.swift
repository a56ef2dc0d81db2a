import Foundation
import Planner
import Testing
import TestSupport

/// Issue 12: a soft drop_column under expand_contract. New code no longer writes the column, so
/// forward releases a NOT NULL without a default (its inserts would fail until contract); rollback
/// gives NOT NULL back without a scan under ACCESS EXCLUSIVE, and stops while new rows lack it.
@Suite(.serialized)
struct PostgreSQLSoftDropTests {
    @Test("soft drop_column: new code inserts without the NOT NULL column until contract; rollback restores NOT NULL from a validated check", arguments: PostgresServer.all)
    func softDropReleasesNotNull(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let cluster = try PostgresCluster.start(port: 55461, server: server)
        defer { cluster.stop() }
        let dir = try LiveSpecs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = try LiveSpecs.write(id: "20260302000000_pg_soft_drop_not_null", title: "Soft drop", dialect: "postgresql", risk: "high",
                                       changes: """
                                         - drop_column: { table: accounts, column: status }
                                         - drop_column: { table: accounts, column: tier }
                                         - drop_column: { table: accounts, column: bio }
                                       """, into: dir)
        let scripts = try #require(try Scripts.compile(spec, into: dir))
        try cluster.createDatabase("live")
        _ = try cluster.query("""
            CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, status varchar(40) NOT NULL,
              tier text NOT NULL DEFAULT 'basic', bio text);
            COMMENT ON COLUMN accounts.status IS 'lifecycle';
            INSERT INTO accounts (id, email, status) VALUES (1, 'a@x', 'active'), (2, 'b@x', 'closed');
            """, in: "live")
        let start = try cluster.schema(of: "live")
        let session = PostgresSession(cluster: cluster, db: "live")
        let runbook = PostgresRunbook(cluster: cluster, db: "live", scripts: scripts)
        let grave = Plan.graveyardName("status")
        let ledger = WriteLedger(table: "accounts", key: "id", defaultValue: nil)
        ledger.seed([1: "a@x", 2: "b@x"])
        let newCode = AppWriter("new code", column: "email", session: session, ledger: ledger)
        func facts(_ column: String) throws -> String {
            try cluster.query("""
                SELECT a.attnotnull || '|' || coalesce(col_description(a.attrelid, a.attnum), '-') FROM pg_attribute a
                 WHERE a.attrelid = 'accounts'::regclass AND a.attname = '\(column)'
                """, in: "live")
        }

        for phase in ["forward", "forward"] {
            let result = runbook.run(phase)
            #expect(result.succeeded, "\(phase): \(result.output)")
        }
        // New code knows neither status nor tier.
        try newCode.insert(10, .value("new@x"))
        try newCode.update(1, "a2@x")
        #expect(try ledger.mismatches(in: session, column: "email").isEmpty)
        #expect(try facts(grave) == "false|" + Plan.releasedNotNullMark + "lifecycle")
        #expect(try facts(Plan.graveyardName("tier")) == "true|-", "a NOT NULL with a default stays")

        let refused = runbook.run("rollback")
        #expect(!refused.succeeded && refused.output.contains("1 row(s) of \"accounts\" have \"\(grave)\" NULL"), "\(refused.output)")
        #expect(try facts(grave) == "false|" + Plan.releasedNotNullMark + "lifecycle", "the refused rollback changed the column")
        _ = try cluster.query("UPDATE accounts SET \(Quote.ident(grave)) = 'active' WHERE id = 10", in: "live")
        // DEBUG1 says whether SET NOT NULL scanned the table or used the validated check.
        _ = try cluster.query("ALTER DATABASE live SET client_min_messages = debug1", in: "postgres")
        let rollback = runbook.run("rollback")
        _ = try cluster.query("ALTER DATABASE live RESET client_min_messages", in: "postgres")
        #expect(rollback.succeeded, "\(rollback.output)")
        #expect(rollback.output.contains("are sufficient to prove that it does not contain nulls"),
                "SET NOT NULL did not use the validated check:\n\(rollback.output)")
        #expect(runbook.run("rollback").succeeded, "rollback run again")
        #expect(try facts("status") == "true|lifecycle")
        #expect(try cluster.schema(of: "live") == start, "rollback did not restore the schema")

        for phase in ["forward", "contract", "contract", "verify"] {
            let result = runbook.run(phase)
            #expect(result.succeeded, "\(phase): \(result.output)")
        }
        try newCode.insert(11, .value("after@x"))
    }
}
