import Foundation
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
            if c.target == 18 {
                #expect(backfill.contains("ADD CONSTRAINT \"accounts_email_not_null\" NOT NULL \"email\" NOT VALID"))
                #expect(backfill.contains("VALIDATE CONSTRAINT \"accounts_email_not_null\""))
                #expect(!backfill.contains("SET NOT NULL") && !backfill.contains("IS NOT NULL) NOT VALID"), "\(backfill)")
            } else {
                #expect(backfill.contains("IS NOT NULL) NOT VALID") && backfill.contains("SET NOT NULL"))
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
}
