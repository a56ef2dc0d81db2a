import Foundation
import Testing
import PlanccKit
import TestSupport
import PlanSpec

/// The round trip on a real MariaDB 10.11 (see RoundTrip for the law). Skipped only with
/// PLANCC_SKIP_ENGINES=1.
@Suite(.serialized, .mariaDB)
struct RoundTripTests {
    static func fixture(_ name: String) -> String? {
        try? String(contentsOfFile: Repo.path("Tests/Fixtures/mysql/\(name)"), encoding: .utf8)
    }

    /// The example specs as a history: each starts from the database the ones before it
    /// left (after contract), from the baseline users table, seeded with rows after each
    /// spec that creates a table.
    @Test func exampleSpecsInOrder() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        _ = FileManager.default.changeCurrentDirectoryPath(Repo.root)
        #expect(Repo.exampleSpecs.count > 10)
        var state = try #require(Self.fixture("base.sql"))
        for path in Repo.exampleSpecs {
            let relative = String(path.dropFirst(Repo.root.count + 1))
            let scripts = try CompiledScripts(spec: relative)
            guard !scripts.forward.isEmpty else { continue }  // a baseline
            state = try RoundTrip(server: server, scripts: scripts).check(start: state)
            if let seed = Self.fixture("seed/\(scripts.id).sql") { state += "\n" + seed }
        }

