import Foundation
import Planner
import Testing
import TestSupport

/// Issue 12: NOT NULL without a full-table scan under ACCESS EXCLUSIVE, and a failed proof that
/// leaves nothing behind. PostgreSQL reports (DEBUG1) "verifying table" for every scan an
/// ALTER makes to check constraints (a VALIDATE, which lets writes go on, is one too) and
/// "existing constraints on column ... are sufficient" when a validated check spares
/// SET NOT NULL its scan; the tests count those.
@Suite(.serialized)
struct PostgreSQLNotNullProofTests {
    static func scans(_ output: String, _ table: String) -> Int {
        output.components(separatedBy: "verifying table \"\(table)\"").count - 1
    }

    static func proven(_ output: String, _ table: String, _ column: String) -> Bool {
        output.contains("existing constraints on column \"\(table).\(column)\" are sufficient to prove that it does not contain nulls")
    }

    @Test("add_primary_key on nullable columns proves NOT NULL by a validated check, then attaches a concurrently built index", arguments: PostgresServer.all)
    func primaryKeyOnNullableColumns(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = """
            CREATE TABLE events (tenant int, seq int, body text);
            INSERT INTO events SELECT g % 7, g, 'e' || g FROM generate_series(1, 2000) g;
            """
        let change = "  - add_primary_key: { table: events, name: events_pkey, columns: [tenant, seq] }"
        try LiveCase.run(port: 55451, server: server, id: "20260302000200_pg_pk_nullable", mode: "single_step", setup: setup, changes: change) { live in
            // A NULL key part: forward refuses with the count and leaves no proof behind.
            _ = try live.query("UPDATE events SET seq = NULL WHERE seq IN (5, 6)")
            let refused = live.run("forward")
            #expect(!refused.succeeded, "forward exited 0 with NULL keys")
            #expect(refused.output.contains("2 row(s) of \"events\" have \"seq\" NULL"), "\(refused.output)")
            #expect(try live.leftoverChecks("events") == "")
            #expect(try live.query("SELECT count(*) FROM pg_constraint WHERE conrelid = 'events'::regclass AND contype = 'p'") == "0")
            #expect(live.execute("INSERT INTO events VALUES (1, NULL, 'old code')").succeeded, "a NULL write was refused after the failed proof")
            _ = try live.query("DELETE FROM events WHERE seq IS NULL")

            let forward = live.runVerbose("forward")
            try #require(forward.succeeded, "\(forward.output)")
            // Two validations (one per column), and no scan under the ALTER that adds the key.
            #expect(Self.scans(forward.output, "events") == 2, "\(forward.output)")
            #expect(Self.proven(forward.output, "events", "tenant") && Self.proven(forward.output, "events", "seq"), "\(forward.output)")
            #expect(try live.query("SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) WHERE i.indrelid = 'events'::regclass AND i.indisprimary") == "tenant,seq")
            #expect(try live.leftoverChecks("events") == "")
            let again = live.run("forward")
            #expect(again.succeeded, "forward run again: \(again.output)")
            #expect(live.run("verify").succeeded)
        }
    }

    @Test("the rollback of drop_not_null proves NOT NULL first, can run again, and refuses NULLs written since forward", arguments: PostgresServer.all)
    func rollbackOfDropNotNull(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = """
            CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);
            INSERT INTO accounts SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 2000) g;
            """
        let change = "  - drop_not_null: { table: accounts, column: email }"
        try LiveCase.run(port: 55451, server: server, id: "20260302000300_pg_drop_not_null", mode: "single_step", setup: setup, changes: change) { live in
            try #require(live.run("forward").succeeded)
            // New code writes a NULL: rollback refuses with the count, leaves nothing behind.
            _ = try live.query("INSERT INTO accounts VALUES (-1, NULL)")
            let refused = live.run("rollback")
            #expect(!refused.succeeded, "rollback exited 0 with a NULL email")
            #expect(refused.output.contains("1 row(s) of \"accounts\" have \"email\" NULL"), "\(refused.output)")
            #expect(try live.leftoverChecks("accounts") == "")
            #expect(live.execute("INSERT INTO accounts VALUES (-2, NULL)").succeeded, "a NULL write was refused after the failed rollback")
            _ = try live.query("DELETE FROM accounts WHERE email IS NULL")

            let rollback = live.runVerbose("rollback")
            try #require(rollback.succeeded, "\(rollback.output)")
            #expect(Self.scans(rollback.output, "accounts") == 1, "only the VALIDATE may scan: \(rollback.output)")
            #expect(Self.proven(rollback.output, "accounts", "email"), "\(rollback.output)")
            #expect(try live.query("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'email'") == "t")
            #expect(try live.leftoverChecks("accounts") == "")
            let again = live.run("rollback")
            #expect(again.succeeded, "rollback run again: \(again.output)")
        }
    }

