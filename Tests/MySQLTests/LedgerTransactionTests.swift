import Foundation
import Planner
import PlanccKit
import Testing
import TestSupport

/// A `sql` change without a verify: DML runs in one transaction with its ledger row, so a run
/// stopped between them (the client killed) leaves neither, and the re-run applies it once.
@Suite(.serialized, .mariaDB)
struct LedgerTransactionTests {
    private func compile(_ id: String, _ changes: String) throws -> CompiledScripts {
        let dir = try LiveSpecs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try LiveSpecs.write(id: id, title: "Ledger transaction", dialect: "mysql", risk: "high", rollback: "forward_fix", changes: changes, into: dir)
        return try CompiledScripts(spec: path)
    }

    @Test("DML without verify: a failure at the ledger row rolls the UPDATE back, and the re-run applies it once")
    func dmlAndLedgerRowCommitTogether() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        let scripts = try compile("20260302002200_mysql_ledger_tx", """
              - sql:
                  forward: "UPDATE counters SET n = n + 1; UPDATE counters SET n = n + 10"
                  risk: high
            """)
        try server.freshDatabase("ledgertx")
        let made = server.run("""
            CREATE TABLE counters (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB;
            INSERT INTO counters VALUES (1, 0);
            CREATE TABLE plancc_ledger (spec_id VARCHAR(255) NOT NULL, change_index INT NOT NULL,
              applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (spec_id, change_index)) ENGINE=InnoDB;
            CREATE TRIGGER die BEFORE INSERT ON plancc_ledger FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'killed';
            """, in: "ledgertx")
        try #require(made.succeeded, "\(made.output)")
        let n = { server.run("SELECT n FROM counters", in: "ledgertx").output.trimmingCharacters(in: .whitespacesAndNewlines) }
        let stopped = server.run(scripts.forward, in: "ledgertx")
        #expect(!stopped.succeeded, "forward went past its failed ledger row: \(stopped.output)")
        #expect(n().hasSuffix("0") && !n().hasSuffix("10") && !n().hasSuffix("11"), "the UPDATEs outlived the run stopped before their ledger row: \(n())")
        try #require(server.run("DROP TRIGGER die", in: "ledgertx").succeeded)
        let forward = server.run(scripts.forward, in: "ledgertx")
        try #require(forward.succeeded, "\(forward.output)")
        #expect(n().hasSuffix("11"), "\(n())")
        let again = server.run(scripts.forward, in: "ledgertx")
        #expect(again.succeeded && again.output.contains("ran before"), "\(again.output)")
        #expect(n().hasSuffix("11"), "\(n())")
    }

    @Test("DDL without verify keeps its ledger row after it, and the script says a verify is needed")
    func ddlIsNotWrapped() throws {
        let scripts = try compile("20260302002300_mysql_ledger_ddl", """
              - sql:
                  forward: "CREATE TABLE notes (id INT PRIMARY KEY)"
                  risk: high
            """)
        #expect(scripts.forward.contains("It holds DDL, which commits at once"), "\(scripts.forward)")
        #expect(!scripts.forward.contains("START TRANSACTION"), "\(scripts.forward)")
    }

    @Test("contract of alter_column_type refuses while an index or a check uses the old column, and drops nothing")
    func typeChangeContractKeepsIndexesAndChecks() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        let dir = try LiveSpecs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try LiveSpecs.write(id: "20260302002700_mysql_type_change_keeps_indexes", title: "Type change keeps indexes", dialect: "mysql", risk: "high",
                                       changes: "  - alter_column_type: { table: orders, column: total, type: bigint, was: integer }", into: dir)
        let scripts = try CompiledScripts(spec: path)
        try server.freshDatabase("keepidx")
        let made = server.run("""
            CREATE TABLE orders (id INT PRIMARY KEY, total INT NOT NULL, other INT, CONSTRAINT total_positive CHECK (total >= 0),
              KEY orders_total (total), KEY orders_multi (other, total)) ENGINE=InnoDB;
            INSERT INTO orders VALUES (1, 10, 1), (2, 20, 2);
            """, in: "keepidx")
        try #require(made.succeeded, "\(made.output)")
        let runbook = MariaDBRunbook(server: server, db: "keepidx", scripts: scripts)
        for phase in ["forward", "backfill"] { try #require(runbook.run(phase).succeeded, "\(phase)") }
        let refused = runbook.run("contract")
        #expect(!refused.succeeded, "contract dropped the column's indexes and check: \(refused.output)")
        for name in ["orders_total", "orders_multi", "total_positive"] {
            #expect(refused.output.contains(name), "\(name) not named: \(refused.output)")
        }
        let schema = server.schema("keepidx")
        #expect(schema.contains("orders_multi") && schema.contains("total_positive") && schema.contains("`total` int"), "\(schema)")
        let shadow = "`" + Plan.shadowName("total") + "`"
        let moved = server.run("""
            ALTER TABLE orders ADD KEY orders_total_new (\(shadow)), ADD KEY orders_multi_new (other, \(shadow)),
              ADD CONSTRAINT total_positive_new CHECK (\(shadow) >= 0);
            ALTER TABLE orders DROP KEY orders_total, DROP KEY orders_multi, DROP CONSTRAINT total_positive;
            """, in: "keepidx")
        try #require(moved.succeeded, "\(moved.output)")
        let contract = runbook.run("contract")
        try #require(contract.succeeded, "\(contract.output)")
        let after = server.schema("keepidx")
        #expect(after.contains("orders_multi_new") && after.contains("(`other`,`total`)") && after.contains("`total` bigint"), "\(after)")
        #expect(!server.run("INSERT INTO orders (id, total, other) VALUES (3, -1, 3)", in: "keepidx").succeeded, "the check did not survive contract: \(after)")
    }
}
