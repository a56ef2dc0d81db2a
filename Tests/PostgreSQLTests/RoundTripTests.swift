import Foundation
import Testing
import PlanccKit
import TestSupport

/// Every generated script run on real PostgreSQL 15 and 18 (see Support/RoundTrip.swift for what
/// one round trip proves). Skipped only under PLANCC_SKIP_ENGINES=1.
@Suite(.serialized)
struct PostgreSQLRoundTripTests {
    @Test("the example specs, replayed in order over the baseline fixture", arguments: PostgresServer.all)
    func exampleHistory(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let cluster = try PostgresCluster.start(port: 55432, server: server)
        defer { cluster.stop() }
        let out = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }

        var current = "history_0"
        try cluster.createDatabase(current)
        try #require(cluster.runFile(Fixtures.root + "/baseline.sql", in: current).succeeded)
        var replayed = 0
        for spec in Repo.exampleSpecs {
            guard let scripts = try Scripts.compile(spec, into: out) else { continue }
            if let data = Fixtures.history(before: scripts.id) {
                let loaded = cluster.runFile(data, in: current)
                try #require(loaded.succeeded, "history data for \(scripts.id): \(loaded.stderr)")
            }
            replayed += 1
            let next = try RoundTrip(cluster: cluster, scripts: scripts).run(from: current, appliedName: "history_\(replayed)")
            try cluster.dropDatabase(current)
            current = next
        }
        #expect(replayed >= 10, "expected the example specs in specs/, found \(replayed)")

        // What the history knows is what the scripts did: `schema-at --format sql` of the last
        // spec, run on an empty database, gives the tables, columns, keys, indexes and
        // constraints that applying every spec's forward, backfill and contract gave.
        let workspace = try Workspace.load([Repo.path("specs")])
        let history = try SchemaAt.history(workspace, upTo: try #require(Repo.exampleSpecs.last).split(separator: "/").last!.description)
        let ddl = try SchemaAt.render(history, format: .sql, dialect: .postgresql)
        try cluster.createDatabase("schema_at")
        let loaded = cluster.run(ddl, in: "schema_at")
        try #require(loaded.succeeded, "schema-at --format sql does not run:\n\(loaded.stderr)\n\(ddl)")
        let applied = try SchemaCatalog.describe(current, on: cluster), replayedSchema = try SchemaCatalog.describe("schema_at", on: cluster)
        #expect(applied == replayedSchema, "the schema the scripts left differs from the history's (schema-at):\nscripts:\n\(applied)\nhistory:\n\(replayedSchema)")
        #expect(applied.contains("table orders"), "the comparison saw no tables:\n\(applied)")
        try cluster.dropDatabase("schema_at")
    }

    @Test("the backend's own specs: every operation, both rollout modes, hostile names", arguments: Fixtures.ownSpecRuns)
    func ownSpec(_ spec: String, _ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let cluster = try PostgresCluster.start(port: 55433, server: server)
        defer { cluster.stop() }
        let out = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }

        let scripts = try #require(try Scripts.compile(spec, into: out))
        try cluster.createDatabase("fixture")
        let loaded = cluster.runFile(Fixtures.fixture(for: scripts.id), in: "fixture")
        try #require(loaded.succeeded, "fixture for \(scripts.id): \(loaded.stderr)")
        let applied = try RoundTrip(cluster: cluster, scripts: scripts).run(from: "fixture", appliedName: "applied")
        try OwnSpecFacts.check(scripts.id, cluster: cluster, db: applied)
    }
}

/// The tables of a database as plancc's model knows them, one line per fact, sorted: the column
/// order, columns (type, NOT NULL, default, identity), primary key columns, indexes other than the primary
/// key's (their definition), check and foreign key constraints (their definition). Names that
/// only the history cannot know are left out: the primary key's own name (kept through a table
/// rename), PostgreSQL 18's not-null constraints (contype n). Views are left out too: the model
/// knows a view's columns by name only. plancc's ledger is its own.
enum SchemaCatalog {
    static func describe(_ db: String, on cluster: PostgresCluster) throws -> String {
        let tables = "c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname <> 'plancc_ledger'"
        return try cluster.query("""
            SELECT line FROM (
              SELECT 'table ' || c.relname AS line FROM pg_class c WHERE \(tables)
              UNION ALL
              SELECT 'columns of ' || c.relname || ': ' || string_agg(a.attname, ', ' ORDER BY a.attnum)
                FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
               WHERE \(tables) GROUP BY c.relname
              UNION ALL
              SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                     || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                     || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
                     || CASE WHEN a.attidentity <> '' THEN ' identity' ELSE '' END
                FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
               WHERE \(tables)
              UNION ALL
              SELECT 'primary key ' || c.relname || ' (' || string_agg(a.attname, ', ' ORDER BY k.n) || ')'
                FROM pg_class c JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
                CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
               WHERE \(tables) GROUP BY c.relname
              UNION ALL
              SELECT 'index ' || c.relname || ': ' || pg_get_indexdef(i.indexrelid)
                FROM pg_class c JOIN pg_index i ON i.indrelid = c.oid AND NOT i.indisprimary WHERE \(tables)
              UNION ALL
              SELECT 'constraint ' || c.relname || '.' || k.conname || ': ' || pg_get_constraintdef(k.oid)
                FROM pg_class c JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype IN ('c', 'f') WHERE \(tables)
            ) facts ORDER BY line;
            """, in: db)
    }
}
