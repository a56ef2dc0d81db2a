import Foundation
import Planner
import Testing
import TestSupport

/// Re-runs after a stop: the author's code without a verify runs once even when psql dies between
/// it and its ledger row, and a finished single-step change is skipped whole on a re-run.
@Suite(.serialized)
struct PostgreSQLRerunTests {
    /// A ledger row that kills its own session as it is written: what `kill -9` of psql right
    /// after the author's UPDATE looks like to the server.
    static let killedAtLedger = """
        CREATE TABLE plancc_ledger (spec_id text NOT NULL, change_index integer NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (spec_id, change_index));
        CREATE FUNCTION die() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$;
        CREATE TRIGGER die BEFORE INSERT ON plancc_ledger FOR EACH ROW EXECUTE FUNCTION die();
        """

    @Test("sql without verify: a session killed at the ledger row leaves the UPDATE undone, and the re-run applies it once", arguments: PostgresServer.all)
    func authorCodeAndLedgerRowCommitTogether(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = "CREATE TABLE counters (id integer PRIMARY KEY, n integer NOT NULL);\nINSERT INTO counters VALUES (1, 0);\n" + Self.killedAtLedger
        let change = """
              - sql:
                  forward: "UPDATE counters SET n = n + 1"
                  risk: medium
            """
        try LiveCase.run(port: 55480, server: server, id: "20260302002000_pg_ledger_tx", mode: "single_step", rollback: "forward_fix", setup: setup, changes: change) { live in
            let killed = live.run("forward")
            #expect(!killed.succeeded, "forward survived its killed session: \(killed.output)")
            #expect(try live.query("SELECT n FROM counters") == "0", "the UPDATE outlived the session that died before its ledger row")
            _ = try live.query("DROP TRIGGER die ON plancc_ledger")
            let forward = live.run("forward")
            try #require(forward.succeeded, "\(forward.output)")
            #expect(try live.query("SELECT n FROM counters") == "1")
            let again = live.run("forward")
            #expect(again.succeeded && again.output.contains("ran before"), "\(again.output)")
            #expect(try live.query("SELECT n FROM counters") == "1")
        }
    }

    @Test("sql without verify holding CREATE INDEX CONCURRENTLY still runs outside a transaction, and once", arguments: [PostgresServer.pg15])
    func authorCodeThatCannotRunInATransaction(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = "CREATE TABLE items (id integer PRIMARY KEY, sku text);"
        let change = """
              - sql:
                  forward: "CREATE INDEX CONCURRENTLY items_sku_idx ON items (sku)"
                  risk: medium
            """
        try LiveCase.run(port: 55480, server: server, id: "20260302002100_pg_ledger_concurrently", mode: "single_step", rollback: "forward_fix", setup: setup, changes: change) { live in
            let script = try String(contentsOfFile: live.scripts.path("forward"), encoding: .utf8)
            #expect(script.contains("it holds CREATE INDEX CONCURRENTLY, which cannot run in a transaction block"), "\(script)")
            let forward = live.run("forward")
            try #require(forward.succeeded, "\(forward.output)")
            #expect(try live.query("SELECT count(*) FROM pg_index WHERE indexrelid = 'items_sku_idx'::regclass AND indisvalid") == "1")
            let again = live.run("forward")
            #expect(again.succeeded && again.output.contains("ran before"), "\(again.output)")
        }
    }

    /// Sequential scans of `table` so far, as the statistics say once the sessions that made them ended.
    static func seqScans(_ live: LiveCase, _ table: String) throws -> String {
        try live.query("SELECT seq_scan FROM pg_stat_user_tables WHERE relname = '\(table)'")
    }

    @Test("a re-run of a finished single_step set_not_null below 18 counts no NULLs, adds no check and validates nothing", arguments: [PostgresServer.pg15])
    func finishedSetNotNullIsSkipped(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = """
            CREATE TABLE accounts (id integer PRIMARY KEY, email text);
            INSERT INTO accounts SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 2000) g;
            """
        let change = "  - set_not_null: { table: accounts, column: email }"
        try LiveCase.run(port: 55480, server: server, id: "20260302002400_pg_set_not_null_rerun", mode: "single_step", setup: setup, changes: change) { live in
            try #require(live.run("forward").succeeded)
            #expect(try live.query("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'email'") == "t")
            let before = try Self.seqScans(live, "accounts")
            let again = live.runVerbose("forward")
            try #require(again.succeeded, "\(again.output)")
            #expect(!again.output.contains("verifying table"), "the re-run validated again: \(again.output)")
            #expect(try Self.seqScans(live, "accounts") == before, "the re-run scanned the table (NULL count or VALIDATE)")
            #expect(try live.leftoverChecks("accounts") == "")
            // A run stopped after SET NOT NULL, before the check went: the re-run drops it.
            _ = try live.query("ALTER TABLE accounts ADD CONSTRAINT \(Plan.notNullCheckName(table: "accounts", column: "email")) CHECK (email IS NOT NULL)")
            try #require(live.run("forward").succeeded)
            #expect(try live.leftoverChecks("accounts") == "")
        }
    }

    @Test("a re-run of a finished single_step alter_column_type takes no lock on the table and rewrites nothing", arguments: PostgresServer.all)
    func finishedTypeChangeIsSkipped(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = """
            CREATE TABLE accounts (id integer PRIMARY KEY, code varchar(10), score integer, doc json);
            INSERT INTO accounts SELECT g, 'c' || g, g, '{}' FROM generate_series(1, 200) g;
            """
        let change = """
              - alter_column_type: { table: accounts, column: code, type: varchar(40), was: varchar(10) }
              - alter_column_type: { table: accounts, column: score, type: bigint, was: integer }
              - alter_column_type: { table: accounts, column: doc, type: { postgresql: jsonb }, was: { postgresql: json }, using: "doc::jsonb" }
            """
        try LiveCase.run(port: 55480, server: server, id: "20260302002500_pg_type_change_rerun", mode: "single_step", setup: setup, changes: change) { live in
            try #require(live.run("forward").succeeded)
            let types = "SELECT string_agg(format_type(atttypid, atttypmod), ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attnum > 1"
            #expect(try live.query(types) == "character varying(40),bigint,jsonb")
            let file = try live.query("SELECT relfilenode FROM pg_class WHERE relname = 'accounts'")
            // Another session holds a lock that conflicts with every ALTER TABLE: a re-run that
            // took one would wait and hit lock_timeout.
            let holder = Background {
                Shell.run("\(live.cluster.bin)/psql -h \(Shell.quote(live.cluster.dir)) -p \(live.cluster.port) -U postgres -X -q -d \(live.db) "
                          + "-c \"BEGIN; LOCK TABLE accounts IN ROW EXCLUSIVE MODE; SELECT pg_sleep(4); COMMIT;\"")
            }
            defer { _ = holder.wait() }
            Thread.sleep(forTimeInterval: 0.5)
            let again = live.run("forward")
            #expect(again.succeeded && !again.output.contains("lock not available"), "the re-run waited for a lock or failed: \(again.output)")
            #expect(try live.query("SELECT relfilenode FROM pg_class WHERE relname = 'accounts'") == file, "the re-run rewrote the table")
            #expect(try live.query(types) == "character varying(40),bigint,jsonb")
        }
    }
}
