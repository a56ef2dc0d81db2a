import Foundation
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
}
