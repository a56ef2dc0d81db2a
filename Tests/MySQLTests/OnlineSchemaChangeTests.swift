import Foundation
import Testing
import TestSupport

/// A table-copying change on a table above `rollout.online_copy_rows`, on a real MariaDB: the
/// forward script stops before the copy and names the tool; the pt-online-schema-change
/// command written in its comment (Debian's percona-toolkit, installed by scripts/test) is run
/// as written, with only HOST and DB filled in; the re-run of forward then finds the change
/// made, and verify passes. The table is referenced by a foreign key and has a trigger made
/// outside plancc: both survive. gh-ost is not packaged here, so its command is only checked
/// against its documentation; which tool the script names when the history cannot tell is
/// checked on both kinds of table.
@Suite(.serialized, .mariaDB)
struct OnlineSchemaChangeTests {
    static let baseline = """
        plancc: 1
        kind: baseline
        id: 20260101000000_baseline_shop
        title: The shop before the history starts
        intent: Describe the tables that exist.
        rationale: The history knows customers is referenced by orders.
        risk: low
        dialects: [mysql]
        rollback:
          strategy: reverse
        changes:
          - create_table:
              table: customers
              columns:
                - { name: id, type: bigint, nullable: false }
                - { name: code, type: varchar(20), nullable: false }
              primary_key: [id]
          - create_table:
              table: orders
              columns:
                - { name: id, type: bigint, nullable: false }
                - { name: customer_id, type: bigint, nullable: false, references: { table: customers, column: id } }
              primary_key: [id]

        """

    static let change = """
        plancc: 1
        id: 20260101000100_customers_longer_code
        title: Longer customer codes
        intent: Widen customers.code.
        rationale: A type change copies the table on MySQL; above online_copy_rows it is made online.
        risk: high
        dialects: [mysql]
        tables:
          customers: { rows: 400 }
        rollback:
          strategy: reverse
        rollout:
          batch_size: 100
          online_copy_rows: 100
        changes:
          - alter_column_type:
              table: customers
              column: code
              type: varchar(40)
              was: varchar(20)

        """

    /// What the baseline describes, with rows, and an audit trigger no spec knows of.
    static let setup = """
        CREATE TABLE customers (id BIGINT NOT NULL PRIMARY KEY, code VARCHAR(20) NOT NULL);
        CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, customer_id BIGINT NOT NULL,
          CONSTRAINT orders_customer_id_fk FOREIGN KEY (customer_id) REFERENCES customers (id));
        CREATE TABLE customer_audit (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, customer_id BIGINT NOT NULL);
        CREATE TRIGGER customers_audit AFTER UPDATE ON customers FOR EACH ROW INSERT INTO customer_audit (customer_id) VALUES (NEW.id);
        INSERT INTO customers (id, code) SELECT seq, CONCAT('c-', seq) FROM seq_1_to_400;
        INSERT INTO orders (id, customer_id) SELECT seq, seq FROM seq_1_to_400;
        ANALYZE TABLE customers;

        """

    static func compile(_ specs: [(name: String, text: String)]) throws -> CompiledScripts {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-osc-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for spec in specs { try spec.text.write(toFile: dir + "/" + spec.name + ".yaml", atomically: true, encoding: .utf8) }
        return try CompiledScripts(spec: dir + "/" + specs.last!.name + ".yaml")
    }

