import Foundation
import PlanccKit
import Testing
import TestSupport

/// Issue 8 item 5 on MariaDB: verify checks an index's columns and uniqueness and a foreign
/// key's columns, referenced table and actions, not only their names.
@Suite(.serialized, .mariaDB)
struct VerifyDefinitionTests {
    static let setup = """
        CREATE TABLE customers (id bigint PRIMARY KEY, email varchar(100) NOT NULL, region varchar(10)) ENGINE=InnoDB;
        CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint, state varchar(10)) ENGINE=InnoDB;
        INSERT INTO customers VALUES (1, 'a@x', 'eu'), (2, 'b@x', 'us');
        INSERT INTO invoices VALUES (10, 1, 'open'), (11, 2, 'paid');
        """
    static let changes = """
          - create_index: { table: customers, name: idx_customers_email, columns: [email], unique: true }
          - add_foreign_key:
              table: invoices
              name: invoices_customer_fk
              columns: [customer_id]
              references: { table: customers, columns: [id] }
              on_delete: cascade
        """

    private func scripts(_ id: String) throws -> CompiledScripts {
        let dir = try LiveSpecs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try LiveSpecs.write(id: id, title: "Verify definitions", dialect: "mysql", risk: "high", changes: Self.changes, into: dir)
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "mode: expand_contract", with: "mode: single_step")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try CompiledScripts(spec: path)
    }

    @Test("leftovers of the right names and other definitions fail verify, each said; the definitions asked for pass")
    func definitions() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        let scripts = try scripts("20260303000300_mysql_verify_definitions")

        try server.freshDatabase("verifydefs")
        try #require(server.run(Self.setup + """
            CREATE INDEX idx_customers_email ON customers (region);
            ALTER TABLE invoices ADD CONSTRAINT invoices_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
            """, in: "verifydefs").succeeded)
        try #require(server.run(scripts.forward, in: "verifydefs").succeeded)
        let verify = server.run(scripts.verify, in: "verifydefs")
        #expect(!verify.succeeded, "verify passed over leftovers of other definitions")
        for problem in ["index `customers`.`idx_customers_email` should be unique",
                        "index `customers`.`idx_customers_email` should be on (`email`)",
                        "foreign key `invoices`.`invoices_customer_fk` should be (`customer_id`) REFERENCES `customers` (`id`) ON DELETE CASCADE"] {
            #expect(verify.output.contains(problem), "verify does not say '\(problem)':\n\(verify.output)")
        }

        try server.freshDatabase("verifydefs")
        try #require(server.run(Self.setup, in: "verifydefs").succeeded)
        #expect(!server.run(scripts.verify, in: "verifydefs").succeeded, "verify passed before forward")
        let forward = server.run(scripts.forward, in: "verifydefs")
        try #require(forward.succeeded, "\(forward.output)")
        let passed = server.run(scripts.verify, in: "verifydefs")
        #expect(passed.succeeded, "verify failed on what the spec asked for:\n\(passed.output)")
    }
}
