import Foundation
import Planner
import Testing
import TestSupport

/// Issue 13 item 6: `targets.postgresql`. With 18, NOT NULL is PostgreSQL 18's own not-null
/// constraint, added NOT VALID and validated (SHARE UPDATE EXCLUSIVE, one scan), with no
/// `SET NOT NULL` and no proof check; below 18 (the default) the check dance, on both servers.
@Suite(.serialized)
struct PostgreSQLTargetVersionTests {
    struct Case: Sendable, CustomStringConvertible {
        let server: PostgresServer
        let target: Int?
        var description: String { "\(server), target \(target.map(String.init) ?? "default")" }
    }

    /// Target 18 runs only on PostgreSQL 18; the default target on both.
    static let cases: [Case] = PostgresServer.all.flatMap { server in
        [Case(server: server, target: nil)] + (server.major >= 18 ? [Case(server: server, target: 18)] : [])
    }

    static func notNullConstraints(_ live: LiveCase) -> String {
        (try? live.query("SELECT coalesce(string_agg(conname || ':' || convalidated, ',' ORDER BY conname), '') FROM pg_constraint "
                       + "WHERE conrelid = 'accounts'::regclass AND contype = 'n'")) ?? "(query failed)"
    }

    @Test("set_not_null after a backfill: verify fails, forward, backfill, contract, verify, rollback, again", arguments: cases)
    func notNullRoundTrip(_ c: Case) throws {
        guard !EngineGate.skipped else { return }
        let setup = """
            CREATE TABLE accounts (id bigint PRIMARY KEY, email text);
            INSERT INTO accounts SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'u' || g END FROM generate_series(1, 500) g;
            """
        let changes = """
              - backfill: { table: accounts, set: { email: { value: unknown } }, where: email IS NULL }
              - set_not_null: { table: accounts, column: email }
            """
        try LiveCase.run(port: 55470, server: c.server, id: "20261201000100_pg_target_not_null", mode: "single_step",
                         targets: c.target.map { "postgresql: \($0)" }, setup: setup, changes: changes) { live in
            let backfill = try String(contentsOfFile: live.scripts.path("backfill"), encoding: .utf8)
            let record = try String(contentsOfFile: live.scripts.dir + "/CHANGE.md", encoding: .utf8)
            // As CHANGE.md shows it: Markdown escapes the leading underscore.
            let check = "\\" + Plan.notNullCheckName(table: "accounts", column: "email")
            if c.target == 18 {
                #expect(backfill.contains("ADD CONSTRAINT \"accounts_email_not_null\" NOT NULL \"email\" NOT VALID"))
                #expect(backfill.contains("VALIDATE CONSTRAINT \"accounts_email_not_null\""))
                #expect(!backfill.contains("SET NOT NULL") && !backfill.contains("IS NOT NULL) NOT VALID"), "\(backfill)")
                // The record says what the 18 script runs, not the check of older targets.
                #expect(record.contains("add NOT NULL constraint accounts_email_not_null on accounts (email) NOT VALID"), "\(record)")
                #expect(record.contains("validate accounts_email_not_null on accounts"), "\(record)")
                #expect(!record.contains("add check \(check)") && !record.contains("validate \(check)"), "\(record)")
                #expect(!record.contains("lets SET NOT NULL skip its scan"), "\(record)")
            } else {
                #expect(backfill.contains("IS NOT NULL) NOT VALID") && backfill.contains("SET NOT NULL"))
                #expect(record.contains("add check \(check) (email IS NOT NULL)") && !record.contains("accounts_email_not_null"), "\(record)")
            }
            #expect(!live.run("verify").succeeded, "verify passed before forward")

            try #require(live.run("forward").succeeded)
            let filled = live.runVerbose("backfill")
            try #require(filled.succeeded, "\(filled.output)")
            // One scan: the VALIDATE, under a lock that lets writes go on; SET NOT NULL scans nothing.
            #expect(PostgreSQLNotNullProofTests.scans(filled.output, "accounts") == 1, "\(filled.output)")
            for phase in ["contract", "verify"] { #expect(live.run(phase).succeeded, "\(phase)") }
            #expect(try live.query("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'email'") == "t")
            #expect(try live.leftoverChecks("accounts") == "")
            if c.server.major >= 18 {
                // Either way the column ends with PostgreSQL 18's own validated constraint.
                #expect(Self.notNullConstraints(live) == "accounts_email_not_null:true,accounts_id_not_null:true", "\(Self.notNullConstraints(live))")
            }
            #expect(!live.execute("INSERT INTO accounts VALUES (-3, NULL)").succeeded, "a NULL write was accepted after backfill")

            for attempt in 1...2 { #expect(live.run("rollback").succeeded, "rollback \(attempt)") }
            #expect(try live.query("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'email'") == "f")
            #expect(try live.leftoverChecks("accounts") == "")
            if c.server.major >= 18 { #expect(Self.notNullConstraints(live) == "accounts_id_not_null:true", "\(Self.notNullConstraints(live))") }
            #expect(!live.run("verify").succeeded, "verify passed after rollback")

            for phase in ["forward", "backfill", "backfill", "contract", "verify"] {
                let result = live.run(phase)
                #expect(result.succeeded, "\(phase) after rollback: \(result.output)")
            }
        }
    }

    /// A NOT VALID not-null constraint sets attnotnull and information_schema's is_nullable,
    /// yet old rows may still be NULL: verify must not take it for NOT NULL.
    @Test("verify refuses a NOT VALID not-null constraint", arguments: [PostgresServer.pg18])
    func verifySeesNotValid(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = """
            CREATE TABLE accounts (id bigint PRIMARY KEY, email text);
            INSERT INTO accounts VALUES (1, NULL), (2, 'b');
            ALTER TABLE accounts ADD CONSTRAINT accounts_email_not_null NOT NULL email NOT VALID;
            """
        try LiveCase.run(port: 55470, server: server, id: "20261201000200_pg_target_not_valid", mode: "single_step",
                         targets: "postgresql: 18", setup: setup,
                         changes: "  - set_not_null: { table: accounts, column: email }") { live in
            let verify = live.run("verify")
            #expect(!verify.succeeded, "verify passed with a NOT VALID not-null constraint")
            #expect(verify.output.contains("NOT NULL is NOT VALID yet"), "\(verify.output)")
            // Forward counts the NULL, removes the unvalidatable constraint and stops.
            let refused = live.run("forward")
            #expect(!refused.succeeded)
            #expect(Self.notNullConstraints(live) == "accounts_id_not_null:true", "\(Self.notNullConstraints(live))")
            _ = try live.query("UPDATE accounts SET email = 'a' WHERE id = 1")
            #expect(live.run("forward").succeeded)
            #expect(live.run("verify").succeeded)
        }
    }

    /// Scripts for 18 stop on PostgreSQL 15 before they run anything, naming both versions.
    @Test("scripts for a newer target refuse an older server before anything runs", arguments: [PostgresServer.pg15])
    func olderServerRefused(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = "CREATE TABLE accounts (id bigint PRIMARY KEY, email text); INSERT INTO accounts VALUES (1, 'a');"
        try LiveCase.run(port: 55470, server: server, id: "20261201000300_pg_target_refused", mode: "single_step",
                         targets: "postgresql: 18", setup: setup,
                         changes: "  - set_not_null: { table: accounts, column: email }") { (live: LiveCase) throws in
            for phase in ["forward", "rollback", "verify"] {
                let result = live.run(phase)
                #expect(!result.succeeded, "\(phase) ran on PostgreSQL 15")
                #expect(result.output.contains("written for PostgreSQL 18 (targets.postgresql) and this server is 15"), "\(result.output)")
            }
            #expect(try live.query("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'email'") == "f")
            #expect(try live.leftoverChecks("accounts") == "")
        }
    }

    // MARK: the other NOT NULL proofs on 18 (add_primary_key, a soft drop's rollback, contract's take-over)

    /// The key's columns and whether each is NOT NULL now, with their not-null constraints.
    static func keyFacts(_ live: LiveCase, _ table: String) -> String {
        (try? live.query("""
            SELECT coalesce((SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_index i JOIN pg_attribute a
                   ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) WHERE i.indrelid = '\(table)'::regclass AND i.indisprimary), '-')
              || '|' || coalesce((SELECT string_agg(conname || ':' || convalidated, ',' ORDER BY conname) FROM pg_constraint
                   WHERE conrelid = '\(table)'::regclass AND contype = 'n'), '')
            """)) ?? "(query failed)"
    }

    @Test("target 18: add_primary_key proves nullable key columns by NOT NULL NOT VALID, then attaches a concurrently built index", arguments: [PostgresServer.pg18])
    func primaryKeyOn18(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        // tenant is NOT NULL already (its own validated constraint): a refusal must leave it be.
        let setup = """
            CREATE TABLE events (tenant int NOT NULL, seq int, body text);
            INSERT INTO events SELECT g % 7, g, 'e' || g FROM generate_series(1, 2000) g;
            """
        let change = "  - add_primary_key: { table: events, name: events_pkey, columns: [tenant, seq] }"
        try LiveCase.run(port: 55470, server: server, id: "20261201000400_pg_target_pk", mode: "single_step",
                         targets: "postgresql: 18", setup: setup, changes: change) { live in
            let forwardText = try String(contentsOfFile: live.scripts.path("forward"), encoding: .utf8)
            #expect(forwardText.contains("ADD CONSTRAINT \"events_seq_not_null\" NOT NULL \"seq\" NOT VALID"), "\(forwardText)")
            #expect(forwardText.contains("CREATE UNIQUE INDEX CONCURRENTLY"), "\(forwardText)")
            #expect(forwardText.contains("PRIMARY KEY USING INDEX \"events_pkey\""), "\(forwardText)")
            #expect(!forwardText.contains("IS NOT NULL) NOT VALID"), "the < 18 check is still used: \(forwardText)")
            let record = try String(contentsOfFile: live.scripts.dir + "/CHANGE.md", encoding: .utf8)
            #expect(record.contains("own NOT VALID constraint (events_tenant_not_null, events_seq_not_null)"), "\(record)")

            // A NULL key part: forward refuses with the count, and leaves tenant's own NOT NULL and no proof.
            _ = try live.query("UPDATE events SET seq = NULL WHERE seq IN (5, 6)")
            let refused = live.run("forward")
            #expect(!refused.succeeded, "forward exited 0 with NULL keys")
            #expect(refused.output.contains("2 row(s) of \"events\" have \"seq\" NULL"), "\(refused.output)")
            #expect(Self.keyFacts(live, "events") == "-|events_tenant_not_null:true", "\(Self.keyFacts(live, "events"))")
            #expect(live.execute("INSERT INTO events VALUES (1, NULL, 'old code')").succeeded, "a NULL write was refused after the failed proof")
            _ = try live.query("DELETE FROM events WHERE seq IS NULL")

            let forward = live.runVerbose("forward")
            try #require(forward.succeeded, "\(forward.output)")
            // One scan, the VALIDATE of seq's constraint (reads and writes go on); SET NOT NULL and
            // ADD PRIMARY KEY USING INDEX under ACCESS EXCLUSIVE scan nothing.
            #expect(PostgreSQLNotNullProofTests.scans(forward.output, "events") == 1, "\(forward.output)")
            #expect(Self.keyFacts(live, "events") == "tenant,seq|events_seq_not_null:true,events_tenant_not_null:true", "\(Self.keyFacts(live, "events"))")
            #expect(try live.leftoverChecks("events") == "")
            #expect(try live.query("SELECT indisvalid FROM pg_index WHERE indexrelid = 'events_pkey'::regclass") == "t")
            let again = live.run("forward")
            #expect(again.succeeded, "forward run again: \(again.output)")
            #expect(live.run("verify").succeeded)
            #expect(!live.execute("INSERT INTO events VALUES (1, NULL, 'x')").succeeded, "a NULL key part was accepted")
        }
    }

    @Test("target 18: a soft drop_column's rollback gives NOT NULL back by NOT NULL NOT VALID, under the original constraint name", arguments: [PostgresServer.pg18])
    func softDropRollbackOn18(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = """
            CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, status varchar(40) NOT NULL);
            INSERT INTO accounts SELECT g, 'u' || g, 'active' FROM generate_series(1, 500) g;
            """
        try LiveCase.run(port: 55470, server: server, id: "20261201000500_pg_target_soft_drop", targets: "postgresql: 18", setup: setup,
                         changes: "  - drop_column: { table: accounts, column: status }") { live in
            let rollbackText = try String(contentsOfFile: live.scripts.path("rollback"), encoding: .utf8)
            #expect(rollbackText.contains("ADD CONSTRAINT \"accounts_status_not_null\" NOT NULL"), "\(rollbackText)")
            #expect(!rollbackText.contains("IS NOT NULL) NOT VALID"), "the < 18 check is still used: \(rollbackText)")
            let before = Self.notNullConstraints(live)
            try #require(live.run("forward").succeeded)
            let grave = Plan.graveyardName("status")
            _ = try live.query("INSERT INTO accounts (id, email) VALUES (-1, 'new code')")
            let refused = live.run("rollback")
            #expect(!refused.succeeded && refused.output.contains("1 row(s) of \"accounts\" have \"\(grave)\" NULL"), "\(refused.output)")
            _ = try live.query("UPDATE accounts SET \(Quote.ident(grave)) = 'active' WHERE id = -1")

            let rollback = live.runVerbose("rollback")
            try #require(rollback.succeeded, "\(rollback.output)")
            #expect(PostgreSQLNotNullProofTests.scans(rollback.output, "accounts") == 1, "only the VALIDATE may scan: \(rollback.output)")
            #expect(live.run("rollback").succeeded, "rollback run again")
            #expect(Self.notNullConstraints(live) == before, "\(Self.notNullConstraints(live)) after rollback, \(before) before")
            #expect(try live.leftoverChecks("accounts") == "")
            #expect(try live.query("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'status'") == "t")
            for phase in ["forward", "contract", "verify"] { #expect(live.run(phase).succeeded, "\(phase) after rollback") }
        }
    }

    @Test("target 18: contract hands NOT NULL to the new column of a rename and a type change by NOT NULL NOT VALID", arguments: [PostgresServer.pg18])
    func contractTakeOverOn18(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = """
            CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL, code varchar(20) NOT NULL);
            INSERT INTO accounts SELECT g, 'u' || g, 'c' || g FROM generate_series(1, 500) g;
            """
        let changes = """
              - rename_column: { table: accounts, from: email, to: mail }
              - alter_column_type: { table: accounts, column: id, type: bigint, was: integer }
              - alter_column_type: { table: accounts, column: code, type: varchar(60), was: varchar(20) }
            """
        try LiveCase.run(port: 55470, server: server, id: "20261201000600_pg_target_take_over", targets: "postgresql: 18", setup: setup,
                         changes: changes) { live in
            let contractText = try String(contentsOfFile: live.scripts.path("contract"), encoding: .utf8)
            #expect(contractText.contains("ADD CONSTRAINT \"accounts_mail_not_null\" NOT NULL \"mail\" NOT VALID"), "\(contractText)")
            #expect(!contractText.contains("IS NOT NULL) NOT VALID"), "the < 18 check is still used: \(contractText)")
            for phase in ["forward", "backfill"] { try #require(live.run(phase).succeeded, "\(phase)") }
            let contract = live.runVerbose("contract")
            try #require(contract.succeeded, "\(contract.output)")
            // The three VALIDATEs scan (writes go on); nothing under the swap's ACCESS EXCLUSIVE does.
            #expect(PostgreSQLNotNullProofTests.scans(contract.output, "accounts") == 3, "\(contract.output)")
            #expect(Self.keyFacts(live, "accounts") == "id|accounts_code_not_null:true,accounts_id_not_null:true,accounts_mail_not_null:true",
                    "\(Self.keyFacts(live, "accounts"))")
            #expect(try live.query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'id'") == "bigint")
            #expect(try live.leftoverChecks("accounts") == "")
            #expect(live.run("verify").succeeded)
            #expect(!live.execute("INSERT INTO accounts VALUES (-1, NULL, 'x')").succeeded, "a NULL mail was accepted")
        }
    }

    // MARK: E0318 and the author's own functions

    /// A polyfill of PostgreSQL 18's uuidv7() that a `sql` change creates is the author's
    /// function, not one the target lacks: the spec compiles for the default target and runs on
    /// 15 (which has no uuidv7()) and on 18 (where pg_catalog's comes first).
    @Test("a function the spec creates is not reported as missing from the target, and the scripts run", arguments: PostgresServer.all)
    func ownFunctionOfANewerName(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = "CREATE TABLE events (id bigint PRIMARY KEY); INSERT INTO events SELECT g FROM generate_series(1, 50) g;"
        let changes = """
              - sql:
                  forward: "CREATE OR REPLACE FUNCTION uuidv7() RETURNS uuid LANGUAGE sql VOLATILE AS 'SELECT gen_random_uuid()'"
                  rollback: "DROP FUNCTION IF EXISTS public.uuidv7()"
                  verify: "SELECT uuidv7()"
                  risk: medium
              - add_column: { table: events, column: { name: token, type: uuid } }
              - backfill: { table: events, set: { token: { sql: "uuidv7()" } }, where: token IS NULL }
            """
        try LiveCase.run(port: 55470, server: server, id: "20261201000700_pg_target_own_function", mode: "single_step",
                         setup: setup, changes: changes) { (live: LiveCase) throws in
            for phase in ["forward", "forward", "backfill", "backfill", "contract", "verify"] {
                let result = live.run(phase)
                #expect(result.succeeded, "\(phase): \(result.output)")
            }
            #expect(try live.query("SELECT count(*) FROM events WHERE token IS NULL") == "0")
        }
    }
}
