import Foundation
import Testing
import TestSupport

/// What plancc's check claims PostgreSQL refuses (bad-spec cases `sql_refused_anywhere`,
/// `index_predicate_stable_for_type`, `view_dependencies_carried`), run on the real servers in the
/// form plancc writes: each claim must be PostgreSQL's own refusal, and each near miss must run.
@Suite(.serialized)
struct PostgreSQLRefusedClaimsTests {
    static let setup = """
        CREATE TABLE "Customers" (id bigint PRIMARY KEY, status text);
        CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, total bigint, note text, status text);
        CREATE TABLE users (id bigint PRIMARY KEY, name text, email text);
        CREATE TABLE e (id bigint PRIMARY KEY, ts timestamptz, d date, t timestamp, s text);
        CREATE VIEW all_orders AS SELECT * FROM orders;
        CREATE MATERIALIZED VIEW user_names AS SELECT id, name FROM users;
        """

    /// The statement, and the refusal it meets (nil: it runs).
    static let cases: [(String, String?)] = [
        // E0115: a qualifier no FROM item has; an aggregate in a WHERE or JOIN; a two-column scalar subquery.
        (#"ALTER TABLE "Customers" ADD CONSTRAINT c1 CHECK (orders.status <> '')"#, #"missing FROM-clause entry for table "orders""#),
        (#"ALTER TABLE "Customers" ADD CONSTRAINT c2 CHECK (Customers.id > 0)"#, #"missing FROM-clause entry for table "customers""#),
        (#"ALTER TABLE "Customers" ADD CONSTRAINT c6 CHECK ("Customers".id > 0 AND status <> '')"#, nil),
        (#"UPDATE "Customers" SET status = (SELECT id, status FROM "Customers" c LIMIT 1)"#, "subquery must return only one column"),
        (#"UPDATE "Customers" SET status = 'x' WHERE id IN (SELECT c.id FROM "Customers" c WHERE count(*) > 1)"#, "aggregate functions are not allowed in WHERE"),
        (#"SELECT 1 FROM "Customers" a JOIN "Customers" b ON max(a.id) > b.id"#, "aggregate functions are not allowed in JOIN conditions"),
        (#"UPDATE "Customers" SET status = (SELECT max(c.status) FROM "Customers" c WHERE c.id < "Customers".id)"#, nil),
        // E0114: a trailing AND, a leading ALL, in the CHECK plancc writes.
        (#"ALTER TABLE "Customers" ADD CONSTRAINT c4 CHECK (status <> '' AND)"#, "syntax error"),
        (#"ALTER TABLE "Customers" ADD CONSTRAINT c5 CHECK (ALL status <> '')"#, "syntax error"),
        // E0115: STABLE for the column's type in an index predicate; near misses IMMUTABLE.
        ("CREATE INDEX ON e (id) WHERE ts::date > '2020-01-01'", "functions in index predicate must be marked IMMUTABLE"),
        ("CREATE INDEX ON e (id) WHERE s::date > '2020-01-01'", "functions in index predicate must be marked IMMUTABLE"),
        ("CREATE INDEX ON e (id) WHERE d::timestamptz > '2020-01-01'", "functions in index predicate must be marked IMMUTABLE"),
        ("CREATE INDEX ON e (id) WHERE ts + interval '1 day' > '2020-01-01'", "functions in index predicate must be marked IMMUTABLE"),
        ("CREATE INDEX ON e (id) WHERE ts > d", "functions in index predicate must be marked IMMUTABLE"),
        ("CREATE INDEX ON e (id) WHERE extract(year from ts) > 2020", "functions in index predicate must be marked IMMUTABLE"),
        ("CREATE INDEX ON e (id) WHERE d::text <> ''", "functions in index predicate must be marked IMMUTABLE"),
        ("CREATE INDEX ON e (id) WHERE t::date > '2020-01-01' AND t + interval '1 day' > '2020-01-01' AND ts > '2020-01-01'::timestamptz AND d < t AND date_trunc('day', t) > '2020-01-01'", nil),
        // E0115: a function of the author's made VOLATILE after it was created (`author_functions_tracked`).
        ("CREATE FUNCTION g() RETURNS bigint LANGUAGE plpgsql IMMUTABLE AS 'BEGIN RETURN 1; END'; ALTER FUNCTION g() VOLATILE; CREATE INDEX ON e (id) WHERE id > g()",
         "functions in index predicate must be marked IMMUTABLE"),
        // Near miss: a SQL function's simple body is inlined, VOLATILE or not (so plancc claims nothing).
        ("CREATE FUNCTION h() RETURNS bigint LANGUAGE sql VOLATILE AS 'SELECT 1'; CREATE INDEX ON e (id) WHERE id > h()", nil),
        (#"CREATE FUNCTION "MyFn"() RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT 1'; CREATE INDEX ON e (id) WHERE id > "MyFn"()"#, nil),
        (#"CREATE FUNCTION "MyFn"() RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT 1'; SELECT myfn()"#, "function myfn() does not exist"),
        // E0315: SELECT *, a materialized view through a rename, author ALTER TABLE, after ADD CONSTRAINT.
        ("ALTER TABLE orders DROP COLUMN note", "because other objects depend on it"),
        ("ALTER TABLE users RENAME COLUMN name TO full_name; ALTER TABLE users DROP COLUMN full_name", "because other objects depend on it"),
        ("ALTER TABLE orders ALTER COLUMN total TYPE numeric", "cannot alter type of a column used by a view or rule"),
        ("ALTER TABLE orders ADD CONSTRAINT total_positive CHECK (total > 0); ALTER TABLE orders DROP COLUMN user_id", "because other objects depend on it"),
        ("ALTER TABLE users DROP COLUMN email", nil),
        ("ALTER TABLE orders DROP COLUMN id CASCADE; ALTER TABLE orders DROP COLUMN total; DROP TABLE users CASCADE", nil),
        // E0320: a table's change on a view.
        ("ALTER TABLE all_orders ADD CONSTRAINT all_orders_total CHECK (total > 0)", "not supported for views"),
    ]

    @Test("plancc's claims are PostgreSQL's refusals", arguments: PostgresServer.all)
    func claimsAreRefusals(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let cluster = try PostgresCluster.start(port: 55473, server: server)
        defer { cluster.stop() }
        try cluster.createDatabase("claims")
        for (statement, refusal) in Self.cases {
            let result = cluster.run("BEGIN;\n\(Self.setup)\n\(statement);\nROLLBACK;\n", in: "claims")
            if let refusal {
                #expect(!result.succeeded && result.stderr.contains(refusal), "\(server): \(statement)\n\(result.output)")
            } else {
                #expect(result.succeeded, "\(server): \(statement)\n\(result.output)")
            }
        }
    }
}