    @Test("the rollback of set_not_null can run again", arguments: PostgresServer.all)
    func rollbackOfSetNotNullRunsTwice(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = """
            CREATE TABLE accounts (id bigint PRIMARY KEY, email text);
            INSERT INTO accounts SELECT g, 'u' || g FROM generate_series(1, 50) g;
            """
        let change = "  - set_not_null: { table: accounts, column: email }"
        try LiveCase.run(port: 55451, server: server, id: "20260302000400_pg_set_not_null", mode: "single_step", setup: setup, changes: change) { live in
            try #require(live.run("forward").succeeded)
            for attempt in 1...2 {
                let rollback = live.run("rollback")
                #expect(rollback.succeeded, "rollback \(attempt): \(rollback.output)")
            }
            #expect(try live.query("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'email'") == "f")
            #expect(live.run("forward").succeeded, "forward after rollback")
        }
    }

    /// Issue 12: a failed NOT NULL contract left its NOT VALID check behind, which then refused
    /// old code's NULL writes (it still runs while contract is retried). With rows still NULL,
    /// contract must refuse with the count and leave nothing; a check an earlier run left
    /// behind goes too; once the rows are filled, contract completes.
    @Test("a NOT NULL contract that fails on NULL rows leaves nothing behind, and old code can still write NULL", arguments: PostgresServer.all)
    func failedNotNullContract(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = """
            CREATE TABLE accounts (id bigint PRIMARY KEY, email text);
            INSERT INTO accounts SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'u' || g END FROM generate_series(1, 100) g;
            """
        let change = "  - set_not_null: { table: accounts, column: email }"
        try LiveCase.run(port: 55451, server: server, id: "20260302000500_pg_not_null_contract", setup: setup, changes: change) { live in
            for phase in ["forward", "backfill"] { try #require(live.run(phase).succeeded, "\(phase)") }
            #expect(live.execute("INSERT INTO accounts VALUES (-1, NULL)").succeeded, "old code's NULL write refused before contract")
            let refused = live.run("contract")
            #expect(!refused.succeeded, "contract exited 0 with NULL rows")
            #expect(refused.output.contains("11 row(s) of \"accounts\" have \"email\" NULL"), "\(refused.output)")
            #expect(try live.leftoverChecks("accounts") == "")
            #expect(live.execute("INSERT INTO accounts VALUES (-2, NULL)").succeeded, "old code's NULL write refused after the failed contract")

            // A proof an earlier run left behind (NOT VALID) is removed by the refusal.
            let check = Plan.notNullCheckName(table: "accounts", column: "email")
            _ = try live.query("ALTER TABLE accounts ADD CONSTRAINT \"\(check)\" CHECK (email IS NOT NULL) NOT VALID")
            #expect(!live.run("contract").succeeded)
            #expect(try live.leftoverChecks("accounts") == "")
            #expect(live.execute("INSERT INTO accounts VALUES (-3, NULL)").succeeded)

            _ = try live.query("UPDATE accounts SET email = 'filled' WHERE email IS NULL")
            let contract = live.run("contract")
            #expect(contract.succeeded, "\(contract.output)")
            #expect(try live.query("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'email'") == "t")
            #expect(try live.leftoverChecks("accounts") == "")
            #expect(live.run("contract").succeeded, "contract run again")
            #expect(live.run("verify").succeeded)
        }
    }
}