        // What the history knows is what the scripts did: `schema-at --format sql --dialect mysql`
        // of the last spec, run on an empty database, gives the tables, columns, keys, indexes and
        // constraints that every spec's forward, backfill and contract left.
        try server.freshDatabase("applied_history")
        let applied = server.run(state, in: "applied_history")
        try #require(applied.succeeded, "\(applied.output)")
        let workspace = try Workspace.load([Repo.path("specs")])
        let last = try #require(Repo.exampleSpecs.last?.split(separator: "/").last.map(String.init))
        let ddl = try SchemaAt.render(SchemaAt.history(workspace, upTo: last), format: .sql, dialect: .mysql)
        try server.freshDatabase("schema_at")
        let created = server.run(ddl, in: "schema_at")
        try #require(created.succeeded, "schema-at --format sql --dialect mysql does not run:\n\(created.output)\n\(ddl)")
        let scripts = try MariaDBCatalog.describe("applied_history", on: server), history = try MariaDBCatalog.describe("schema_at", on: server)
        #expect(scripts == history, "the schema the scripts left differs from the history's (schema-at):\nscripts:\n\(scripts)\nhistory:\n\(history)")
        #expect(scripts.contains("table orders"), "the comparison saw no tables:\n\(scripts)")
    }

    /// The operation specs of this suite, each with the database it starts from.
    static let operationSpecs: [(spec: String, start: String)] = [
        ("20260101000000_mysql_single_step_ops", "shop.sql"),
        ("20260101000100_mysql_expand_contract_ops", "shop.sql"),
        ("20260101000200_mysql_hostile_names", "hostile.sql"),
        ("20260101000300_mysql_killed_backfill", "shop.sql"),
        ("20260101000400_mysql_single_step_drops", "shop.sql"),
        ("20260101000500_mysql_fill_then_require", "shop.sql"),
        // targets.mariadb; and targets.mysql 8.4, whose INSTANT DROP COLUMN of an indexed column
        // MariaDB refuses (1846), so the step runs again in place: the fallback, on a real server.
        ("20260101000600_mysql_target_mariadb", "shop.sql"),
        ("20260101000700_mysql_target_mysql", "shop.sql"),
    ]

    /// One folder per spec: each starts from its own database, so they are not one history.
    static func specPath(_ id: String) -> String { "Tests/Fixtures/mysql/specs/\(id)/\(id).yaml" }

    @Test(arguments: operationSpecs.map(\.spec))
    func operationSpec(_ id: String) throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        _ = FileManager.default.changeCurrentDirectoryPath(Repo.root)
        let start = try #require(Self.operationSpecs.first { $0.spec == id }.flatMap { Self.fixture("start/\($0.start)") })
        _ = try RoundTrip(server: server, scripts: CompiledScripts(spec: Self.specPath(id))).check(start: start)
    }

    /// Names and literals arrive as data: the injected DROP TABLE does not run, and the
    /// stored default and backfilled value are the spec's text, byte for byte.
    @Test func hostileLiteralsStayData() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        _ = FileManager.default.changeCurrentDirectoryPath(Repo.root)
        let scripts = try CompiledScripts(spec: Self.specPath("20260101000200_mysql_hostile_names"))
        let roundTrip = RoundTrip(server: server, scripts: scripts)
        try server.freshDatabase("hostile")
        try roundTrip.run(try #require(Self.fixture("start/hostile.sql")), in: "hostile", "start state")
        for phase in [scripts.forward, scripts.backfill, scripts.contract] { try roundTrip.run(phase, in: "hostile", "phase") }
        let rows = server.run("""
            SELECT COUNT(*) FROM `users`;
            SELECT HEX(`where`) FROM `order` ORDER BY `id` LIMIT 1;
            SELECT HEX(`it's ``quoted`` \\`) FROM `order` WHERE `from` IS NULL ORDER BY `id` LIMIT 1;
            """, in: "hostile")
        let hex = { (text: String) in text.utf8.map { String(format: "%02X", $0) }.joined() }
        #expect(rows.stdout.contains("\n3\n"), "users lost rows: \(rows.output)")
        #expect(rows.stdout.contains(hex("'); DROP TABLE users; --\\")), "\(rows.output)")
        #expect(rows.stdout.contains(hex("back\\slash 'q' `b` -- ;")), "\(rows.output)")
    }

    /// Under expand_contract, contract hands the old column's NOT NULL (and, for a rename, its
    /// default) to the new one: read back from the catalog after contract ran twice.
    @Test func contractCarriesNotNullAndDefault() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        _ = FileManager.default.changeCurrentDirectoryPath(Repo.root)
        let scripts = try CompiledScripts(spec: Self.specPath("20260101000100_mysql_expand_contract_ops"))
        let roundTrip = RoundTrip(server: server, scripts: scripts)
        try server.freshDatabase("adopt")
        try roundTrip.run(try #require(Self.fixture("start/shop.sql")), in: "adopt", "start state")
        for phase in [scripts.forward, scripts.backfill, scripts.contract, scripts.contract] {
            try roundTrip.run(phase, in: "adopt", "phase")
        }
        let columns = server.run("""
            SELECT COLUMN_NAME, IS_NULLABLE, COLUMN_TYPE, IFNULL(COLUMN_DEFAULT, '(none)') FROM information_schema.COLUMNS
             WHERE TABLE_SCHEMA = 'adopt' AND ((TABLE_NAME = 'customers' AND COLUMN_NAME IN ('member_level', 'display_name'))
                OR (TABLE_NAME = 'items' AND COLUMN_NAME IN ('added_at', 'price'))) ORDER BY COLUMN_NAME;
            INSERT INTO customers (email) VALUES ('default@x');
            SELECT CONCAT('[', member_level, ']') FROM customers WHERE email = 'default@x';
            """, in: "adopt")
        let lines = columns.stdout.split(separator: "\n").map(String.init)
        // rename, NOT NULL with an expression default
        #expect(lines.contains("added_at\tNO\tdatetime(6)\tcurrent_timestamp(6)"), "\(columns.output)")
        // rename, NOT NULL with a literal default (MariaDB reports it as SQL text)
        #expect(lines.contains("member_level\tNO\tvarchar(16)\t'it''s basic'"), "\(columns.output)")
        // type change, NOT NULL without a default
        #expect(lines.contains("price\tNO\tbigint(20)\t(none)"), "\(columns.output)")
        // rename of a nullable column without a default: stays so
        #expect(lines.contains("display_name\tYES\tvarchar(64)\tNULL"), "\(columns.output)")
        #expect(lines.contains("[it's basic]"), "the carried default does not apply: \(columns.output)")
    }

    /// A NULL left in the new column stops contract before any step (the row is not copied),
    /// naming the columns and the count; once it is filled, contract run again finishes.
    @Test func contractNamesNullsLeftInTheNewColumn() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        _ = FileManager.default.changeCurrentDirectoryPath(Repo.root)
        let scripts = try CompiledScripts(spec: Self.specPath("20260101000100_mysql_expand_contract_ops"))
        let roundTrip = RoundTrip(server: server, scripts: scripts)
        try server.freshDatabase("nulls")
        try roundTrip.run(try #require(Self.fixture("start/shop.sql")), in: "nulls", "start state")
        try roundTrip.run(scripts.forward, in: "nulls", "forward")
        try roundTrip.run(scripts.backfill, in: "nulls", "backfill")
        // New code that leaves the new column NULL (without the triggers, which would refuse it).
        let trigger = GeneratedNames.syncTrigger(table: "items", column: "added_at")
        try roundTrip.run("""
            DROP TRIGGER \(trigger)_ins; DROP TRIGGER \(trigger)_upd;
            UPDATE items SET added_at = NULL WHERE id = 1;
            """, in: "nulls", "a NULL in the new column")
        let stopped = server.run(scripts.contract, in: "nulls")
        #expect(!stopped.succeeded && stopped.output.contains("plancc: 1 rows of items.created_at not copied to added_at, nothing dropped"),
                "\(stopped.output)")
        try roundTrip.run("UPDATE items SET added_at = created_at WHERE id = 1", in: "nulls", "the NULL filled")
        try roundTrip.run(scripts.contract, in: "nulls", "contract re-run")
        try roundTrip.run(scripts.verify, in: "nulls", "verify")
    }

    /// A backfill killed part-way (its connection killed on the server) leaves some rows
    /// done; running it again finishes the rest and verify passes.
    @Test func killedBackfillCompletesOnRerun() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        _ = FileManager.default.changeCurrentDirectoryPath(Repo.root)
        let scripts = try CompiledScripts(spec: Self.specPath("20260101000300_mysql_killed_backfill"))
        let roundTrip = RoundTrip(server: server, scripts: scripts)
        try server.freshDatabase("killed")
        try roundTrip.run(try #require(Self.fixture("start/shop.sql")), in: "killed", "start state")
        try roundTrip.run(scripts.forward, in: "killed", "forward")

        let file = server.dir + "/backfill.sql"
        try scripts.backfill.write(toFile: file, atomically: true, encoding: .utf8)
        let kill = Shell.run("""
            \(server.client("killed")) < \(Shell.quote(file)) > /dev/null 2>&1 &
            client=$!
            sleep 0.6
            id=$(mariadb -uroot --socket=\(Shell.quote(server.socket)) -N -e "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = 'killed' AND ID <> CONNECTION_ID()")
            [ -n "$id" ] && mariadb -uroot --socket=\(Shell.quote(server.socket)) -e "KILL $id"
            wait $client; echo "client exit $?"
            """)
        #expect(kill.stdout.contains("client exit 1"), "the backfill was not killed: \(kill.output)")
        let counted = server.run("SELECT SUM(legacy_code LIKE 'K%'), COUNT(*) FROM customers", in: "killed").stdout
        let figures = counted.split(separator: "\n").last?.split(separator: "\t").compactMap { Int($0) } ?? []
        #expect(figures.count == 2 && figures[0] > 0 && figures[0] < figures[1], "not killed part-way: \(counted)")
        let verify = server.run(scripts.verify, in: "killed")
        #expect(!verify.succeeded && verify.output.contains("still to backfill"), "verify did not name the pending rows: \(verify.output)")

        try roundTrip.run(scripts.backfill, in: "killed", "backfill re-run")
        try roundTrip.run(scripts.verify, in: "killed", "verify after the re-run")
    }

    /// Before forward, verify fails and names each thing that is not in place.
    @Test func verifyNamesWhatIsMissing() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        _ = FileManager.default.changeCurrentDirectoryPath(Repo.root)
        let scripts = try CompiledScripts(spec: Self.specPath("20260101000000_mysql_single_step_ops"))
        try server.freshDatabase("unchanged")
        try RoundTrip(server: server, scripts: scripts).run(try #require(Self.fixture("start/shop.sql")), in: "unchanged", "start state")
        let verify = server.run(scripts.verify, in: "unchanged")
        #expect(verify.status == 1)
        for problem in [
            "table `tags` is missing",
            "column `customers`.`phone` is missing",
            "column `items`.`price` should be bigint",
            "column `items`.`sku` should be nullable",
            "column `customers`.`region` should have no default",
            "index `customers`.`customers_email_key` is missing",
            "index `items`.`idx_items_sku` should be gone",
            "primary key of `imports` is missing",
            "constraint `customers`.`customers_score_positive` should be gone",
            "rows of `customers` (`legacy_code`) still to backfill",
            "ERROR 1644 (45000)",
        ] {
            #expect(verify.output.contains(problem), "verify did not say: \(problem)\n\(verify.output)")
        }
    }
}

