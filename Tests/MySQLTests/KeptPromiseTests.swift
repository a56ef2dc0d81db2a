import Foundation
import Planner
import PlanccKit
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

    // MARK: 2a. Type change contract keeps the default

    /// A DBA's report: contract swapped in `qty bigint NOT NULL` without the old `DEFAULT 0`, so
    /// new code's inserts that leave the column out were refused after contract (ERROR 1364).
    /// The shadow has no default before contract (the sync trigger takes a value there for new
    /// code's write); the swap gives it the old one, restated for the new type.
    @Test("type change contract keeps the old column's default; a default that does not fit the new type stops contract before the triggers go")
    func typeChangeKeepsTheDefault() throws {
        guard !EngineGate.skipped else { return }
        try prepare("keepdefault", setup: """
            CREATE TABLE orders (id bigint PRIMARY KEY, qty int NOT NULL DEFAULT 0, label varchar(20) NULL DEFAULT 'none',
              placed timestamp NULL DEFAULT CURRENT_TIMESTAMP) ENGINE=InnoDB;
            INSERT INTO orders (id, qty, label) VALUES (1, 5, 'a'), (2, 7, NULL);
            """, changes: """
              - alter_column_type: { table: orders, column: qty, type: bigint, was: integer }
              - alter_column_type: { table: orders, column: label, type: varchar(80), was: varchar(20) }
              - alter_column_type: { table: orders, column: placed, type: { mysql: "datetime" }, was: timestamp }
            """, id: "20260302000150_mysql_type_change_keeps_default") { server, session, scripts in
            let runbook = MariaDBRunbook(server: server, db: "keepdefault", scripts: scripts)
            #expect(runbook.run("forward").succeeded)
            #expect(try session.rows("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'orders' "
                                     + "AND COLUMN_NAME LIKE '\\_plancc\\_new\\_%' AND COLUMN_DEFAULT IS NOT NULL AND COLUMN_DEFAULT <> 'NULL'").first?.first == "0",
                    "a shadow column has a default before contract")
            try run(server, "INSERT INTO orders (id) VALUES (10); INSERT INTO orders (id, qty) VALUES (11, 3)", "keepdefault", "old code's inserts")
            for phase in ["backfill", "contract"] {
                let result = runbook.run(phase)
                #expect(result.succeeded, "\(phase): \(result.output)")
            }
            let insert = server.run("INSERT INTO orders (id) VALUES (20)", in: "keepdefault")
            #expect(insert.succeeded, "new code's insert without qty was refused after contract: \(insert.output)")
            #expect(try session.rows("SELECT GROUP_CONCAT(CONCAT(id, '=', qty, '/', IFNULL(label, '-'), '/', placed IS NOT NULL) ORDER BY id) FROM orders").first?.first
                    == "1=5/a/1,2=7/-/1,10=0/none/1,11=3/none/1,20=0/none/1")
            #expect(try column(session, "orders", "qty").hasPrefix("bigint(20)\tNO"))
            for phase in ["contract", "verify"] {
                let again = runbook.run(phase)
                #expect(again.succeeded, "\(phase) after contract: \(again.output)")
            }
        }
        try prepare("baddefault", setup: """
            CREATE TABLE items (id bigint PRIMARY KEY, code varchar(10) NULL DEFAULT 'n/a') ENGINE=InnoDB;
            INSERT INTO items VALUES (1, '12'), (2, 'n/a');
            """, changes: "  - alter_column_type: { table: items, column: code, type: integer, was: varchar(10), using: \"NULLIF(code, 'n/a')\" }",
            id: "20260302000158_mysql_type_change_default_refused") { server, session, scripts in
            let runbook = MariaDBRunbook(server: server, db: "baddefault", scripts: scripts)
            for phase in ["forward", "backfill"] { #expect(runbook.run(phase).succeeded, "\(phase)") }
            let refused = runbook.run("contract")
            #expect(!refused.succeeded && refused.output.contains("Invalid default value for '\(Plan.shadowName("code"))'"), "\(refused.output)")
            // Nothing changed: the sync triggers are still there and the old column too.
            #expect(try session.rows("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME LIKE '\\_plancc\\_%'").first?.first == "2")
            #expect(try column(session, "items", "code").hasPrefix("varchar(10)"))
            try run(server, "ALTER TABLE items ALTER COLUMN code DROP DEFAULT", "baddefault", "drop the old default")
            let contract = runbook.run("contract")
            #expect(contract.succeeded, "\(contract.output)")
            #expect(try session.rows("SELECT GROUP_CONCAT(CONCAT(id, '=', IFNULL(code, '-')) ORDER BY id) FROM items").first?.first == "1=12,2=-")
        }
    }

    // MARK: 2b. The table's own triggers beside a rename

    /// The sync triggers come after the table's own (MariaDB fires them in creation order), so
    /// old code's write is normalised before the copy. Contract would drop the column the table's
    /// trigger names, after which every insert fails ("Unknown column"): it stops, naming the
    /// trigger, and drops nothing; once the trigger uses the new name, contract completes.
    @Test("a rename beside the table's own BEFORE trigger: old code's write is normalised in both columns, contract refuses while the trigger names the old column")
    func renameBesideTheTablesTrigger() throws {
        guard !EngineGate.skipped else { return }
        try prepare("owntrigger", setup: """
            CREATE TABLE accounts (id bigint PRIMARY KEY, status varchar(40) NULL) ENGINE=InnoDB;
            CREATE TRIGGER lowercase_status_ins BEFORE INSERT ON accounts FOR EACH ROW SET NEW.status = LOWER(NEW.status);
            CREATE TRIGGER lowercase_status_upd BEFORE UPDATE ON accounts FOR EACH ROW SET NEW.status = LOWER(NEW.status);
            INSERT INTO accounts VALUES (1, 'Active'), (2, 'TRIAL'), (3, NULL);
            """, changes: "  - rename_column: { table: accounts, from: status, to: state }",
            id: "20260302000250_mysql_rename_own_trigger") { server, session, scripts in
            let runbook = MariaDBRunbook(server: server, db: "owntrigger", scripts: scripts)
            for phase in ["forward", "backfill"] { try #require(runbook.run(phase).succeeded) }
            try run(server, "INSERT INTO accounts (id, status) VALUES (10, 'OLD'); UPDATE accounts SET status = 'ClOsEd' WHERE id = 1", "owntrigger", "old code")
            #expect(try session.rows("SELECT id, status, state FROM accounts WHERE id IN (1, 10) ORDER BY id").map { $0.joined(separator: "/") }
                    == ["1/closed/closed", "10/old/old"])
            let refused = runbook.run("contract")
            #expect(!refused.succeeded && refused.output.contains("lowercase_status_ins"), "\(refused.output)")
            #expect(try session.rows("SELECT COUNT(status) FROM accounts").first?.first == "3", "the refused contract dropped status")
            try run(server, """
                DROP TRIGGER lowercase_status_ins; DROP TRIGGER lowercase_status_upd;
                CREATE TRIGGER lowercase_state_ins BEFORE INSERT ON accounts FOR EACH ROW SET NEW.state = LOWER(NEW.state);
                """, "owntrigger", "the application's new trigger")
            let contract = runbook.run("contract")
            #expect(contract.succeeded, "\(contract.output)")
            try run(server, "INSERT INTO accounts (id, state) VALUES (30, 'AfTeR')", "owntrigger", "new code after contract")
            #expect(try session.rows("SELECT state FROM accounts WHERE id = 30").first?.first == "after")
        }
    }

    /// New code's writes pass through the table's own trigger as old code's do: on MariaDB a first
    /// sync trigger precedes the table's, giving the old column new code's write before they run.
    /// When the application moves its trigger to the new name (placed before plancc's last sync
    /// trigger, as docs/design.md says), both versions' writes are still normalised. Contract's
    /// refusal names only the triggers that use the old column of their row, not one that has
    /// the name in a string, a comment or as another table's column.
    @Test("a rename beside the table's own BEFORE trigger on MariaDB: old and new code's writes are normalised alike, before and after the trigger moves to the new name")
    func renameNormalisesBothVersions() throws {
        guard !EngineGate.skipped else { return }
        try prepare("bothversions", setup: """
            CREATE TABLE accounts (id bigint PRIMARY KEY, status varchar(40) NULL) ENGINE=InnoDB;
            CREATE TABLE audit (id bigint, status varchar(40), note varchar(200)) ENGINE=InnoDB;
            CREATE TRIGGER lowercase_status_ins BEFORE INSERT ON accounts FOR EACH ROW SET NEW.status = LOWER(NEW.status);
            CREATE TRIGGER lowercase_status_upd BEFORE UPDATE ON accounts FOR EACH ROW SET NEW.status = LOWER(NEW.status);
            INSERT INTO accounts VALUES (1, 'Active'), (2, 'TRIAL'), (3, NULL);
            """, changes: "  - rename_column: { table: accounts, from: status, to: state }",
            id: "20260302000251_mysql_rename_both_versions") { server, session, scripts in
            let runbook = MariaDBRunbook(server: server, db: "bothversions", scripts: scripts)
            for phase in ["forward", "backfill"] { try #require(runbook.run(phase).succeeded) }
            let sync = Plan.syncTriggerName(table: "accounts", column: "state")
            // Uses the new name only: status is audit's column, and words in text.
            try run(server, """
                CREATE TRIGGER audit_account AFTER INSERT ON accounts FOR EACH ROW
                  -- copies NEW.status into audit.status
                  INSERT INTO audit (id, status, note) VALUES (NEW.id, NEW.state, 'NEW.status was written; status: ok');
                """, "bothversions", "the audit trigger")
            let both = { (ids: String) in
                try session.rows("SELECT id, status, state FROM accounts WHERE id IN (\(ids)) ORDER BY id").map { $0.joined(separator: "/") }
            }
            try run(server, """
                INSERT INTO accounts (id, status) VALUES (10, 'OLD'); INSERT INTO accounts (id, state) VALUES (20, 'NEW');
                UPDATE accounts SET status = 'ClOsEd' WHERE id = 1; UPDATE accounts SET state = 'UpDaTeD' WHERE id = 2
                """, "bothversions", "old and new code")
            #expect(try both("1, 2, 10, 20") == ["1/closed/closed", "2/updated/updated", "10/old/old", "20/new/new"])
            let refused = runbook.run("contract")
            #expect(!refused.succeeded && refused.output.contains("lowercase_status_ins,lowercase_status_upd use status"), "\(refused.output)")
            #expect(!refused.output.contains("audit_account"), "\(refused.output)")
            // The application moves its trigger to the new name, before plancc's last sync trigger.
            try run(server, """
                DROP TRIGGER lowercase_status_ins; DROP TRIGGER lowercase_status_upd;
                CREATE TRIGGER lowercase_state_ins BEFORE INSERT ON accounts FOR EACH ROW PRECEDES `\(sync)_ins` SET NEW.state = LOWER(NEW.state);
                CREATE TRIGGER lowercase_state_upd BEFORE UPDATE ON accounts FOR EACH ROW PRECEDES `\(sync)_upd` SET NEW.state = LOWER(NEW.state);
                INSERT INTO accounts (id, status) VALUES (11, 'OLD'); INSERT INTO accounts (id, state) VALUES (21, 'NEW');
                UPDATE accounts SET status = 'ReOpEnEd' WHERE id = 1; UPDATE accounts SET state = 'BaCk' WHERE id = 2
                """, "bothversions", "the moved trigger, old and new code")
            #expect(try both("1, 2, 11, 21") == ["1/reopened/reopened", "2/back/back", "11/old/old", "21/new/new"])
            let contract = runbook.run("contract")
            #expect(contract.succeeded, "\(contract.output)")
            try run(server, "INSERT INTO accounts (id, state) VALUES (30, 'AfTeR')", "bothversions", "new code after contract")
            #expect(try session.rows("SELECT state FROM accounts WHERE id = 30").first?.first == "after")
            #expect(try session.rows("SELECT status FROM audit WHERE id = 30").first?.first == "after")
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

    /// MariaDB refuses to drop an index a foreign key needs, and the scripts follow the spec's
    /// order: a drop_index of the key's index listed before the key's drop_constraint would stop
    /// contract half-way, so check refuses it at the drop_index, pointing at the key.
    @Test("a drop_index of a foreign key's index listed before the drop_constraint of the key is refused at check, where MariaDB would refuse it at contract")
    func foreignKeyIndexDroppedFirst() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        try server.freshDatabase("fkorder")
        let setup = server.run("""
            CREATE TABLE customers (id bigint PRIMARY KEY) ENGINE=InnoDB;
            CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NULL,
              CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)) ENGINE=InnoDB;
            """, in: "fkorder")
        try #require(setup.succeeded, "\(setup.output)")
        // The engine's side: in this order MariaDB refuses.
        let refused = server.run("ALTER TABLE orders DROP INDEX orders_customer_fk", in: "fkorder")
        #expect(!refused.succeeded && refused.output.contains("foreign key"), "\(refused.output)")
        let dir = try LiveSpecs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try LiveSpecs.write(id: "20260302000350_mysql_fk_index_first", title: "Issue 12 class", dialect: "mysql", risk: "high", changes: """
              - drop_index: { table: orders, name: orders_customer_fk, was: { columns: [customer_id] } }
              - drop_constraint:
                  table: orders
                  name: orders_customer_fk
                  was: { foreign_key: { columns: [customer_id], references: { table: customers, columns: [id] } } }
            """, into: dir)
        let workspace = try Workspace.load([path])
        let error = workspace.diagnostics.first { $0.code == .foreignKeyIndexDroppedFirst }
        #expect(error?.location.line == 16 && error?.notes.first?.location?.line == 17, "\(workspace.diagnostics.map { "\($0.location): \($0.message)" })")
        #expect(error?.fix?.contains("before this drop_index") == true)
        // In the order check asks for, the scripts run on MariaDB. The reordered spec is the
        // other spec's alternative, not its successor: in a folder of its own, or the first
        // spec's drops would be its history (and dropping the key again, E0321).
        let other = try LiveSpecs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: other) }
        let reordered = try LiveSpecs.write(id: "20260302000359_mysql_fk_then_index", title: "Issue 12 class", dialect: "mysql", risk: "high", changes: """
              - drop_constraint:
                  table: orders
                  name: orders_customer_fk
                  was: { foreign_key: { columns: [customer_id], references: { table: customers, columns: [id] } } }
              - drop_index: { table: orders, name: orders_customer_fk, was: { columns: [customer_id] } }
            """, into: other)
        let runbook = MariaDBRunbook(server: server, db: "fkorder", scripts: try CompiledScripts(spec: reordered))
        for phase in ["forward", "backfill", "contract", "verify"] {
            let result = runbook.run(phase)
            #expect(result.succeeded, "\(phase): \(result.output)")
        }
    }

    /// Where another index the history knows serves the key (its leading columns are the key's),
    /// MariaDB lets the key's index go first: check does not refuse the drop_index, and the
    /// scripts, in the spec's order, run on MariaDB.
    @Test("a drop_index before the foreign key's drop_constraint is not refused while another index serves the key")
    func foreignKeyIndexCoveredByAnother() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        try server.freshDatabase("fkcovered")
        let dir = try LiveSpecs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let create = try LiveSpecs.write(id: "20260302000355_mysql_fk_two_indexes", title: "Issue 12 class", dialect: "mysql", risk: "medium",
                                         mode: "single_step", changes: """
              - create_table:
                  table: customers
                  columns: [{ name: id, type: bigint, nullable: false }]
                  primary_key: [id]
              - create_table:
                  table: orders
                  columns:
                    - { name: id, type: bigint, nullable: false }
                    - { name: customer_id, type: bigint }
                    - { name: created_at, type: timestamp }
                  primary_key: [id]
              - create_index: { table: orders, name: orders_customer_idx, columns: [customer_id, created_at] }
              - create_index: { table: orders, name: orders_customer_only_idx, columns: [customer_id] }
              - add_foreign_key: { table: orders, name: orders_customer_fk, columns: [customer_id], references: { table: customers, columns: [id] } }
            """, into: dir)
        let drop = try LiveSpecs.write(id: "20260302000356_mysql_fk_index_covered", title: "Issue 12 class", dialect: "mysql", risk: "high", changes: """
              - drop_index: { table: orders, name: orders_customer_idx, was: { columns: [customer_id, created_at] } }
              - drop_constraint:
                  table: orders
                  name: orders_customer_fk
                  was: { foreign_key: { columns: [customer_id], references: { table: customers, columns: [id] } } }
            """, into: dir)
        let workspace = try Workspace.load([dir])
        #expect(!workspace.diagnostics.contains { $0.code == .foreignKeyIndexDroppedFirst },
                "\(workspace.diagnostics.map { "\($0.location): \($0.message)" })")
        for spec in [create, drop] {
            let runbook = MariaDBRunbook(server: server, db: "fkcovered", scripts: try CompiledScripts(spec: spec))
            for phase in ["forward", "backfill", "contract", "verify"] {
                let result = runbook.run(phase)
                #expect(result.succeeded, "\(spec) \(phase): \(result.output)")
            }
        }
        let left = server.run("SHOW INDEX FROM orders WHERE Key_name LIKE 'orders_customer%'", in: "fkcovered")
        #expect(left.stdout.contains("orders_customer_only_idx") && !left.stdout.contains("orders_customer_idx\t"), "\(left.output)")
    }

    // MARK: 4. Character set, collation and comment survive every rewrite

    /// A latin1 table whose `code` is utf8mb4_bin (case matters) with a comment, and a nullable twin.
    static let charsetTable = """
        CREATE TABLE tags (id bigint PRIMARY KEY,
          code varchar(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL COMMENT 'case matters: ABC <> abc',
          alias varchar(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL COMMENT 'it''s optional') ENGINE=InnoDB DEFAULT CHARSET=latin1;
        INSERT INTO tags VALUES (1, 'abc', 'x'), (2, 'ABC', 'y'), (3, 'Straße', 'z');
        """

    /// `window`: the new column that old code's writes reach through the sync trigger until contract.
    static let charsetCases: [(mode: String, change: String, column: String, window: String?, type: String)] = [
        ("expand_contract", "- rename_column: { table: tags, from: code, to: label }", "label", "label", "varchar(40)"),
        ("expand_contract", "- alter_column_type: { table: tags, column: code, type: varchar(80), was: varchar(40) }", "code", Plan.shadowName("code"), "varchar(80)"),
        ("single_step", "- alter_column_type: { table: tags, column: code, type: varchar(80), was: varchar(40) }", "code", nil, "varchar(80)"),
        ("expand_contract", "- set_not_null: { table: tags, column: alias, type: varchar(40) }", "alias", nil, "varchar(40)"),
        ("single_step", "- set_not_null: { table: tags, column: alias, type: varchar(40) }", "alias", nil, "varchar(40)"),
    ]

    @Test("a utf8mb4_bin column with a comment keeps its character set, collation and comment through rename, type change and set_not_null",
          arguments: 0..<charsetCases.count)
    func rewritesKeepCharsetCollationAndComment(_ index: Int) throws {
        guard !EngineGate.skipped else { return }
        let c = Self.charsetCases[index]
        try prepare("charset", mode: c.mode, setup: Self.charsetTable, changes: "  " + c.change,
                    id: "20260302000400_mysql_charset_kept") { server, session, scripts in
            let runbook = MariaDBRunbook(server: server, db: "charset", scripts: scripts)
            let comment = c.column == "alias" ? "it's optional" : "case matters: ABC <> abc"
            #expect(runbook.run("forward").succeeded)
            #expect(runbook.run("forward").succeeded, "forward run again")
            if let window = c.window {
                // Old code writes what latin1 cannot hold; the sync trigger copies it to the new column.
                let written = server.run("UPDATE tags SET code = '日本語 🎉' WHERE id = 1; INSERT INTO tags (id, code) VALUES (4, 'Ωmega');", in: "charset")
                #expect(written.succeeded, "old code's write is refused: \(written.output)")
                let shadow = try column(session, "tags", window)
                #expect(shadow.contains("\tutf8mb4\tutf8mb4_bin\t\(comment)\t"), "the new column: \(shadow)")
            }
            for phase in ["backfill", "contract", "contract", "verify"] {
                let result = runbook.run(phase)
                #expect(result.succeeded, "\(phase): \(result.output)")
            }
            let after = try column(session, "tags", c.column)
            #expect(after.hasPrefix("\(c.type)\t") && after.contains("\tutf8mb4\tutf8mb4_bin\t\(comment)\t"), "after contract: \(after)")
            // utf8mb4_bin: 'ABC' matches only itself.
            let matches = try session.rows("SELECT COUNT(*) FROM tags WHERE \(session.ident(c.column == "alias" ? "code" : c.column)) = 'ABC'")
            #expect(matches.first?.first == "1", "the comparison is no longer case-sensitive: \(matches)")
            if c.mode == "single_step" {
                #expect(runbook.run("rollback").succeeded)
                let back = try column(session, "tags", c.column)
                #expect(back.contains("\tutf8mb4\tutf8mb4_bin\t\(comment)\t"), "after rollback: \(back)")
            }
        }
    }

    // MARK: 5. Grants follow a renamed table

    /// `app` may read and write `accounts` (and read one column of it more narrowly), no more.
    private func withAppUser(_ server: MariaDB, _ body: () throws -> Void) throws {
        try run(server, """
            DROP USER IF EXISTS 'plancc_app'@'localhost';
            CREATE USER 'plancc_app'@'localhost' IDENTIFIED BY 'app-pw';
            GRANT SELECT, INSERT, UPDATE ON grants.accounts TO 'plancc_app'@'localhost';
            GRANT SELECT (id) ON grants.audit TO 'plancc_app'@'localhost';
            """, "mysql", "the app user")
        defer { server.run("DROP USER IF EXISTS 'plancc_app'@'localhost';", in: "mysql") }
        try body()
    }

    /// SQL as the application's user.
    private func asApp(_ server: MariaDB, _ sql: String) -> ProcessResult {
        Shell.run("mariadb -uplancc_app -papp-pw --socket=\(Shell.quote(server.socket)) --batch grants", input: sql)
    }

    @Test("rename_table: the application's user keeps its grants under the new name (and the old one until contract)",
          arguments: ["expand_contract", "single_step"])
    func renamedTableKeepsGrants(_ mode: String) throws {
        guard !EngineGate.skipped else { return }
        try prepare("grants", mode: mode, setup: """
            CREATE TABLE accounts (id bigint PRIMARY KEY, email varchar(100)) ENGINE=InnoDB;
            CREATE TABLE audit (id bigint PRIMARY KEY, secret varchar(10)) ENGINE=InnoDB;
            INSERT INTO accounts VALUES (1, 'a@x');
            """, changes: """
              - rename_table: { from: accounts, to: members }
              - rename_table: { from: audit, to: audit_log }
            """, id: "20260302000500_mysql_rename_keeps_grants") { server, session, scripts in
            let runbook = MariaDBRunbook(server: server, db: "grants", scripts: scripts)
            try withAppUser(server) {
                #expect(runbook.run("forward").succeeded)
                #expect(runbook.run("forward").succeeded, "forward run again")
                let newCode = asApp(server, "INSERT INTO members (id, email) VALUES (2, 'new@x'); UPDATE members SET email = 'a2@x' WHERE id = 1; SELECT COUNT(*) FROM members; SELECT id FROM audit_log;")
                #expect(newCode.succeeded, "new code is refused under the new name: \(newCode.output)")
                let narrow = asApp(server, "SELECT secret FROM audit_log")
                #expect(!narrow.succeeded, "the column grant widened: \(narrow.output)")
                if mode == "expand_contract" {
                    let oldCode = asApp(server, "INSERT INTO accounts (id, email) VALUES (3, 'old@x'); SELECT COUNT(*) FROM accounts;")
                    #expect(oldCode.succeeded, "old code is refused through the compatibility view: \(oldCode.output)")
                }
                // Rollback gives the old name its table and grants back, and takes them from the new name.
                #expect(runbook.run("rollback").succeeded)
                #expect(runbook.run("rollback").succeeded, "rollback run again")
                let back = asApp(server, "INSERT INTO accounts (id, email) VALUES (4, 'back@x'); SELECT id FROM audit;")
                #expect(back.succeeded, "old code is refused after rollback: \(back.output)")
                let left = try session.rows("SELECT COUNT(*) FROM information_schema.TABLE_PRIVILEGES WHERE TABLE_SCHEMA = 'grants' AND TABLE_NAME IN ('members', 'audit_log')")
                    + session.rows("SELECT COUNT(*) FROM information_schema.COLUMN_PRIVILEGES WHERE TABLE_SCHEMA = 'grants' AND TABLE_NAME IN ('members', 'audit_log')")
                #expect(left.map { $0.first } == ["0", "0"], "grants left on the new names after rollback: \(left)")
                // Forward again and contract: only the new names keep grants.
                for phase in ["forward", "contract", "contract", "verify"] {
                    let result = runbook.run(phase)
                    #expect(result.succeeded, "\(phase): \(result.output)")
                }
                #expect(asApp(server, "INSERT INTO members (id, email) VALUES (5, 'later@x'); SELECT id FROM audit_log;").succeeded)
                let old = try session.rows("SELECT COUNT(*) FROM information_schema.TABLE_PRIVILEGES WHERE TABLE_SCHEMA = 'grants' AND TABLE_NAME IN ('accounts', 'audit')")
                    + session.rows("SELECT COUNT(*) FROM information_schema.COLUMN_PRIVILEGES WHERE TABLE_SCHEMA = 'grants' AND TABLE_NAME IN ('accounts', 'audit')")
                #expect(old.map { $0.first } == ["0", "0"], "grants left on the old names after contract, for any later table of that name: \(old)")
            }
        }
    }

    // MARK: 6. A primary key under expand_contract

    @Test("widening an AUTO_INCREMENT primary key under expand_contract: forward refuses before changing anything; single_step keeps the key")
    func primaryKeyWidening() throws {
        guard !EngineGate.skipped else { return }
        let setup = """
            CREATE TABLE events (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, note varchar(20) NOT NULL) ENGINE=InnoDB;
            CREATE TABLE marks (id bigint PRIMARY KEY, event_id int NULL, CONSTRAINT marks_event_fk FOREIGN KEY (event_id) REFERENCES events (id)) ENGINE=InnoDB;
            INSERT INTO events (note) VALUES ('a'), ('b');
            """
        let widen = """
              - alter_column_type: { table: events, column: id, type: bigint, was: integer }
            """
        try prepare("pk", setup: setup, changes: widen, id: "20260302000600_mysql_widen_key_expand") { server, session, scripts in
            let start = server.schema("pk")
            let runbook = MariaDBRunbook(server: server, db: "pk", scripts: scripts)
            for phase in ["forward", "contract"] {
                let refused = runbook.run(phase)
                #expect(!refused.succeeded && refused.output.contains("plancc: events.id is a primary, AUTO_INCREMENT or foreign key column: nothing done"),
                        "\(phase): \(refused.output)")
            }
            #expect(server.schema("pk") == start, "the refused forward changed the schema:\n\(server.schema("pk"))")
            #expect(server.run("INSERT INTO events (note) VALUES ('c')", in: "pk").succeeded)
        }
        // A foreign key column is refused too: its drop would stop contract half-way.
        try prepare("pk", setup: setup, changes: "  - rename_column: { table: marks, from: event_id, to: event }",
                    id: "20260302000610_mysql_rename_fk_column") { server, _, scripts in
            let refused = MariaDBRunbook(server: server, db: "pk", scripts: scripts).run("forward")
            #expect(!refused.succeeded && refused.output.contains("marks.event_id is a primary, AUTO_INCREMENT or foreign key column"), "\(refused.output)")
        }
        // The safe way: single_step, whose MODIFY keeps AUTO_INCREMENT and the key.
        try prepare("pk", mode: "single_step", setup: "CREATE TABLE events (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, note varchar(20) NOT NULL) ENGINE=InnoDB; INSERT INTO events (note) VALUES ('a');",
                    changes: widen, id: "20260302000620_mysql_widen_key_single") { server, session, scripts in
            let runbook = MariaDBRunbook(server: server, db: "pk", scripts: scripts)
            for phase in ["forward", "forward", "verify"] {
                let result = runbook.run(phase)
                #expect(result.succeeded, "\(phase): \(result.output)")
            }
            let id = try column(session, "events", "id")
            #expect(id.hasPrefix("bigint(20)\tNO") && id.contains("auto_increment"), "\(id)")
            #expect(server.run("INSERT INTO events (note) VALUES ('b'); INSERT INTO events (id, note) VALUES (3000000000, 'big');", in: "pk").succeeded)
        }
    }

    // MARK: 7. Verify reads a type as MySQL stores it

    @Test("verify of a type change checks the character set a type names, and reads synonyms as MySQL stores them")
    func verifyChecksTypeAttributes() throws {
        guard !EngineGate.skipped else { return }
        try prepare("verify", mode: "single_step", setup: """
            CREATE TABLE codes (id bigint PRIMARY KEY, code varchar(20) NOT NULL, ratio float NULL) ENGINE=InnoDB;
            INSERT INTO codes VALUES (1, 'A1', 0.5);
            """, changes: """
              - alter_column_type: { table: codes, column: code, type: { mysql: "varchar(32) character set ascii" }, was: varchar(20) }
              - alter_column_type: { table: codes, column: ratio, type: { mysql: "double precision" }, was: real }
            """, id: "20260302000700_mysql_verify_type_words") { server, session, scripts in
            let runbook = MariaDBRunbook(server: server, db: "verify", scripts: scripts)
            let before = runbook.run("verify")
            #expect(!before.succeeded && before.output.contains("column `codes`.`code` should be varchar(32) character set ascii"), "\(before.output)")
            #expect(runbook.run("forward").succeeded)
            let passed = runbook.run("verify")
            #expect(passed.succeeded, "verify rejects the columns forward made: \(passed.output)")
            // Same length, other character set: verify names it.
            try run(server, "ALTER TABLE codes MODIFY code varchar(32) CHARACTER SET utf8mb4 NOT NULL", "verify", "a wrong character set")
            let wrong = runbook.run("verify")
            #expect(!wrong.succeeded && wrong.output.contains("column `codes`.`code` should be varchar(32) character set ascii"), "\(wrong.output)")
        }
    }
}
