import Foundation
import Planner
import Testing
import TestSupport

/// Issue 12 on MariaDB 10.11, one regression test per class of defect: a soft drop_column that
/// keeps NOT NULL, a type-change contract with a window without the column, a foreign key whose
/// index goes with it, charset, collation and comment lost by rewrites, grants left on a renamed
/// table's old name, a key column under expand_contract, and verify reading a type's words.
@Suite(.serialized, .mariaDB)
struct KeptPromiseTests {
    /// A fresh database `db` set up by `setup`, and the compiled scripts of `changes`.
    private func prepare(_ db: String, mode: String = "expand_contract", risk: String = "high", setup: String, changes: String,
                         id: String, _ body: (MariaDB, MariaDBSession, CompiledScripts) throws -> Void) throws {
        let server = try #require(MariaDB.current)
        let dir = try LiveSpecs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var spec = try String(contentsOfFile: try LiveSpecs.write(id: id, title: "Issue 12 class", dialect: "mysql", risk: risk,
                                                                   changes: changes, into: dir), encoding: .utf8)
        if mode != "expand_contract" { spec = spec.replacingOccurrences(of: "mode: expand_contract", with: "mode: \(mode)") }
        let path = dir + "/" + id + ".yaml"
        try spec.write(toFile: path, atomically: true, encoding: .utf8)
        let scripts = try CompiledScripts(spec: path)
        try server.freshDatabase(db)
        let made = server.run(setup, in: db)
        try #require(made.succeeded, "\(made.output)")
        try body(server, MariaDBSession(server: server, db: db), scripts)
    }

    private func run(_ server: MariaDB, _ sql: String, _ db: String, _ what: String) throws {
        let result = server.run(sql, in: db)
        if !result.succeeded { throw LiveFailure("\(what) failed:\n\(result.output)") }
    }

    /// One column's information_schema facts, tab-separated.
    private func column(_ session: MariaDBSession, _ table: String, _ column: String) throws -> String {
        try session.rows("""
            SELECT COLUMN_TYPE, IS_NULLABLE, IFNULL(CHARACTER_SET_NAME, '-'), IFNULL(COLLATION_NAME, '-'), COLUMN_COMMENT, EXTRA
              FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '\(table)' AND COLUMN_NAME = '\(column)'
            """).first?.joined(separator: "\t") ?? "(no column \(table).\(column))"
    }

    // MARK: 1. Soft drop_column

    static let grave = Plan.graveyardName("status")

    @Test("soft drop_column: new code inserts without the NOT NULL column until contract; rollback gives NOT NULL back")
    func softDropReleasesNotNull() throws {
        guard !EngineGate.skipped else { return }
        try prepare("softdrop", setup: """
            CREATE TABLE accounts (id bigint PRIMARY KEY, email varchar(100) NOT NULL,
              status varchar(40) NOT NULL COMMENT 'lifecycle', tier varchar(10) NOT NULL DEFAULT 'basic',
              bio text NULL) ENGINE=InnoDB;
            INSERT INTO accounts (id, email, status) VALUES (1, 'a@x', 'active'), (2, 'b@x', 'closed');
            """, changes: """
              - drop_column: { table: accounts, column: status }
              - drop_column: { table: accounts, column: tier }
              - drop_column: { table: accounts, column: bio }
            """, id: "20260302000000_mysql_soft_drop_not_null") { server, session, scripts in
            let start = server.schema("softdrop")
            let runbook = MariaDBRunbook(server: server, db: "softdrop", scripts: scripts)
            let ledger = WriteLedger(table: "accounts", key: "id", defaultValue: nil)
            ledger.seed([1: "a@x", 2: "b@x"])
            let newCode = AppWriter("new code", column: "email", session: session, ledger: ledger)
            #expect(runbook.run("forward").succeeded)
            #expect(runbook.run("forward").succeeded, "forward run again")
            // New code knows neither status nor tier: both inserts leave them out.
            try newCode.insert(10, .value("new@x"))
            try newCode.update(1, "a2@x")
            #expect(try ledger.mismatches(in: session, column: "email").isEmpty)
            let released = try column(session, "accounts", Self.grave)
            #expect(released.hasPrefix("varchar(40)\tYES") && released.contains(Plan.releasedNotNullMark + "lifecycle"), "\(released)")
            // A column with a default, or nullable, is left as it was.
            #expect(try column(session, "accounts", Plan.graveyardName("tier")).hasPrefix("varchar(10)\tNO"))

            // Rollback cannot give NOT NULL back while new code's row has no status: it says so, changes nothing.
            let refused = runbook.run("rollback")
            #expect(!refused.succeeded && refused.output.contains("plancc: 1 rows of accounts have \(Self.grave) NULL"), "\(refused.output)")
            #expect(try session.rows("SELECT COUNT(*) FROM accounts").first?.first == "3")
            try run(server, "UPDATE accounts SET \(Self.grave) = 'active' WHERE id = 10", "softdrop", "fill the row")
            #expect(runbook.run("rollback").succeeded)
            #expect(runbook.run("rollback").succeeded, "rollback run again")
            #expect(server.schema("softdrop") == start, "rollback did not restore the schema:\n\(server.schema("softdrop"))")
            let status = try column(session, "accounts", "status")
            #expect(status.hasPrefix("varchar(40)\tNO") && status.contains("\tlifecycle\t"), "\(status)")

            // Forward again, then contract drops the graveyard columns and verify holds.
            for phase in ["forward", "contract", "contract", "verify"] {
                let result = runbook.run(phase)
                #expect(result.succeeded, "\(phase): \(result.output)")
            }
            try newCode.insert(11, .value("after@x"))
        }
    }

