import Foundation
import Testing
import TestSupport

/// A second session holds a lock the forward script needs. Held for a moment, the step times out,
/// is retried and the script succeeds; held past every retry, the script fails naming the change
/// and its table, with that change not applied, and a re-run after the lock is gone completes.
/// The specs are the example's, with `lock_timeout: 200ms` and `lock_retries: 3` (4 attempts,
/// pauses of 0.5 s, 1 s and 2 s, each up to half longer): at most about 6 s of trying.
@Suite(.serialized)
struct PostgreSQLLockRetryTests {
    static let rollout = "rollout:\n  lock_timeout: 200ms\n  lock_retries: 3\n"

    /// specs/…_users_add_phone.yaml (add_column, then create_index) with the short rollout.
    static func addPhoneSpec(in dir: String) throws -> String {
        let original = try String(contentsOfFile: Repo.path("specs/20261124093000_users_add_phone.yaml"), encoding: .utf8)
        let text = original.replacingOccurrences(of: "rollout:\n  lock_timeout: 3s\n", with: rollout)
        try #require(text != original, "the example spec's rollout changed: update this test")
        let path = dir + "/20261124093000_users_add_phone.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A spec with one concurrent index build on users.
    static func indexSpec(in dir: String) throws -> String {
        let path = dir + "/20261124093100_users_index_email.yaml"
        try """
            plancc: 1
            id: 20261124093100_users_index_email
            title: Index users by email
            intent: Look users up by email without a scan.
            rationale: Login looks users up by email.
            owner: accounts-team
            current_state: users has no index on email.
            risk: low
            dialects: [postgresql]
            tables:
              users: { rows: 3000 }
            rollback:
              strategy: reverse
            \(rollout)changes:
              - create_index:
                  table: users
                  name: idx_users_email
                  columns: [email]

            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    struct Setup {
        let cluster: PostgresCluster
        let scripts: Scripts
        let out: String
    }

    static func setUp(port: Int, server: PostgresServer, spec: (String) throws -> String) throws -> Setup {
        let cluster = try PostgresCluster.start(port: port, server: server)
        do {
            let out = try Fixtures.temporaryDirectory()
            let scripts = try #require(try Scripts.compile(try spec(out), into: out))
            try cluster.createDatabase("app")
            try #require(cluster.runFile(Fixtures.root + "/baseline.sql", in: "app").succeeded)
            return Setup(cluster: cluster, scripts: scripts, out: out)
        } catch {
            cluster.stop()
            throw error
        }
    }

    /// Another session takes `mode` on users and keeps it `seconds`; returns once it is held.
    static func hold(_ mode: String, for seconds: Double, on cluster: PostgresCluster) throws -> Background {
        let holder = Background {
            cluster.run("BEGIN; LOCK TABLE users IN \(mode) MODE; SELECT 'plancc-test-holder', pg_sleep(\(seconds)); COMMIT;", in: "app")
        }
        let lockName = mode.split(separator: " ").map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined() + "Lock"
        let deadline = Date().addingTimeInterval(10)
        while try cluster.query("""
            SELECT count(*) FROM pg_locks WHERE relation = 'users'::regclass AND mode = '\(lockName)' AND granted;
            """, in: "app") == "0" {
            try #require(Date() < deadline, "the holder never got its \(lockName)")
            Thread.sleep(forTimeInterval: 0.02)
        }
        return holder
    }

    /// Ends the holder's session early.
    static func release(_ holder: Background, on cluster: PostgresCluster) throws {
        _ = try cluster.query("""
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE query LIKE '%plancc-test-holder%' AND pid <> pg_backend_pid();
            """)
        _ = holder.wait()
    }

    static let phoneColumn = "SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'phone' AND NOT attisdropped"

    @Test("a plain psql -f stops on the first error: verify before forward exits non-zero", arguments: PostgresServer.all)
    func plainPsqlStops(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = try Self.setUp(port: 55436, server: server, spec: Self.addPhoneSpec)
        defer { setup.cluster.stop(); try? FileManager.default.removeItem(atPath: setup.out) }
        let verify = setup.cluster.runPlain(setup.scripts.path("verify"), in: "app")
        #expect(!verify.succeeded, "verify before forward exited 0:\n\(verify.stderr)")
        #expect(verify.stderr.contains("plancc verify failed"), "\(verify.stderr)")
    }

    @Test("DDL: a lock held 1.5 s by another session is waited out by retries", arguments: PostgresServer.all)
    func ddlRetriesUntilLockIsGone(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = try Self.setUp(port: 55436, server: server, spec: Self.addPhoneSpec)
        defer { setup.cluster.stop(); try? FileManager.default.removeItem(atPath: setup.out) }
        let cluster = setup.cluster
        let holder = try Self.hold("ACCESS EXCLUSIVE", for: 1.5, on: cluster)
        let forward = cluster.runPlain(setup.scripts.path("forward"), in: "app")
        _ = holder.wait()
        #expect(forward.succeeded, "\(forward.stderr)")
        #expect(forward.stderr.contains(#"plancc: change 1 (add_column) on table "users": lock not available (attempt 1 of 4), trying again"#),
                "no retry was printed:\n\(forward.stderr)")
        #expect(try cluster.query(Self.phoneColumn, in: "app") == "1")
        let verify = cluster.runPlain(setup.scripts.path("verify"), in: "app")
        #expect(verify.succeeded, "\(verify.stderr)")
    }

    @Test("DDL: a lock held past every retry fails forward cleanly, and a later re-run completes", arguments: PostgresServer.all)
    func ddlFailsAfterLastAttempt(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = try Self.setUp(port: 55436, server: server, spec: Self.addPhoneSpec)
        defer { setup.cluster.stop(); try? FileManager.default.removeItem(atPath: setup.out) }
        let cluster = setup.cluster
        let holder = try Self.hold("ACCESS EXCLUSIVE", for: 30, on: cluster)
        let started = Date()
        let forward = cluster.runPlain(setup.scripts.path("forward"), in: "app")
        let took = Date().timeIntervalSince(started)
        try Self.release(holder, on: cluster)
        #expect(!forward.succeeded, "forward succeeded while the lock was held:\n\(forward.stderr)")
        #expect(forward.stderr.contains(#"plancc: change 1 (add_column) on table "users": lock not available after 4 attempts"#),
                "\(forward.stderr)")
        #expect(forward.stderr.contains("attempt 3 of 4") && !forward.stderr.contains("attempt 4 of 4, trying again"), "\(forward.stderr)")
        // Four waits of 200 ms and pauses of 0.5 + 1 + 2 s at least, half as long again at most.
        #expect(took > 4.2 && took < 12, "forward gave up after \(took) s")
        // Nothing half-done: the column is not there, and the index step after it did not run.
        #expect(try cluster.query(Self.phoneColumn, in: "app") == "0")
        #expect(try cluster.query("SELECT count(*) FROM pg_class WHERE relname = 'idx_users_phone'", in: "app") == "0")
        #expect(!cluster.runPlain(setup.scripts.path("verify"), in: "app").succeeded)

        let again = cluster.runPlain(setup.scripts.path("forward"), in: "app")
        #expect(again.succeeded, "\(again.stderr)")
        #expect(!again.stderr.contains("lock not available"), "\(again.stderr)")
        #expect(cluster.runPlain(setup.scripts.path("verify"), in: "app").succeeded)
    }

    @Test("CONCURRENTLY: a build that times out waiting for a writer is dropped and built again", arguments: PostgresServer.all)
    func concurrentBuildRetriesUntilWriterIsGone(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = try Self.setUp(port: 55436, server: server, spec: Self.indexSpec)
        defer { setup.cluster.stop(); try? FileManager.default.removeItem(atPath: setup.out) }
        let cluster = setup.cluster
        // ROW EXCLUSIVE (what a writer holds) lets the build start; it then times out waiting for the
        // writer to finish, which leaves an INVALID index under the name.
        let holder = try Self.hold("ROW EXCLUSIVE", for: 1.5, on: cluster)
        let forward = cluster.runPlain(setup.scripts.path("forward"), in: "app")
        _ = holder.wait()
        #expect(forward.succeeded, "\(forward.stderr)")
        #expect(forward.stderr.contains(#"plancc: change 1 (create_index) on table "users": lock not available (attempt 1 of 4), trying again"#),
                "no retry was printed:\n\(forward.stderr)")
        #expect(try cluster.query("SELECT indisvalid FROM pg_index WHERE indexrelid = 'idx_users_email'::regclass", in: "app") == "t")
        #expect(try cluster.query("SELECT count(*) FROM pg_class WHERE relname LIKE 'idx_users_email%'", in: "app") == "1")
        let verify = cluster.runPlain(setup.scripts.path("verify"), in: "app")
        #expect(verify.succeeded, "\(verify.stderr)")
    }

    @Test("CONCURRENTLY: a lock held past every retry fails forward, and a later re-run completes", arguments: PostgresServer.all)
    func concurrentBuildFailsAfterLastAttempt(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = try Self.setUp(port: 55436, server: server, spec: Self.indexSpec)
        defer { setup.cluster.stop(); try? FileManager.default.removeItem(atPath: setup.out) }
        let cluster = setup.cluster
        let holder = try Self.hold("ROW EXCLUSIVE", for: 30, on: cluster)
        let forward = cluster.runPlain(setup.scripts.path("forward"), in: "app")
        #expect(!forward.succeeded, "forward succeeded while the lock was held:\n\(forward.stderr)")
        #expect(forward.stderr.contains(#"plancc: change 1 (create_index) on table "users": lock not available after 4 attempts"#),
                "\(forward.stderr)")
        // What the timed-out builds leave (at most an INVALID index) is caught by verify...
        #expect(try cluster.query("SELECT count(*) FROM pg_index WHERE indrelid = 'users'::regclass AND indisvalid AND indexrelid::regclass::text = 'idx_users_email'", in: "app") == "0")
        let verify = cluster.runPlain(setup.scripts.path("verify"), in: "app")
        #expect(!verify.succeeded, "\(verify.stderr)")
        try Self.release(holder, on: cluster)

        // ...and replaced by the re-run.
        let again = cluster.runPlain(setup.scripts.path("forward"), in: "app")
        #expect(again.succeeded, "\(again.stderr)")
        #expect(try cluster.query("SELECT indisvalid FROM pg_index WHERE indexrelid = 'idx_users_email'::regclass", in: "app") == "t")
        #expect(cluster.runPlain(setup.scripts.path("verify"), in: "app").succeeded)
    }
}