    /// The command of `tool` the stopped script printed, with HOST and DB filled in for the test server.
    static func command(_ tool: String, printedIn output: String, server: MariaDB, db: String) throws -> String {
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("\(tool) ") }, "no \(tool) command in:\n\(output)")
        return String(line).replacingOccurrences(of: "h=HOST,D=DB,", with: "S=\(server.socket),u=root,D=\(db),")
    }

    @Test func ptOnlineSchemaChangeMakesTheChangeAndTheRerunCompletes() throws {
        guard let server = MariaDB.current else { return }
        #expect(Shell.run("command -v pt-online-schema-change").succeeded, "percona-toolkit is not installed (scripts/test installs it)")
        let scripts = try Self.compile([("20260101000000_baseline_shop", Self.baseline), ("20260101000100_customers_longer_code", Self.change)])
        // The history knows the foreign key from orders: pt-online-schema-change, re-pointing it.
        #expect(scripts.forward.contains("pt-online-schema-change: 'customers' has foreign keys (orders.orders_customer_id_fkey to customers)"))
        #expect(!scripts.forward.contains("--   gh-ost "))
        let db = "plancc_osc_pt"
        try server.freshDatabase(db)
        let seeded = server.run(Self.setup, in: db)
        try #require(seeded.succeeded, "\(seeded.output)")

        let stopped = server.run(scripts.forward, in: db)
        #expect(!stopped.succeeded)
        #expect(stopped.output.contains("plancc: customers is over online_copy_rows: run the pt-online-schema-change command printed above"),
                "\(stopped.output)")

        // As printed: the MODIFY restated with the column's character set, collation and NOT NULL,
        // which the comment's version leaves out.
        let command = try Self.command("pt-online-schema-change", printedIn: stopped.stdout, server: server, db: db)
        #expect(command.contains("--alter='MODIFY COLUMN `code` varchar(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL'"), "\(command)")
        #expect(command.contains("--alter-foreign-keys-method=auto") && command.contains("--preserve-triggers")
                && command.contains("--chunk-size=100") && command.contains("--max-load=Threads_running=25"))
        let tool = Shell.run(command)
        try #require(tool.succeeded, "\(command)\n\(tool.output)")

        let rerun = server.run(scripts.forward, in: db)
        #expect(rerun.succeeded, "\(rerun.output)")
        let verify = server.run(scripts.verify, in: db)
        #expect(verify.succeeded, "\(verify.output)")

        func value(_ sql: String) -> String {
            server.run(sql, in: db).stdout.split(separator: "\n").dropFirst().joined(separator: "\n")
        }
        #expect(value("SELECT CONCAT(COLUMN_TYPE, ' ', IS_NULLABLE) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'customers' AND COLUMN_NAME = 'code'") == "varchar(40) NO")
        #expect(value("SELECT COUNT(*) FROM customers") == "400")
        // The child's foreign key points at the new table, and the trigger came along.
        // rebuild_constraints re-creates it under a new name, as CHANGE.md warns.
        #expect(value("SELECT CONCAT(CONSTRAINT_NAME, ' ', REFERENCED_TABLE_NAME) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'orders'") == "_orders_customer_id_fk customers")
        #expect(value("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = 'customers'") == "customers_audit")
        let write = server.run("UPDATE customers SET code = CONCAT(code, '-longer-than-twenty') WHERE id = 1; INSERT INTO orders (id, customer_id) VALUES (401, 1);", in: db)
        #expect(write.succeeded, "\(write.output)")
        #expect(value("SELECT COUNT(*) FROM customer_audit") == "1")
        #expect(!server.run("INSERT INTO orders (id, customer_id) VALUES (402, 999)", in: db).succeeded, "the foreign key still holds")

        // A later spec drops the key under the name it was made with: the script finds it under
        // the name pt-online-schema-change gave it, and drops it.
        let dropped = try Self.compile([("20260101000000_baseline_shop", Self.baseline), ("20260101000100_customers_longer_code", Self.change),
                                        ("20260101000200_orders_drop_customer_fk", Self.dropKey)])
        for phase in [dropped.forward, dropped.backfill, dropped.contract, dropped.verify] {
            let result = server.run(phase, in: db)
            #expect(result.succeeded, "\(result.output)")
        }
        #expect(value("SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'orders'") == "0")
        #expect(server.run("INSERT INTO orders (id, customer_id) VALUES (403, 999)", in: db).succeeded, "the foreign key is still there")
    }

    static let dropKey = """
        plancc: 1
        id: 20260101000200_orders_drop_customer_fk
        title: Orders without the customer key
        intent: Drop the foreign key pt-online-schema-change re-created.
        rationale: The key keeps the name it was made with in the specs.
        risk: high
        dialects: [mysql]
        rollback:
          strategy: reverse
        rollout:
          mode: single_step
        changes:
          - drop_constraint:
              table: orders
              name: orders_customer_id_fk
              was: { foreign_key: { columns: [customer_id], references: { table: customers, columns: [id] } } }

        """

    /// Without a baseline the history cannot tell: both commands are written, and the script
    /// names the one information_schema calls for.
    @Test func withoutHistoryTheScriptNamesTheToolTheTableNeeds() throws {
        guard let server = MariaDB.current else { return }
        let scripts = try Self.compile([("20260101000100_customers_longer_code", Self.change)])
        #expect(scripts.forward.contains("--   gh-ost --host=HOST --database=DB --table='customers'"))
        #expect(scripts.forward.contains("--   pt-online-schema-change --alter="))
        for (db, linked) in [("plancc_osc_linked", true), ("plancc_osc_plain", false)] {
            try server.freshDatabase(db)
            let setup = linked ? Self.setup
                : "CREATE TABLE customers (id BIGINT NOT NULL PRIMARY KEY, code VARCHAR(20) NOT NULL);\n"
                + "INSERT INTO customers (id, code) SELECT seq, CONCAT('c-', seq) FROM seq_1_to_400; ANALYZE TABLE customers;"
            try #require(server.run(setup, in: db).succeeded)
            let stopped = server.run(scripts.forward, in: db)
            #expect(!stopped.succeeded)
            let tool = linked ? "pt-online-schema-change" : "gh-ost"
            #expect(stopped.output.contains("plancc: customers is over online_copy_rows: run the \(tool) command"), "\(stopped.output)")
            #expect(stopped.stdout.split(separator: "\n").contains { $0.hasPrefix("\(tool) ") }, "\(stopped.output)")
        }
    }

    /// At or under online_copy_rows the copy runs in the script itself.
    @Test func smallTableIsCopiedByTheScript() throws {
        guard let server = MariaDB.current else { return }
        let small = Self.change.replacingOccurrences(of: "online_copy_rows: 100", with: "online_copy_rows: 1000")
        let scripts = try Self.compile([("20260101000000_baseline_shop", Self.baseline), ("20260101000100_customers_longer_code", small)])
        let db = "plancc_osc_small"
        try server.freshDatabase(db)
        try #require(server.run(Self.setup, in: db).succeeded)
        let forward = server.run(scripts.forward, in: db)
        #expect(forward.succeeded, "\(forward.output)")
        #expect(server.run(scripts.verify, in: db).succeeded)
    }
}
