import Foundation
import Planner
import Testing
import TestSupport

/// Issue 12: the new column of an expand/contract rename or type change, beside the table's
/// own triggers and column attributes.
@Suite(.serialized)
struct PostgreSQLShadowColumnTests {
    /// A table whose own BEFORE trigger lowercases `status`, named to fire late among letters.
    static let normalised = """
        CREATE TABLE accounts (id bigint PRIMARY KEY, status varchar(40));
        CREATE FUNCTION lowercase_status() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.status := lower(NEW.status);
            RETURN NEW;
        END $$;
        CREATE TRIGGER zzz_lowercase_status BEFORE INSERT OR UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION lowercase_status();
        INSERT INTO accounts VALUES (1, 'Active'), (2, 'TRIAL'), (3, NULL);
        """

    /// Old code's writes pass through the table's own trigger before the copy: the new column
    /// holds the normalised value, as the old one does.
    @Test("sync triggers fire after the table's own BEFORE triggers", arguments: [
        ("  - rename_column: { table: accounts, from: status, to: state }", "state"),
        ("  - alter_column_type: { table: accounts, column: status, type: varchar(60), was: varchar(40) }", Plan.shadowName("status")),
    ])
    func afterTheTablesOwnTriggers(_ change: String, _ newColumn: String) throws {
        guard !EngineGate.skipped else { return }
        try LiveCase.run(port: 55452, id: "20260302000600_pg_trigger_order", setup: Self.normalised, changes: change) { live in
            try #require(live.run("forward").succeeded)
            _ = try live.query("INSERT INTO accounts (id, status) VALUES (10, 'SUSPENDED'); UPDATE accounts SET status = 'ClOsEd' WHERE id = 1")
            let new = Quote.ident(newColumn)
            #expect(try live.query("SELECT string_agg(id || '=' || status || '/' || coalesce(\(new), 'NULL'), ',' ORDER BY id) FROM accounts WHERE id IN (1, 10)")
                    == "1=closed/closed,10=suspended/suspended")
            try #require(live.run("backfill").succeeded)
            #expect(try live.query("SELECT count(*) FROM accounts WHERE status IS DISTINCT FROM \(new)") == "0")
            // The table's trigger ran before plancc's (a rename's first one aside): the order PostgreSQL reports.
            let name = Plan.syncTriggerName(table: "accounts", column: newColumn).dropFirst()
            #expect(try live.query("SELECT string_agg(tgname, ',' ORDER BY tgname COLLATE \"C\") FROM pg_trigger WHERE tgrelid = 'accounts'::regclass AND NOT tgisinternal")
                    == (newColumn == "state" ? "!" + name + "," : "") + "zzz_lowercase_status,~" + name)
        }
    }

    /// A rename's contract would drop the column the table's own trigger names, after which
    /// every write fails ('record "new" has no field'): contract stops, naming the trigger, and
    /// drops nothing; once the application's function uses the new name, contract completes and
    /// writes go on.
    @Test("contract of a rename refuses while the table's own trigger names the old column", arguments: PostgresServer.all)
    func contractKeepsTheTablesTriggerWorking(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        try LiveCase.run(port: 55452, server: server, id: "20260302000650_pg_trigger_names_old_column", setup: Self.normalised,
                         changes: "  - rename_column: { table: accounts, from: status, to: state }") { live in
            for phase in ["forward", "backfill"] { try #require(live.run(phase).succeeded) }
            // Both directions pass through the table's trigger: old code's write is normalised
            // before the copy; new code's reaches the old column first, is normalised there, and comes back.
            _ = try live.query("""
                INSERT INTO accounts (id, status) VALUES (10, 'OLD'); INSERT INTO accounts (id, state) VALUES (20, 'NEW');
                UPDATE accounts SET state = 'UpDaTeD' WHERE id = 2; UPDATE accounts SET status = 'ReOpEnEd' WHERE id = 20
                """)
            #expect(try live.query("SELECT string_agg(id || '=' || status || '/' || state, ',' ORDER BY id) FROM accounts WHERE id IN (2, 10, 20)")
                    == "2=updated/updated,10=old/old,20=reopened/reopened")
            let refused = live.run("contract")
            #expect(!refused.succeeded && refused.output.contains("zzz_lowercase_status"), "\(refused.output)")
            #expect(try live.query("SELECT count(*) FROM accounts WHERE status IS NOT NULL") == "4", "the refused contract dropped status")
            _ = try live.query("""
                CREATE OR REPLACE FUNCTION lowercase_status() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.state := lower(NEW.state);
                    RETURN NEW;
                END $$;
                """)
            let contract = live.run("contract")
            #expect(contract.succeeded, "\(contract.output)")
            let insert = live.execute("INSERT INTO accounts (id, state) VALUES (30, 'AfTeR')")
            #expect(insert.succeeded, "\(insert.output)")
            #expect(try live.query("SELECT state FROM accounts WHERE id = 30") == "after")
        }
    }

    /// The application moves its trigger to the new name before contract (as contract's refusal
    /// asks), while old and new code still write: the sync triggers must not undo its work. Every
    /// write, by either version, before and after the move and after contract, reads normalised
    /// under both names.
    @Test("the table's own trigger, moved to the new column before contract, normalises both versions' writes", arguments: PostgresServer.all)
    func triggerMovedToTheNewColumn(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        try LiveCase.run(port: 55452, server: server, id: "20260302000655_pg_trigger_moved_before_contract", setup: Self.normalised,
                         changes: "  - rename_column: { table: accounts, from: status, to: state }") { live in
            for phase in ["forward", "backfill"] { try #require(live.run(phase).succeeded) }
            let both = { (ids: String) in
                try live.query("SELECT string_agg(id || '=' || coalesce(status, '-') || '/' || coalesce(state, '-'), ',' ORDER BY id) FROM accounts WHERE id IN (\(ids))")
            }
            _ = try live.query("""
                CREATE OR REPLACE FUNCTION lowercase_status() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.state := lower(NEW.state);
                    RETURN NEW;
                END $$;
                """)
            _ = try live.query("""
                INSERT INTO accounts (id, status) VALUES (10, 'OLD'); INSERT INTO accounts (id, state) VALUES (20, 'NEW');
                UPDATE accounts SET status = 'ClOsEd' WHERE id = 1; UPDATE accounts SET state = 'UpDaTeD' WHERE id = 2;
                UPDATE accounts SET status = 'ReOpEnEd' WHERE id = 20; UPDATE accounts SET state = 'BaCk' WHERE id = 10
                """)
            #expect(try both("1, 2, 10, 20") == "1=closed/closed,2=updated/updated,10=back/back,20=reopened/reopened")
            let backfill = live.run("backfill")
            #expect(backfill.succeeded, "\(backfill.output)")
            let contract = live.run("contract")
            #expect(contract.succeeded, "\(contract.output)")
            _ = try live.query("INSERT INTO accounts (id, state) VALUES (30, 'AfTeR'); UPDATE accounts SET state = 'AgAiN' WHERE id = 10")
            #expect(try live.query("SELECT string_agg(id || '=' || state, ',' ORDER BY id) FROM accounts WHERE id IN (1, 2, 10, 20, 30)")
                    == "1=closed,2=updated,10=again,20=reopened,30=after")
        }
    }

    /// Contract's refusal reads what the table's triggers use, not every word of their text: the
    /// old name in a message, a comment, or as another table's column does not stop it; a field
    /// of NEW under the old name (however quoted and spaced) and an `UPDATE OF` list naming the
    /// old column do.
    @Test("contract's refusal is not fooled by the old name in strings, comments or another table's column", arguments: PostgresServer.all)
    func triggerRefusalIsPrecise(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = """
            CREATE TABLE accounts (id bigint PRIMARY KEY, status varchar(40));
            CREATE TABLE audit (id bigint, status text, note text);
            INSERT INTO accounts VALUES (1, 'active'), (2, 'trial');
            -- Uses the new name only: the old one is a column of audit, and words in text.
            CREATE FUNCTION audit_account() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                -- keeps audit.status in step with NEW.status (a comment)
                /* NEW.status in a block comment */
                INSERT INTO audit (id, status, note) VALUES (NEW.id, NEW.state, 'status changed; NEW.status was '' || $q$NEW.status$q$');
                RAISE NOTICE 'NEW.status %', E'it\\'s NEW.status';
                RETURN NEW;
            END $fn$;
            CREATE FUNCTION check_account() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                IF new . "status" IS NULL THEN RAISE EXCEPTION 'no status'; END IF;
                RETURN NEW;
            END $fn$;
            """
        try LiveCase.run(port: 55452, server: server, id: "20260302000656_pg_trigger_refusal_precise", setup: setup,
                         changes: "  - rename_column: { table: accounts, from: status, to: state }") { live in
            for phase in ["forward", "backfill"] { try #require(live.run(phase).succeeded) }
            _ = try live.query("""
                CREATE TRIGGER audit_account AFTER INSERT OR UPDATE OF status ON accounts FOR EACH ROW EXECUTE FUNCTION audit_account();
                CREATE TRIGGER check_account BEFORE INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION check_account();
                """)
            let refused = live.run("contract")
            #expect(!refused.succeeded && refused.output.contains("audit_account, check_account"), "\(refused.output)")
            #expect(try live.query("SELECT count(status) FROM accounts") == "2", "the refused contract dropped status")
            // Without the column list, and without the trigger that reads NEW.status: only words remain.
            _ = try live.query("""
                DROP TRIGGER check_account ON accounts; DROP TRIGGER audit_account ON accounts;
                CREATE TRIGGER audit_account AFTER INSERT OR UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION audit_account();
                """)
            let contract = live.run("contract")
            #expect(contract.succeeded, "\(contract.output)")
            let insert = live.execute("INSERT INTO accounts (id, state) VALUES (30, 'after')")
            #expect(insert.succeeded, "\(insert.output)")
            #expect(try live.query("SELECT status FROM audit WHERE id = 30") == "after")
        }
    }

    /// The new column keeps a non-default collation (and the comment): `COLLATE "C"` sorts
    /// upper case first and compares byte by byte, which code relies on.
    @Test("a rename or type change keeps the column's collation and comment", arguments: [
        ("  - rename_column: { table: accounts, from: code, to: handle }", "handle", "handle"),
        ("  - alter_column_type: { table: accounts, column: code, type: varchar(60), was: text }", Plan.shadowName("code"), "code"),
    ])
    func collation(_ change: String, _ newColumn: String, _ afterContract: String) throws {
        guard !EngineGate.skipped else { return }
        let setup = """
            CREATE TABLE accounts (id bigint PRIMARY KEY, code text COLLATE "C" NOT NULL);
            COMMENT ON COLUMN accounts.code IS 'login handle, byte order';
            INSERT INTO accounts VALUES (1, 'b'), (2, 'B'), (3, 'a'), (4, 'A');
            """
        try LiveCase.run(port: 55452, id: "20260302000700_pg_collation", setup: setup, changes: change) { live in
            let attributes = { (column: String) in
                try live.query("SELECT coalesce(c.collname, '-') || '|' || coalesce(col_description(a.attrelid, a.attnum), '-') FROM pg_attribute a "
                               + "LEFT JOIN pg_collation c ON c.oid = a.attcollation WHERE a.attrelid = 'accounts'::regclass AND a.attname = '\(column)'")
            }
            try #require(live.run("forward").succeeded)
            #expect(try attributes(newColumn) == "C|login handle, byte order")
            for phase in ["backfill", "contract"] { try #require(live.run(phase).succeeded, "\(phase)") }
            #expect(try attributes(afterContract) == "C|login handle, byte order")
            #expect(try live.query("SELECT string_agg(\(Quote.ident(afterContract)), '' ORDER BY \(Quote.ident(afterContract))) FROM accounts") == "ABab")
        }
    }

    /// Issue 12: a renamed table's compatibility view had none of the table's grants, so old
    /// code's role got "permission denied" on it. The view gets the table's grants (table and
    /// column ones), and only those.
    @Test("rename_table grants the compatibility view what the table was granted", arguments: PostgresServer.all)
    func renamedTableGrants(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = """
            CREATE TABLE accounts (id bigint PRIMARY KEY, email text, note text);
            INSERT INTO accounts VALUES (1, 'a@example.com', 'x');
            DROP ROLE IF EXISTS app_rw; DROP ROLE IF EXISTS app_notes;
            CREATE ROLE app_rw; CREATE ROLE app_notes;
            GRANT SELECT, INSERT, UPDATE ON accounts TO app_rw;
            GRANT SELECT (id, note), UPDATE (note) ON accounts TO app_notes;
            """
        let change = "  - rename_table: { from: accounts, to: members }"
        try LiveCase.run(port: 55452, server: server, id: "20260302000800_pg_view_grants", setup: setup, changes: change) { live in
            try #require(live.run("forward").succeeded)
            let asRole = { (role: String, sql: String) in live.execute("SET ROLE \(role); \(sql)") }
            let write = asRole("app_rw", "INSERT INTO accounts (id, email) VALUES (2, 'b@example.com'); UPDATE accounts SET email = 'c@example.com' WHERE id = 1; SELECT count(*) FROM accounts;")
            #expect(write.succeeded, "old code's role cannot write through the view: \(write.output)")
            #expect(asRole("app_notes", "UPDATE accounts SET note = 'y' WHERE id = 1;").succeeded)
            // What was not granted on the table is not granted on the view either.
            #expect(!asRole("app_rw", "DELETE FROM accounts WHERE id = 2;").succeeded)
            #expect(!asRole("app_notes", "UPDATE accounts SET email = 'x' WHERE id = 1;").succeeded)
            #expect(try live.query("SELECT email || '|' || note FROM members WHERE id = 1") == "c@example.com|y")
            #expect(live.run("forward").succeeded, "forward run again")
            for phase in ["backfill", "contract", "verify"] { #expect(live.run(phase).succeeded, "\(phase)") }
        }
    }

    /// A DBA's report: contract swapped in `qty bigint NOT NULL` without the old column's
    /// `DEFAULT 0`, so new code's inserts that leave the column out, accepted a moment before
    /// contract, were refused after it (null value violates not-null). The old default comes
    /// over converted to the new type; the shadow has none before contract (the sync trigger
    /// takes a value there for new code's write).
    @Test("a type change's contract keeps the old column's default, converted to the new type", arguments: PostgresServer.all)
    func typeChangeKeepsTheDefault(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = """
            CREATE TABLE orders (id bigint PRIMARY KEY, qty integer NOT NULL DEFAULT 0, label varchar(20) DEFAULT 'none',
                                 placed timestamp DEFAULT now());
            INSERT INTO orders (id, qty, label) VALUES (1, 5, 'a'), (2, 7, NULL);
            """
        let changes = """
              - alter_column_type: { table: orders, column: qty, type: bigint, was: integer }
              - alter_column_type: { table: orders, column: label, type: text, was: varchar(20) }
              - alter_column_type: { table: orders, column: placed, type: timestamptz, was: timestamp }
            """
        try LiveCase.run(port: 55452, server: server, id: "20260302000900_pg_type_change_keeps_default", setup: setup, changes: changes) { live in
            try #require(live.run("forward").succeeded)
            let shadowDefault = try live.query("SELECT count(*) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
                                               + "WHERE d.adrelid = 'orders'::regclass AND a.attname LIKE '\\_plancc\\_new\\_%'")
            #expect(shadowDefault == "0", "a shadow column has a default before contract")
            // Old code, before contract: the insert leaves every changed column out, and an explicit value is kept.
            _ = try live.query("INSERT INTO orders (id) VALUES (10); INSERT INTO orders (id, qty) VALUES (11, 3)")
            for phase in ["backfill", "contract"] {
                let result = live.run(phase)
                #expect(result.succeeded, "\(phase): \(result.output)")
            }
            let insert = live.execute("INSERT INTO orders (id) VALUES (20)")
            #expect(insert.succeeded, "new code's insert without qty was refused after contract: \(insert.output)")
            #expect(try live.query("SELECT string_agg(id || '=' || qty || '/' || coalesce(label, '-') || '/' || (placed IS NOT NULL), ',' ORDER BY id) FROM orders")
                    == "1=5/a/true,2=7/-/true,10=0/none/true,11=3/none/true,20=0/none/true")
            #expect(try live.query("SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || ' ' || atthasdef, ', ' ORDER BY attname) "
                                   + "FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attnum > 1 AND NOT attisdropped")
                    == "label text true, placed timestamp with time zone true, qty bigint true")
            // (A re-run of contract stops at the finished swap by design: see the scripts' header.)
            let verify = live.run("verify")
            #expect(verify.succeeded, "\(verify.output)")
        }
    }

    /// A default that does not convert to the new type stops contract in its transaction,
    /// saying so, with nothing dropped; without the old default, contract completes.
    @Test("a type change's contract stops while the old default does not convert", arguments: PostgresServer.all)
    func typeChangeDefaultThatDoesNotConvert(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = """
            CREATE TABLE items (id bigint PRIMARY KEY, code text DEFAULT 'n/a');
            INSERT INTO items VALUES (1, '12'), (2, 'n/a');
            """
        let change = "  - alter_column_type: { table: items, column: code, type: integer, was: text, using: \"NULLIF(code, 'n/a')::integer\" }"
        try LiveCase.run(port: 55452, server: server, id: "20260302000910_pg_type_change_default_refused", setup: setup, changes: change) { live in
            for phase in ["forward", "backfill"] { try #require(live.run(phase).succeeded, "\(phase)") }
            let refused = live.run("contract")
            #expect(!refused.succeeded && refused.output.contains("plancc contract: the default 'n/a'::text of \"items\".\"code\" does not convert to integer"),
                    "\(refused.output)")
            #expect(try live.query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'code'") == "text",
                    "the refused contract changed the column")
            _ = try live.query("ALTER TABLE items ALTER COLUMN code DROP DEFAULT")
            let contract = live.run("contract")
            #expect(contract.succeeded, "\(contract.output)")
            #expect(try live.query("SELECT string_agg(id || '=' || coalesce(code::text, '-'), ',' ORDER BY id) FROM items") == "1=12,2=-")
        }
    }
}
