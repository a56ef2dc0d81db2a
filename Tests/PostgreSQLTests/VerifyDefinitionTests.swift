import Foundation
import Testing
import TestSupport

/// Issue 8 item 5: verify checks definitions, not names. A leftover of the name with another
/// definition (kept by forward's `IF NOT EXISTS`, or left by a hand-made attempt) fails verify,
/// and the message says how it differs; the definition asked for passes.
@Suite(.serialized)
struct PostgreSQLVerifyDefinitionTests {
    static let setup = """
        CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, region text);
        CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint, state text);
        INSERT INTO customers VALUES (1, 'a@x', 'eu'), (2, 'b@x', 'us');
        INSERT INTO invoices VALUES (10, 1, 'open'), (11, 2, 'paid');
        """
    static let changes = """
          - create_index: { table: customers, name: idx_customers_email, columns: [email], unique: true }
          - create_index: { table: invoices, name: idx_invoices_open, columns: [customer_id], where: "state = 'open'" }
          - add_foreign_key:
              table: invoices
              name: invoices_customer_fk
              columns: [customer_id]
              references: { table: customers, columns: [id] }
              on_delete: cascade
        """

    @Test("leftovers of the right names and other definitions fail verify, each said", arguments: PostgresServer.all)
    func leftoversFail(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let leftovers = Self.setup + """
            CREATE INDEX idx_customers_email ON customers (region);
            CREATE INDEX idx_invoices_open ON invoices (customer_id);
            ALTER TABLE invoices ADD CONSTRAINT invoices_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
            """
        try LiveCase.run(port: 55473, server: server, id: "20260303000100_pg_verify_definitions", mode: "single_step",
                         setup: leftovers, changes: Self.changes) { live in
            try #require(live.run("forward").succeeded)
            try #require(live.run("backfill").succeeded)
            let verify = live.run("verify")
            #expect(!verify.succeeded, "verify passed over leftovers of other definitions")
            for problem in [
                #"index "idx_customers_email" is not unique, expected unique"#,
                #"index "idx_customers_email" is on (region), expected ("email")"#,
                #"index "idx_invoices_open" is not partial, expected a WHERE predicate"#,
                #"constraint "invoices_customer_fk" on "invoices" is FOREIGN KEY (customer_id) REFERENCES customers(id), expected FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON DELETE CASCADE"#,
            ] {
                #expect(verify.stderr.contains(problem), "verify does not say '\(problem)':\n\(verify.stderr)")
            }
        }
    }

    /// What the spec asks of a table it renames later (the table itself, and the table a
    /// foreign key references) is checked under the new name, not dropped from verify.
    static let renamedLater = Self.changes + "\n" + """
          - rename_table: { from: invoices, to: bills }
          - rename_table: { from: customers, to: clients }
        """

    @Test("a table renamed later in the spec keeps its checks, under its new name", arguments: PostgresServer.all)
    func renamedLaterKeepsItsChecks(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let leftover = Self.setup + """
            ALTER TABLE invoices ADD CONSTRAINT invoices_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
            """
        try LiveCase.run(port: 55473, server: server, id: "20260303000300_pg_verify_renamed_later", mode: "single_step",
                         setup: leftover, changes: Self.renamedLater) { live in
            try #require(live.run("forward").succeeded)
            let verify = live.run("verify")
            #expect(!verify.succeeded, "verify passed over a leftover on a table the spec renames later")
            #expect(verify.stderr.contains(#"constraint "invoices_customer_fk" on "bills" is FOREIGN KEY (customer_id) REFERENCES clients(id), expected"#),
                    "\(verify.stderr)")
        }
        try LiveCase.run(port: 55473, server: server, id: "20260303000400_pg_verify_renamed_later_ok", mode: "single_step",
                         setup: Self.setup, changes: Self.renamedLater) { live in
            try #require(live.run("forward").succeeded)
            let verify = live.run("verify")
            #expect(verify.succeeded, "verify failed on what the spec asked for, after the renames:\n\(verify.stderr)")
            let text = try String(contentsOfFile: live.scripts.path("verify"), encoding: .utf8)
            #expect(text.contains("c.conrelid = to_regclass('\"bills\"')") && !text.contains("c.conrelid = to_regclass('\"invoices\"')"),
                    "verify does not check the constraints under the final names")
        }
    }

    @Test("the definitions asked for pass verify", arguments: PostgresServer.all)
    func askedForPasses(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        try LiveCase.run(port: 55473, server: server, id: "20260303000200_pg_verify_definitions_ok", mode: "single_step",
                         setup: Self.setup, changes: Self.changes) { live in
            #expect(!live.run("verify").succeeded, "verify passed before forward")
            try #require(live.run("forward").succeeded)
            try #require(live.run("backfill").succeeded)
            let verify = live.run("verify")
            #expect(verify.succeeded, "verify failed on what the spec asked for:\n\(verify.stderr)")
        }
    }
}
