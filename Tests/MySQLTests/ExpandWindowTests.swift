import Foundation
import Testing
import TestSupport

/// Between forward and contract of an expand_contract change, old and new code run side by
/// side: the sync triggers copy each write to the other column, the old table name still
/// takes writes through its view, and a step that waits on a lock is retried.
@Suite(.serialized, .mariaDB)
struct ExpandWindowTests {
    static let spec = RoundTripTests.specPath("20260101000100_mysql_expand_contract_ops")

    /// A database after forward of the expand_contract spec.
    private func expanded(_ server: MariaDB) throws -> (RoundTrip, CompiledScripts) {
        _ = FileManager.default.changeCurrentDirectoryPath(Repo.root)
        let scripts = try CompiledScripts(spec: Self.spec)
        let roundTrip = RoundTrip(server: server, scripts: scripts)
        try server.freshDatabase("window")
        try roundTrip.run(try #require(RoundTripTests.fixture("start/shop.sql")), in: "window", "start state")
        try roundTrip.run(scripts.forward, in: "window", "forward")
        return (roundTrip, scripts)
    }

    private func query(_ server: MariaDB, _ sql: String) -> String {
        let result = server.run(sql, in: "window")
        return result.succeeded ? result.stdout : "FAILED: \(result.output)"
    }

    @Test func oldAndNewWritesAreKeptInSync() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        _ = try expanded(server)
        // Old code writes nickname, new code writes display_name; each sees the other's write.
        let rows = query(server, """
            INSERT INTO customers (email, nickname, region) VALUES ('old@x', 'from old code', 'EU');
            INSERT INTO customers (email, display_name, region) VALUES ('new@x', 'from new code', 'EU');
            UPDATE customers SET nickname = 'renamed by old code' WHERE email = 'c1@example.com';
            UPDATE customers SET display_name = 'renamed by new code' WHERE email = 'c2@example.com';
            SELECT email, nickname, display_name FROM customers
             WHERE email IN ('old@x', 'new@x', 'c1@example.com', 'c2@example.com') ORDER BY email;
            UPDATE items SET price = 7 WHERE id = 1;
            SELECT price, _plancc_new_price FROM items WHERE id = 1;
            INSERT INTO items (customer_id, _plancc_new_price, sku) VALUES (1, 900, 'written by new code');
            SELECT sku, price FROM items WHERE sku = 'written by new code';
            """)
        #expect(rows.contains("c1@example.com\trenamed by old code\trenamed by old code"), "\(rows)")
        #expect(rows.contains("c2@example.com\trenamed by new code\trenamed by new code"), "\(rows)")
        #expect(rows.contains("new@x\tfrom new code\tfrom new code"), "\(rows)")
        #expect(rows.contains("old@x\tfrom old code\tfrom old code"), "\(rows)")
        // The type change's `using` (price * 100) applies to writes of the old column.
        #expect(rows.contains("7\t700"), "\(rows)")
        // New code leaves the old NOT NULL column out; the BEFORE INSERT trigger fills it first.
        #expect(rows.contains("written by new code\t900"), "\(rows)")
    }

    @Test func oldTableNameStillTakesWrites() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        _ = try expanded(server)
        let rows = query(server, """
            INSERT INTO archive (id, note) VALUES (2999, 'written through the view');
            UPDATE archive SET note = 'updated through the view' WHERE id = 1;
            SELECT id, note FROM archived_customers WHERE id IN (1, 2999) ORDER BY id;
            """)
        #expect(rows.contains("1\tupdated through the view"), "\(rows)")
        #expect(rows.contains("2999\twritten through the view"), "\(rows)")
    }

    /// A reader holding the table's metadata lock makes each ALTER time out after
    /// lock_timeout (1s); `_plancc_step` retries with a growing pause and succeeds once it is gone.
    @Test func lockTimeoutsAreRetried() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        _ = FileManager.default.changeCurrentDirectoryPath(Repo.root)
        let scripts = try CompiledScripts(spec: Self.spec)
        try server.freshDatabase("window")
        try RoundTrip(server: server, scripts: scripts).run(try #require(RoundTripTests.fixture("start/shop.sql")), in: "window", "start state")
        let file = server.dir + "/forward.sql"
        try scripts.forward.write(toFile: file, atomically: true, encoding: .utf8)
        let run = Shell.run("""
            \(server.client("window")) -e "START TRANSACTION; SELECT COUNT(*) FROM customers; DO SLEEP(2.5); COMMIT;" >/dev/null &
            holder=$!
            sleep 0.3
            start=$(date +%s%N)
            \(server.client("window")) < \(Shell.quote(file)) >/dev/null; status=$?
            echo "forward exit $status after $(( ($(date +%s%N) - start) / 1000000 )) ms"
            wait $holder
            """)
        #expect(run.stdout.contains("forward exit 0"), "\(run.output)")
        let waited = run.stdout.split(separator: " ").dropLast().last.flatMap { Int($0) } ?? 0
        #expect(waited >= 2000, "forward did not wait for the lock: \(run.output)")
    }

    /// A foreign key added without checking rows is valid only once no row breaks it: an
    /// orphan slipped in with foreign_key_checks off makes verify fail and count it.
    @Test func orphanRowsFailVerify() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        let (roundTrip, scripts) = try expanded(server)
        try roundTrip.run(scripts.backfill, in: "window", "backfill")
        try roundTrip.run(scripts.contract, in: "window", "contract")
        try roundTrip.run(scripts.verify, in: "window", "verify")
        _ = query(server, "SET foreign_key_checks = 0; INSERT INTO archived_customers (id, note) VALUES (99999, 'orphan');")
        let verify = server.run(scripts.verify, in: "window")
        #expect(!verify.succeeded && verify.output.contains("1 rows of `archived_customers` break foreign key `archive_customer_fk`"),
                "\(verify.output)")
    }
}
