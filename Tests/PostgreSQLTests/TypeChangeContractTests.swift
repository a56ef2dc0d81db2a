import Foundation
import Planner
import Testing
import TestSupport

/// An expand_contract type change swaps the shadow column in and drops the old one at contract;
/// PostgreSQL would drop the old column's indexes and checks with it, silently. Contract refuses
/// first, naming them, until they are on the new column.
@Suite(.serialized)
struct PostgreSQLTypeChangeContractTests {
    @Test("contract of alter_column_type refuses while an index or a check uses the old column, and drops nothing", arguments: PostgresServer.all)
    func contractKeepsIndexesAndChecks(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let setup = """
            CREATE TABLE orders (id integer PRIMARY KEY, total integer NOT NULL CONSTRAINT total_positive CHECK (total >= 0), note text);
            CREATE INDEX orders_total_idx ON orders (total);
            CREATE INDEX orders_big_idx ON orders (id) WHERE total > 1000;
            INSERT INTO orders SELECT g, g, 'n' FROM generate_series(1, 50) g;
            """
        let change = "  - alter_column_type: { table: orders, column: total, type: bigint, was: integer }"
        try LiveCase.run(port: 55481, server: server, id: "20260302002600_pg_type_change_keeps_indexes", setup: setup, changes: change) { live in
            for phase in ["forward", "backfill"] { try #require(live.run(phase).succeeded) }
            let refused = live.run("contract")
            #expect(!refused.succeeded, "contract dropped the column's index and check: \(refused.output)")
            for name in ["orders_total_idx", "orders_big_idx", "total_positive"] {
                #expect(refused.output.contains(name), "\(name) not named: \(refused.output)")
            }
            #expect(try live.query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'total'") == "integer",
                    "the refused contract swapped the column")
            #expect(try live.query("SELECT count(*) FROM pg_class WHERE relname IN ('orders_total_idx', 'orders_big_idx')") == "2")
            // Recreated on the new column, the old ones dropped: contract completes and keeps them.
            let shadow = Quote.ident(Plan.shadowName("total"))
            _ = try live.query("""
                CREATE INDEX orders_total_new_idx ON orders (\(shadow));
                CREATE INDEX orders_big_new_idx ON orders (id) WHERE \(shadow) > 1000;
                ALTER TABLE orders ADD CONSTRAINT total_positive_new CHECK (\(shadow) >= 0);
                DROP INDEX orders_total_idx; DROP INDEX orders_big_idx; ALTER TABLE orders DROP CONSTRAINT total_positive;
                """)
            let contract = live.run("contract")
            try #require(contract.succeeded, "\(contract.output)")
            #expect(try live.query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'total'") == "bigint")
            #expect(try live.query("SELECT string_agg(indexrelid::regclass::text, ',' ORDER BY indexrelid::regclass::text) FROM pg_index WHERE indrelid = 'orders'::regclass AND NOT indisprimary")
                    == "orders_big_new_idx,orders_total_new_idx")
            #expect(live.execute("INSERT INTO orders (id, total, note) VALUES (100, 1, 'x')").succeeded)
            #expect(!live.execute("INSERT INTO orders (id, total, note) VALUES (101, -1, 'x')").succeeded, "the check did not survive contract")
        }
    }
}
