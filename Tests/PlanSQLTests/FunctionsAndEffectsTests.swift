import PlanSQL
import Testing

struct FunctionsAndEffectsTests {
    /// The functions a MySQL text creates, as E0318 leaves them out (issue 13): every spelling
    /// of CREATE FUNCTION, none from a comment or a string, none from a call or DROP.
    @Test func mySQLCreatedFunctions() {
        let sql = """
            CREATE DEFINER=`root`@`%` FUNCTION `app`.`SFORMAT`(f text) RETURNS text DETERMINISTIC RETURN f;
            create or replace function if not exists Uuid_To_Bin2 (x int) returns int return x;
            CREATE DEFINER = CURRENT_USER() AGGREGATE FUNCTION agg1(x int) RETURNS int BEGIN RETURN 1; END;
            -- CREATE FUNCTION commented() RETURNS int RETURN 1
            SELECT 'CREATE FUNCTION quoted() RETURNS int', SYS_GUID();
            DROP FUNCTION IF EXISTS gone; CREATE TABLE t (function_name text);
            """
        #expect(MySQLFunctions.created(in: sql) == ["sformat", "uuid_to_bin2", "agg1"])
        #expect(MySQLFunctions.created(in: "SELECT SFORMAT('{}', 1)") == [])
    }

    @Test func volatilityComesFromPgProc() {
        for name in ["gen_random_uuid", "random", "clock_timestamp", "uuid_generate_v4", "timeofday", "nextval", "setseed"] {
            #expect(PostgresFunctions.volatility(of: name) == .volatile, "\(name)")
        }
        for name in ["now", "current_setting", "to_char"] { #expect(PostgresFunctions.volatility(of: name) == .stable, "\(name)") }
        for name in ["lower", "md5", "split_part", "btrim"] { #expect(PostgresFunctions.volatility(of: name) == .immutable, "\(name)") }
        #expect(PostgresFunctions.volatility(of: "lowr") == nil)
        #expect(PostgresFunctions.isKnownExtension("uuid-ossp") && !PostgresFunctions.isKnownExtension("postgis"))
    }

    @Test func mySQLCallsOutsideQuotesAndComments() {
        let calls = MySQLFunctions.calls(in: "(CONCAT(UUID(), 'RAND()', `SYSDATE`(1), t.rand(2)) /* NOW() */ # uuid()\n + Rand ())")
        #expect(calls.map(\.name) == ["concat", "uuid", "rand"])
        #expect(calls.map(\.offset) == [1, 8, 75])
    }

    static func effects(_ sql: String) throws -> [StatementEffect] {
        let tree = try PostgresParser.tree(sql).get()
        return (tree["stmts"]?.items ?? []).flatMap { StatementEffect.of($0["stmt"]!) }
    }

    @Test func statementsWithAClearEffect() throws {
        #expect(try Self.effects("""
            CREATE TABLE n (id bigint PRIMARY KEY, body text, CHECK (id > 0));
            CREATE TABLE m (LIKE n);
            ALTER TABLE users ADD COLUMN x int, DROP COLUMN y, ALTER COLUMN z TYPE text;
            ALTER TABLE users RENAME COLUMN a TO b;
            ALTER TABLE users RENAME TO people;
            CREATE UNIQUE INDEX i ON people (a, b);
            CREATE INDEX j ON people (lower(a));
            DROP INDEX IF EXISTS i, public.j, other.k;
            CREATE VIEW v AS SELECT a, b AS c FROM people;
            CREATE VIEW w AS SELECT * FROM people;
            DROP VIEW v, w;
            CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1';
            UPDATE people SET a = 1;
            CREATE EXTENSION IF NOT EXISTS pgcrypto;
            """) == [
                .createTable("n", columns: ["id", "body"], view: false),
                .createTable("m", columns: nil, view: false),
                .addColumn(table: "users", column: "x"), .dropColumn(table: "users", column: "y"),
                .alterColumnType(table: "users", column: "z"),
                .renameColumn(table: "users", from: "a", to: "b"),
                .renameTable(from: "users", to: "people"),
                .createIndex(table: "people", name: "i", columns: ["a", "b"], unique: true),
                .createIndex(table: "people", name: "j", columns: nil, unique: false),
                .dropIndexes(["i", "j"]),
                .createTable("v", columns: ["a", "c"], view: true),
                .createTable("w", columns: nil, view: true),
                .dropTables(["v", "w"]),
                .createFunction("f", volatility: .volatile),
                .none, .none,
            ])
    }

    @Test func materializedViewsCascadesAndAlterFunction() throws {
        #expect(try Self.effects("""
            CREATE MATERIALIZED VIEW m AS SELECT id, name AS n FROM users;
            CREATE TABLE copy (a, b) AS SELECT id, name FROM users;
            ALTER TABLE users DROP COLUMN x CASCADE, DROP COLUMN y;
            DROP TABLE users, orders CASCADE;
            ALTER FUNCTION f(int) STABLE;
            ALTER FUNCTION g() SECURITY DEFINER;
            """) == [
                .createTable("m", columns: ["id", "n"], view: true),
                .createTable("copy", columns: ["a", "b"], view: false),
                .dropColumnCascade(table: "users", column: "x"), .dropColumn(table: "users", column: "y"),
                .dropTablesCascade(["users", "orders"]),
                .alterFunction("f", volatility: .stable),
                .none,
            ])
    }

    @Test func statementsNotUnderstoodForgetWhatTheyTouch() throws {
        #expect(try Self.effects("ALTER TABLE ledger ADD CONSTRAINT c CHECK (amount <> 0)") == [.forgetTables(["ledger"])])
        #expect(try Self.effects("CREATE RULE r AS ON INSERT TO ledger DO INSTEAD NOTHING") == [.forgetTables(["ledger"])])
        #expect(try Self.effects("DO $$ BEGIN EXECUTE 'DROP TABLE x'; END $$") == [.forgetEverything])
        #expect(try Self.effects("CREATE EXTENSION postgis") == [.forgetEverything])
        #expect(try Self.effects("DROP TYPE mood CASCADE") == [.forgetEverything])
    }

    @Test func aCreatedFunctionIsVolatileUnlessItSaysOtherwise() throws {
        #expect(try Self.effects("""
            CREATE FUNCTION a() RETURNS int LANGUAGE sql AS 'SELECT 1';
            CREATE FUNCTION b() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 1';
            CREATE OR REPLACE FUNCTION app.c() RETURNS int STABLE LANGUAGE sql AS 'SELECT 1';
            CREATE FUNCTION d() RETURNS int LANGUAGE sql VOLATILE AS 'SELECT 1';
            CREATE FUNCTION e() RETURNS int LANGUAGE plpgsql IMMUTABLE AS 'BEGIN RETURN 1; END';
            """) == [.createFunction("a", volatility: .volatile), .createFunction("b", volatility: .immutable),
                     .createFunction("c", volatility: .stable), .createFunction("d", volatility: .volatile),
                     .createFunction("e", volatility: .immutable), .notInlined("e")])
    }
}
