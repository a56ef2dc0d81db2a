import Foundation
import Testing
import TestSupport

/// Issue 12, silent truncation: a single-step alter_column_type that narrows a character type,
/// or the rollback of one that widened it, must stop with an error and keep every value, where
/// an explicit cast to the shorter type would cut them and exit 0. A widening stays a catalog
/// change (no rewrite of the table).
@Suite(.serialized)
struct PostgreSQLTypeNarrowingTests {
    static let setup = """
        CREATE TABLE accounts (id bigint PRIMARY KEY, status varchar(40), code char(8));
        INSERT INTO accounts VALUES (1, 'active', 'abc'), (2, 'suspended', 'abcdefgh'), (3, NULL, NULL);
        """

    @Test("narrowing a varchar or char refuses values that do not fit, and changes nothing",
          arguments: [("status", "varchar(5)", "varchar(40)", "character varying(40)"),
                      ("code", "char(3)", "char(8)", "character(8)")])
    func narrowing(_ column: String, _ type: String, _ was: String, _ catalogType: String) throws {
        guard !EngineGate.skipped else { return }
        let change = "  - alter_column_type: { table: accounts, column: \(column), type: \(type), was: \(was) }"
        try LiveCase.run(port: 55450, id: "20260302000000_pg_narrowing", mode: "single_step",
                         rollback: "restore_from_backup", setup: Self.setup, changes: change) { live in
            let before = try live.query("SELECT string_agg(coalesce(\(column), 'NULL'), ',' ORDER BY id) FROM accounts")
            let forward = live.run("forward")
            #expect(!forward.succeeded, "forward exited 0 although a value does not fit \(type):\n\(forward.output)")
            #expect(forward.output.contains("value too long"), "\(forward.output)")
            #expect(try live.query("SELECT string_agg(coalesce(\(column), 'NULL'), ',' ORDER BY id) FROM accounts") == before)
            #expect(try live.query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = '\(column)'") == catalogType)
            // Once no value is too long, the narrowing goes through.
            _ = try live.query("UPDATE accounts SET \(column) = left(\(column), 3)")
            let again = live.run("forward")
            #expect(again.succeeded, "\(again.output)")
            #expect(try live.query("SELECT string_agg(coalesce(rtrim(\(column)), 'NULL'), ',' ORDER BY id) FROM accounts")
                    == (column == "status" ? "act,sus,NULL" : "abc,abc,NULL"))
        }
    }

    @Test("the rollback of a widening refuses a value written since forward that the old type cannot hold", arguments: PostgresServer.all)
    func rollbackOfWidening(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = """
            CREATE TABLE accounts (id bigint PRIMARY KEY, status varchar(10));
            INSERT INTO accounts VALUES (1, 'active'), (2, 'suspended'), (3, NULL);
            """
        let change = "  - alter_column_type: { table: accounts, column: status, type: varchar(40), was: varchar(10) }"
        try LiveCase.run(port: 55450, server: server, id: "20260302000100_pg_widening", mode: "single_step", setup: setup, changes: change) { live in
            let file = try live.query("SELECT pg_relation_filenode('accounts')")
            let forward = live.run("forward")
            try #require(forward.succeeded, "\(forward.output)")
            #expect(try live.query("SELECT pg_relation_filenode('accounts')") == file, "the widening rewrote the table")
            // New code writes what only the wider type holds.
            _ = try live.query("INSERT INTO accounts VALUES (4, 'waiting for review')")
            let rollback = live.run("rollback")
            #expect(!rollback.succeeded, "rollback exited 0 although 'waiting for review' does not fit varchar(10):\n\(rollback.output)")
            #expect(try live.query("SELECT status FROM accounts WHERE id = 4") == "waiting for review")
            #expect(try live.query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'status'")
                    == "character varying(40)")
            // With that value shortened, rollback gives back the old type and keeps the rest.
            _ = try live.query("UPDATE accounts SET status = 'waiting' WHERE id = 4")
            let again = live.run("rollback")
            #expect(again.succeeded, "\(again.output)")
            #expect(try live.query("SELECT string_agg(coalesce(status, 'NULL'), ',' ORDER BY id) FROM accounts") == "active,suspended,NULL,waiting")
        }
    }
}
