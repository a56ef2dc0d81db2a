import Foundation
import PlanccKit
import Testing
import TestSupport

/// MySQL DDL is not transactional: a contract that dropped the sync triggers and then had its
/// DROP COLUMN refused (a generated column or a view uses the old column) left new code's
/// writes unsynced. Contract now stops before anything, naming what uses the column.
@Suite(.serialized, .mariaDB)
struct ContractDependentsTests {
    @Test("contract of a rename stops before dropping the triggers while a generated column or a view uses the old column")
    func dependentsStopContract() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        let dir = try LiveSpecs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try LiveSpecs.write(id: "20260303000500_mysql_contract_dependents", title: "Contract dependents", dialect: "mysql",
                                       risk: "high", changes: "  - rename_column: { table: ord, from: label, to: title }", into: dir)
        let scripts = try CompiledScripts(spec: path)
        try server.freshDatabase("dependents")
        try #require(server.run("""
            CREATE TABLE ord (id bigint PRIMARY KEY, label varchar(20), label_len int AS (length(label)) STORED) ENGINE=InnoDB;
            INSERT INTO ord (id, label) VALUES (1, 'a'), (2, 'bb');
            CREATE VIEW ord_labels AS SELECT id, label FROM ord;
            """, in: "dependents").succeeded)
        for phase in [scripts.forward, scripts.backfill] { try #require(server.run(phase, in: "dependents").succeeded) }
        let contract = server.run(scripts.contract, in: "dependents")
        #expect(!contract.succeeded, "contract went on with a generated column and a view using the old column")
        #expect(contract.output.contains("generated label_len, view ord_labels use label"), "\(contract.output)")
        let triggers = server.run("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME LIKE '\\_plancc\\_%'",
                                  in: "dependents")
        #expect(triggers.stdout.split(separator: "\n").last.map(String.init) != "0", "contract dropped the sync triggers before stopping")
        // New code's write still reaches the old column: the sync is in place.
        try #require(server.run("UPDATE ord SET title = 'zzz' WHERE id = 2", in: "dependents").succeeded)
        let label = server.run("SELECT label FROM ord WHERE id = 2", in: "dependents")
        #expect(label.stdout.contains("zzz"), "\(label.output)")
        // Once the generated column and the view use the new name, contract goes through.
        try #require(server.run("ALTER TABLE ord DROP COLUMN label_len; DROP VIEW ord_labels;", in: "dependents").succeeded)
        let again = server.run(scripts.contract, in: "dependents")
        #expect(again.succeeded, "\(again.output)")
    }
}
