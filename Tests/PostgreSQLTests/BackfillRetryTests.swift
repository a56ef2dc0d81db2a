import Foundation
import Testing
import TestSupport

/// A backfill batch that meets a writer: a row lock held past `lock_timeout`, or a deadlock in
/// which PostgreSQL picks the batch as the victim (SQLSTATE 40P01). Either way the batch is rolled
/// back, the attempt is printed, and after a pause the batch is tried again and the backfill finishes.
@Suite(.serialized)
struct PostgreSQLBackfillRetryTests {
    /// A backfill of every row's score, in batches of 100 over 300 rows.
    static func spec(lockTimeout: String, in dir: String) throws -> String {
        let path = dir + "/20261124093200_events_fill_score.yaml"
        try """
            plancc: 1
            id: 20261124093200_events_fill_score
            title: Fill event scores
            intent: Give every event a score.
            rationale: Reports rank events by score.
            risk: medium
            dialects: [postgresql]
            rollback:
              strategy: reverse
              notes: Scores are derived data; they are not put back.
            rollout:
              lock_timeout: \(lockTimeout)
              lock_retries: 3
              batch_size: 100
            changes:
              - backfill:
                  table: events
                  set:
                    score: { sql: "length(kind) * 10" }

            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func setUp(_ server: PostgresServer, lockTimeout: String,
                      _ body: (PostgresCluster, Scripts) throws -> Void) throws {
        let cluster = try PostgresCluster.start(port: 55438, server: server)
        defer { cluster.stop() }
        let out = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let scripts = try #require(try Scripts.compile(try spec(lockTimeout: lockTimeout, in: out), into: out))
        try cluster.createDatabase("app")
        _ = try cluster.query("""
            CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL, score integer, note text);
            INSERT INTO events (id, kind) SELECT n, repeat('k', 1 + n % 5) FROM generate_series(1, 300) AS n;
            """, in: "app")
        try body(cluster, scripts)
    }

    /// Waits until a session runs a statement holding `marker`.
    static func waitFor(_ marker: String, on cluster: PostgresCluster) throws {
        let deadline = Date().addingTimeInterval(10)
        while try cluster.query("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%\(marker)%' AND pid <> pg_backend_pid();") == "0" {
            try #require(Date() < deadline, "no session ran \(marker)")
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    static func expectFilled(_ cluster: PostgresCluster, _ scripts: Scripts) throws {
        #expect(try cluster.query("SELECT count(*) FROM events WHERE score IS DISTINCT FROM length(kind) * 10", in: "app") == "0")
        let verify = cluster.runPlain(scripts.path("verify"), in: "app")
        #expect(verify.succeeded, "\(verify.stderr)")
    }

    @Test("a batch chosen as a deadlock's victim is rolled back and tried again", arguments: PostgresServer.all)
    func deadlockedBatchIsRetried(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        // lock_timeout far above deadlock_timeout (1 s), so the batch's wait ends in deadlock detection.
        try Self.setUp(server, lockTimeout: "10s") { cluster, scripts in
            // The writer locks row 50, waits until the batch (which locks row 1 first) is blocked on
            // it, then wants row 1: each waits for the other. Its own deadlock_timeout is long, so the
            // batch's check finds the cycle first and the batch is the one cancelled.
            let writer = Background {
                cluster.run("""
                    BEGIN;
                    SET LOCAL deadlock_timeout = '30s';
                    UPDATE events SET note = 'writer' WHERE id = 50;
                    DO $$ BEGIN /* plancc-test-writer */
                        FOR i IN 1..1000 LOOP
                            EXIT WHEN EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted);
                            PERFORM pg_sleep(0.01);
                        END LOOP;
                    END $$;
                    UPDATE events SET note = 'writer' WHERE id = 1;
                    COMMIT;
                    """, in: "app")
            }
            try Self.waitFor("plancc-test-writer", on: cluster)
            let backfill = cluster.runPlain(scripts.path("backfill"), in: "app")
            let wrote = writer.wait()
            #expect(wrote.succeeded, "the writer failed:\n\(wrote.stderr)")
            #expect(backfill.succeeded, "\(backfill.stderr)")
            #expect(backfill.stderr.contains(#"plancc: change 1 (backfill) on table "events": batch deadlocked with another session (attempt 1 of 4), trying again"#),
                    "no deadlock retry was printed:\n\(backfill.stderr)")
            #expect(backfill.stderr.contains("finished, 300 rows updated"), "\(backfill.stderr)")
            #expect(try cluster.query("SELECT string_agg(id::text, ',' ORDER BY id) FROM events WHERE note = 'writer'", in: "app") == "1,50")
            try Self.expectFilled(cluster, scripts)
        }
    }

    @Test("a batch that waits past lock_timeout for a row a writer holds is tried again", arguments: PostgresServer.all)
    func lockedBatchIsRetried(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        try Self.setUp(server, lockTimeout: "200ms") { cluster, scripts in
            let writer = Background {
                cluster.run("BEGIN; SELECT 1 FROM events WHERE id = 150 FOR UPDATE; SELECT 'plancc-test-holder', pg_sleep(1.5); COMMIT;", in: "app")
            }
            try Self.waitFor("plancc-test-holder", on: cluster)
            let backfill = cluster.runPlain(scripts.path("backfill"), in: "app")
            _ = writer.wait()
            #expect(backfill.succeeded, "\(backfill.stderr)")
            #expect(backfill.stderr.contains(#"plancc: change 1 (backfill) on table "events": batch lock not available (attempt 1 of 4), trying again"#), "no retry was printed:\n\(backfill.stderr)")
            #expect(backfill.stderr.contains("finished, 300 rows updated"), "\(backfill.stderr)")
            try Self.expectFilled(cluster, scripts)
        }
    }
}
