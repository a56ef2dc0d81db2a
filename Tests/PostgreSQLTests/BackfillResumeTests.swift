import Foundation
import Testing
import TestSupport

/// A backfill cancelled between batches keeps what it committed; running it again finishes the job.
@Suite(.serialized)
struct PostgreSQLBackfillResumeTests {
    static let spec = Fixtures.specs + "/20260101000300_pg_backfill_resume/20260101000300_pg_backfill_resume.yaml"
    static let done = "SELECT count(*) FROM events WHERE score IS NOT NULL"

    @Test("a backfill cancelled mid-way, run again, completes with the right data", arguments: PostgresServer.all)
    func cancelledBackfillResumes(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let cluster = try PostgresCluster.start(port: 55434, server: server)
        defer { cluster.stop() }
        let out = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let scripts = try #require(try Scripts.compile(Self.spec, into: out))
        try cluster.createDatabase("events")
        try #require(cluster.runFile(Fixtures.fixture(for: scripts.id), in: "events").succeeded)
        try #require(cluster.runFile(scripts.path("forward"), in: "events").succeeded)

        // A thread of its own, not a task: the cooperative pool may be busy with other blocking tests.
        let running = Background { cluster.runFile(scripts.path("backfill"), in: "events") }
        // Cancel once the first batches are committed (90 batches of 20 rows, 50 ms apart).
        while try cluster.query(Self.done, in: "events") == "0" {
            Thread.sleep(forTimeInterval: 0.02)
        }
        _ = try cluster.query("""
            SELECT pg_cancel_backend(pid) FROM pg_stat_activity
             WHERE datname = 'events' AND query LIKE 'DO %' AND pid <> pg_backend_pid();
            """)
        let cancelled = running.wait()
        #expect(!cancelled.succeeded, "the backfill finished before it could be cancelled")
        #expect(cancelled.stderr.contains("canceling statement"), "\(cancelled.stderr)")

        let partial = try #require(Int(try cluster.query(Self.done, in: "events")))
        #expect(partial > 0 && partial < 1800, "after the cancel, \(partial) of 1800 rows were done")
        let verify = cluster.runFile(scripts.path("verify"), in: "events")
        #expect(!verify.succeeded && verify.stderr.contains("still wait for the backfill"), "\(verify.stderr)")

        let resumed = cluster.runFile(scripts.path("backfill"), in: "events")
        #expect(resumed.succeeded, "\(resumed.stderr)")
        // The re-run touched only the rows the first run had not committed.
        #expect(resumed.stderr.contains("finished, \(1800 - partial) rows updated"), "\(resumed.stderr)")
        #expect(cluster.runFile(scripts.path("verify"), in: "events").succeeded)
        #expect(try cluster.query("SELECT count(*) FROM events WHERE score IS DISTINCT FROM length(kind) * 10 AND kind IS NOT NULL", in: "events") == "0")
        #expect(try cluster.query("SELECT count(*) FROM events WHERE kind IS NULL AND score IS NULL", in: "events") == "200")
    }
}