    // MARK: 2. Type change contract: one statement, no window

    @Test("type change contract swaps the column in one ALTER under one lock; writers never miss the column")
    func typeChangeContractHasNoWindow() throws {
        guard !EngineGate.skipped else { return }
        try prepare("swap", setup: """
            CREATE TABLE accounts (id bigint PRIMARY KEY, status varchar(40) NOT NULL DEFAULT 'active') ENGINE=InnoDB;
            INSERT INTO accounts (id, status) VALUES (1, 'active'), (2, 'closed'), (3, 'trial');
            """, changes: "  - alter_column_type: { table: accounts, column: status, type: varchar(80), was: varchar(40) }",
            id: "20260302000100_mysql_swap_in_one_alter") { server, session, scripts in
            let runbook = MariaDBRunbook(server: server, db: "swap", scripts: scripts)
            for phase in ["forward", "backfill"] { #expect(runbook.run(phase).succeeded, "\(phase)") }
            // The statements contract runs, as the server logs them.
            try run(server, "SET GLOBAL log_output = 'TABLE'; TRUNCATE TABLE mysql.general_log; SET GLOBAL general_log = 1;", "mysql", "general log on")
            let file = server.dir + "/swap-contract.sql"
            try scripts.contract.write(toFile: file, atomically: true, encoding: .utf8)
            // Writers insert and update `status` all through contract, while a reader's open
            // transaction makes contract wait for the table's lock; every write must succeed.
            let writers = (0..<40).map { i in
                "\(server.client("swap")) -e \"INSERT INTO accounts (id, status) VALUES (\(100 + i), 'w\(i)'); UPDATE accounts SET status = 'u\(i)' WHERE id = 1;\" || echo WRITE-FAILED; sleep 0.05"
            }.joined(separator: "\n")
            let result = Shell.run("""
                \(server.client("swap")) -e "START TRANSACTION; SELECT COUNT(*) FROM accounts; DO SLEEP(1); COMMIT;" >/dev/null &
                holder=$!
                ( \(writers) ) > \(Shell.quote(server.dir + "/writers.log")) 2>&1 &
                writers=$!
                sleep 0.2
                \(server.client("swap")) < \(Shell.quote(file)) >/dev/null; echo "contract exit $?"
                wait $holder; wait $writers; cat \(Shell.quote(server.dir + "/writers.log"))
                """)
            try run(server, "SET GLOBAL general_log = 0;", "mysql", "general log off")
            #expect(result.stdout.contains("contract exit 0"), "\(result.output)")
            #expect(!result.stdout.contains("WRITE-FAILED"), "a writer was refused during contract:\n\(result.output)")
            // Each statement the client sent, in order: the one that drops the old column (a CALL
            // of the guarded step) also renames the shadow, between LOCK TABLES and UNLOCK TABLES.
            let sent = try session.rows("""
                SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log
                 WHERE command_type = 'Query' AND thread_id = (SELECT thread_id FROM mysql.general_log
                   WHERE CONVERT(argument USING utf8mb4) LIKE '%DROP COLUMN `status`%' LIMIT 1) ORDER BY event_time
                """).map { $0.joined().replacingOccurrences(of: "\\n", with: " ") }
            let drops = sent.filter { $0.contains("DROP COLUMN `status`") }
            #expect(drops.count == 1 && drops.allSatisfy { $0.contains("RENAME COLUMN `\(Plan.shadowName("status"))` TO `status`") },
                    "the drop of the old column is not the statement that renames the shadow: \(drops)")
            let lock = sent.firstIndex { $0.hasPrefix("LOCK TABLES `accounts` WRITE") }
            let unlock = sent.firstIndex { $0.hasPrefix("UNLOCK TABLES") }
            let swap = sent.firstIndex { $0.contains("DROP COLUMN `status`") }
            #expect(lock != nil && swap != nil && unlock != nil && lock! < swap! && swap! < unlock!
                        && sent[lock!..<swap!].contains { $0.contains("DROP TRIGGER") },
                    "the triggers' drop and the swap are not under one table lock: \(sent)")
            let swapped = try column(session, "accounts", "status")
            #expect(swapped.hasPrefix("varchar(80)\tNO"), "\(swapped)")
            #expect(try session.rows("SELECT status FROM accounts WHERE id = 1").first?.first == "u39")
            #expect(try session.rows("SELECT COUNT(*) FROM accounts").first?.first == "43")
            for phase in ["contract", "verify"] {
                let again = runbook.run(phase)
                #expect(again.succeeded, "\(phase) after contract: \(again.output)")
            }
        }
    }

    // MARK: 3. drop_constraint of a foreign key keeps its index

    @Test("drop_constraint of a foreign key keeps the index of the same name (lookups still use it), in both modes",
          arguments: ["single_step", "expand_contract"])
    func droppedForeignKeyKeepsIndex(_ mode: String) throws {
        guard !EngineGate.skipped else { return }
        try prepare("fk", mode: mode, setup: """
            CREATE TABLE customers (id bigint PRIMARY KEY) ENGINE=InnoDB;
            CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NULL,
              CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)) ENGINE=InnoDB;
            INSERT INTO customers VALUES (1), (2); INSERT INTO orders VALUES (1, 1), (2, 2), (3, NULL);
            """, changes: """
              - drop_constraint:
                  table: orders
                  name: orders_customer_fk
                  was: { foreign_key: { columns: [customer_id], references: { table: customers, columns: [id] } } }
            """, id: "20260302000200_mysql_drop_fk_keeps_index") { server, session, scripts in
            let start = server.schema("fk")
            let runbook = MariaDBRunbook(server: server, db: "fk", scripts: scripts)
            for phase in ["forward", "forward", "backfill", "contract", "contract", "verify"] {
                let result = runbook.run(phase)
                #expect(result.succeeded, "\(phase): \(result.output)")
            }
            #expect(try session.rows("SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'orders_customer_fk'").first?.first == "0")
            #expect(try session.rows("SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'orders_customer_fk'").first?.first == "1")
            let plan = try session.rows("EXPLAIN SELECT id FROM orders WHERE customer_id = 2").map { $0.joined(separator: " ") }.joined()
            #expect(plan.contains("orders_customer_fk"), "the lookup does not use the index: \(plan)")
            if mode == "single_step" {
                #expect(runbook.run("rollback").succeeded)
                #expect(runbook.run("rollback").succeeded)
                #expect(server.schema("fk") == start, "rollback did not restore the schema:\n\(server.schema("fk"))")
            }
        }
    }

    @Test("a spec that also drops the foreign key's index drops it")
    func droppedForeignKeyAndIndex() throws {
        guard !EngineGate.skipped else { return }
        try prepare("fkindex", setup: """
            CREATE TABLE customers (id bigint PRIMARY KEY) ENGINE=InnoDB;
            CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NULL,
              CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)) ENGINE=InnoDB;
            """, changes: """
              - drop_constraint:
                  table: orders
                  name: orders_customer_fk
                  was: { foreign_key: { columns: [customer_id], references: { table: customers, columns: [id] } } }
              - drop_index: { table: orders, name: orders_customer_fk, was: { columns: [customer_id] } }
            """, id: "20260302000300_mysql_drop_fk_and_index") { server, session, scripts in
            let runbook = MariaDBRunbook(server: server, db: "fkindex", scripts: scripts)
            for phase in ["forward", "contract", "contract", "verify"] {
                let result = runbook.run(phase)
                #expect(result.succeeded, "\(phase): \(result.output)")
            }
            let left = try session.rows("SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'orders_customer_fk'")
            #expect(left.first?.first == "0")
        }
    }
}