/// The base tables of a MariaDB database as plancc's model knows them, one fact per line,
/// sorted: columns (type, NULL, default, auto_increment), indexes with their columns and
/// prefixes (the primary key's included), foreign keys and checks with their definitions.
/// Views are left out (the model knows a view's columns by name only), and plancc's ledger.
enum MariaDBCatalog {
    static func describe(_ db: String, on server: MariaDB) throws -> String {
        let schema = "'" + db + "'"
        let tables = "SELECT table_name FROM information_schema.tables WHERE table_schema = \(schema) AND table_type = 'BASE TABLE' AND table_name <> 'plancc_ledger'"
        let result = server.run("""
            SELECT line FROM (
              SELECT CONCAT('table ', table_name) AS line FROM (\(tables)) t
              UNION ALL
              SELECT CONCAT('columns of ', table_name, ': ', GROUP_CONCAT(column_name ORDER BY ordinal_position SEPARATOR ', '))
                FROM information_schema.columns WHERE table_schema = \(schema) AND table_name IN (\(tables)) GROUP BY table_name
              UNION ALL
              SELECT CONCAT('column ', table_name, '.', column_name, ' ', column_type, IF(is_nullable = 'NO', ' not null', ''),
                            IFNULL(CONCAT(' default ', column_default), ''), IF(extra LIKE '%auto_increment%', ' auto_increment', ''))
                FROM information_schema.columns WHERE table_schema = \(schema) AND table_name IN (\(tables))
              UNION ALL
              SELECT CONCAT('index ', table_name, '.', index_name, IF(non_unique = 0, ' unique', ''), ' (',
                            GROUP_CONCAT(CONCAT(column_name, IFNULL(CONCAT('(', sub_part, ')'), '')) ORDER BY seq_in_index SEPARATOR ', '), ')')
                FROM information_schema.statistics WHERE table_schema = \(schema) AND table_name IN (\(tables))
               GROUP BY table_name, index_name, non_unique
              UNION ALL
              SELECT CONCAT('foreign key ', r.table_name, '.', r.constraint_name, ' (',
                            GROUP_CONCAT(k.column_name ORDER BY k.ordinal_position SEPARATOR ', '), ') -> ', r.referenced_table_name, ' (',
                            GROUP_CONCAT(k.referenced_column_name ORDER BY k.ordinal_position SEPARATOR ', '), ') on delete ', r.delete_rule,
                            ' on update ', r.update_rule)
                FROM information_schema.referential_constraints r
                JOIN information_schema.key_column_usage k
                  ON k.constraint_schema = r.constraint_schema AND k.constraint_name = r.constraint_name AND k.table_name = r.table_name
               WHERE r.constraint_schema = \(schema)
               GROUP BY r.table_name, r.constraint_name, r.referenced_table_name, r.delete_rule, r.update_rule
              UNION ALL
              SELECT CONCAT('check ', c.table_name, '.', c.constraint_name, ': ', c.check_clause)
                FROM information_schema.check_constraints c
               WHERE c.constraint_schema = \(schema) AND c.table_name IN (\(tables))
                 AND NOT EXISTS (SELECT 1 FROM information_schema.columns x WHERE x.table_schema = c.constraint_schema
                                   AND x.table_name = c.table_name AND x.column_name = c.constraint_name)
            ) facts ORDER BY line;
            """, in: db)
        guard result.succeeded else { throw EngineFailure(message: result.output) }
        return result.stdout
    }
}
