import Foundation
import Testing
import TestSupport

/// Another session holds a lock the script needs, on a real MariaDB: a metadata lock (LOCK TABLES
/// ... WRITE) against a DDL step, a row lock (SELECT ... FOR UPDATE) against a backfill batch.
/// With `lock_timeout: 1s` (lock_wait_timeout and innodb_lock_wait_timeout) and `lock_retries: 3`
/// (4 attempts, pauses of 0.5 s, 1 s and 2 s, each up to half longer), a lock held 2.5 s is waited
/// out by retries, and one held throughout fails the script after the last attempt.
@Suite(.serialized, .mariaDB)
struct MySQLLockRetryTests {
    static let spec = """
        plancc: 1
        id: 20260101000900_mysql_lock_retry
        title: A column and a backfill, for the lock retry tests
        intent: Add a column and fill another in batches while another session holds locks.
        rationale: A step that meets a lock held for a moment must be retried, not fail.
        risk: medium
        dialects: [mysql]
        tables:
          customers: { rows: 20 }
        rollback:
          strategy: reverse
        rollout:
          lock_timeout: 1s
          lock_retries: 3
        changes:
          - add_column:
              table: customers
              column: { name: phone, type: varchar(20) }
          - backfill:
              table: customers
              set:
                legacy_code: { sql: "CONCAT('L', id)" }
              where: "legacy_code IS NULL OR legacy_code NOT LIKE 'L%'"

        """

    static func compiled() throws -> CompiledScripts {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-my-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/20260101000900_mysql_lock_retry.yaml"
        try spec.write(toFile: path, atomically: true, encoding: .utf8)
        return try CompiledScripts(spec: path)
    }

    /// Runs `script` while another session holds a lock taken by `lock` for `seconds`;
    /// returns the script's exit status and output.
    static func run(_ script: String, in db: String, server: MariaDB, holding lock: String, for seconds: Double,
                    until release: String) throws -> (status: Int, output: String) {
        let file = server.dir + "/lock-retry-script.sql"
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        let q = Shell.quote
        let admin = "mariadb -uroot --socket=\(q(server.socket)) -N"
        let result = Shell.run("""
            \(server.client(db)) -e \(q("\(lock) SELECT 'plancc-test-holder', SLEEP(\(seconds)); \(release)")) >/dev/null 2>&1 &
            holder=$!
            for i in $(seq 100); do
              [ "$(\(admin) -e "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%plancc-test-holder%' AND ID <> CONNECTION_ID()")" = 1 ] && break
              sleep 0.05
            done
            \(server.client(db)) < \(q(file)) 2>&1; echo "script exit $?"
            \(admin) -e "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE '%plancc-test-holder%' AND ID <> CONNECTION_ID()" | while read id; do \(admin) -e "KILL $id"; done
            wait $holder
            """)
        let status = result.stdout.components(separatedBy: "script exit ").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? -1
        return (status, result.output)
    }

    static func start(_ server: MariaDB, _ db: String) throws {
        try server.freshDatabase(db)
        let start = try #require(try? String(contentsOfFile: Repo.path("Tests/Fixtures/mysql/start/shop.sql"), encoding: .utf8))
        let loaded = server.run(start, in: db)
        try #require(loaded.succeeded, "\(loaded.output)")
    }

    @Test func ddlWaitsOutAMetadataLock() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        let scripts = try Self.compiled()
        try Self.start(server, "lockddl")
        let run = try Self.run(scripts.forward, in: "lockddl", server: server,
                               holding: "LOCK TABLES customers WRITE;", for: 2.5, until: "UNLOCK TABLES;")
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("plancc: lock wait timeout (attempt 1 of 4), trying again: ALTER TABLE `customers`"), "\(run.output)")
        #expect(server.run(scripts.verify, in: "lockddl").succeeded == false, "verify passed before the backfill")
        #expect(server.run("SELECT phone FROM customers LIMIT 1", in: "lockddl").succeeded)
    }

    @Test func ddlFailsAfterTheLastAttemptAndARerunCompletes() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        let scripts = try Self.compiled()
        try Self.start(server, "lockfail")
        let run = try Self.run(scripts.forward, in: "lockfail", server: server,
                               holding: "LOCK TABLES customers WRITE;", for: 30, until: "UNLOCK TABLES;")
        #expect(run.status != 0, "forward succeeded while the lock was held: \(run.output)")
        #expect(run.output.contains("plancc: lock wait timeout after 4 attempts: ALTER TABLE `customers`"), "\(run.output)")
        #expect(run.output.contains("attempt 3 of 4") && !run.output.contains("attempt 4 of 4"), "\(run.output)")
        #expect(!server.run("SELECT phone FROM customers LIMIT 1", in: "lockfail").succeeded, "the column was added")
        let again = server.run(scripts.forward, in: "lockfail")
        #expect(again.succeeded, "\(again.output)")
    }

    @Test func backfillBatchWaitsOutARowLock() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        let scripts = try Self.compiled()
        try Self.start(server, "lockrows")
        try #require(server.run(scripts.forward, in: "lockrows").succeeded)
        let run = try Self.run(scripts.backfill, in: "lockrows", server: server,
                               holding: "BEGIN; SELECT id FROM customers ORDER BY id LIMIT 1 FOR UPDATE;", for: 2.5, until: "COMMIT;")
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("plancc: lock wait timeout (attempt 1 of 4), trying again: backfill of `customers`"), "\(run.output)")
        let verify = server.run(scripts.verify, in: "lockrows")
        #expect(verify.succeeded, "\(verify.output)")
    }
}
