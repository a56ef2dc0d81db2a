import Foundation
import Planner
import Testing
import TestSupport

/// A synced column whose type has no equality operator (`json`, not `jsonb`): `IS DISTINCT FROM`
/// fails on it ("could not identify an equality operator for type json"), so sync triggers,
/// pending rows and contract's copy check must compare such values otherwise, or every write
/// to the table fails from forward on.
@Suite(.serialized)
struct PostgreSQLNoEqualityTypeTests {
    static let setup = """
        CREATE TABLE docs (id bigint PRIMARY KEY, body json);
        INSERT INTO docs VALUES (1, '{"a": 1}'), (2, '[1, 2]'), (3, NULL);
        """

    /// Each write is an application's statement: it must succeed.
    private static func write(_ live: LiveCase, _ statements: [String]) {
        for statement in statements {
            let result = live.execute(statement)
            #expect(result.succeeded, "\(statement): \(result.output)")
        }
    }

    /// Old and new code write json through every phase; no write fails and none is lost.
    @Test("a rename of a json column keeps old and new code's writes", arguments: PostgresServer.all)
    func renameJSON(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        try LiveCase.run(port: 55481, server: server, id: "20260303000100_pg_rename_json", setup: Self.setup,
                         changes: "  - rename_column: { table: docs, from: body, to: content }") { live in
            let forward = live.run("forward")
            try #require(forward.succeeded, "\(forward.output)")
            Self.write(live, ["INSERT INTO docs (id, body) VALUES (10, '{\"old\": true}')",
                              "INSERT INTO docs (id, content) VALUES (20, '{\"new\": true}')",
                              "UPDATE docs SET body = '{\"a\":  2}' WHERE id = 1",
                              "UPDATE docs SET content = '[3]' WHERE id = 2"])
            let backfill = live.run("backfill")
            #expect(backfill.succeeded, "\(backfill.output)")
            let verify = live.run("verify")
            #expect(!verify.output.contains("equality operator"), "\(verify.output)")
            #expect(try live.query("SELECT count(*) FROM docs WHERE body::text IS DISTINCT FROM content::text") == "0")
            let contract = live.run("contract")
            #expect(contract.succeeded, "\(contract.output)")
            #expect(try live.query("SELECT string_agg(id || '=' || coalesce(content::text, '-'), ',' ORDER BY id) FROM docs")
                    == "1={\"a\":  2},2=[3],3=-,10={\"old\": true},20={\"new\": true}")
        }
    }

    /// Contract's copy check counts a json row that was not copied (here: written with the sync
    /// trigger off) and refuses, rather than failing on the comparison.
    @Test("contract of a json rename refuses while a row is not copied", arguments: PostgresServer.all)
    func renameJSONRefusesUncopied(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        try LiveCase.run(port: 55481, server: server, id: "20260303000200_pg_rename_json_uncopied", setup: Self.setup,
                         changes: "  - rename_column: { table: docs, from: body, to: content }") { live in
            for phase in ["forward", "backfill"] { try #require(live.run(phase).succeeded) }
            _ = try live.query("ALTER TABLE docs DISABLE TRIGGER USER; UPDATE docs SET body = '{\"a\": 9}' WHERE id = 1; ALTER TABLE docs ENABLE TRIGGER USER")
            let refused = live.run("contract")
            #expect(!refused.succeeded && refused.output.contains("not yet copied"), "\(refused.output)")
            #expect(try live.query("SELECT body::text FROM docs WHERE id = 1") == "{\"a\": 9}", "the refused contract dropped body")
        }
    }

    /// A type change to and from the PostgreSQL-only `json`: the shadow column, its pending
    /// rows, the triggers' comparisons of either column and contract's check all work on it.
    @Test("a type change to and from json keeps old and new code's writes", arguments: [
        ("CREATE TABLE docs (id bigint PRIMARY KEY, body text); INSERT INTO docs VALUES (1, '{\"a\": 1}'), (2, '[1, 2]'), (3, NULL);",
         "  - alter_column_type: { table: docs, column: body, type: { postgresql: json }, was: text, using: \"body::json\" }"),
        (Self.setup, "  - alter_column_type: { table: docs, column: body, type: { postgresql: jsonb }, was: { postgresql: json } }"),
        (Self.setup, "  - alter_column_type: { table: docs, column: body, type: { postgresql: text }, was: { postgresql: json } }"),
    ])
    func typeChangeJSON(_ setup: String, _ change: String) throws {
        guard !EngineGate.skipped else { return }
        try LiveCase.run(port: 55481, id: "20260303000300_pg_retype_json", setup: setup, changes: change) { live in
            let forward = live.run("forward")
            try #require(forward.succeeded, "\(forward.output)")
            let shadow = Quote.ident(Plan.shadowName("body"))
            Self.write(live, ["INSERT INTO docs (id, body) VALUES (10, '{\"old\": true}')",
                              "UPDATE docs SET body = '{\"a\": 2}' WHERE id = 1"])
            let backfill = live.run("backfill")
            #expect(backfill.succeeded, "\(backfill.output)")
            Self.write(live, ["INSERT INTO docs (id, \(shadow)) VALUES (20, '{\"new\": true}')",
                              "UPDATE docs SET \(shadow) = '[3]' WHERE id = 2",
                              "UPDATE docs SET body = '{\"b\": 1}' WHERE id = 3"])
            let again = live.run("backfill")
            #expect(again.succeeded, "\(again.output)")
            let verify = live.run("verify")
            #expect(!verify.output.contains("equality operator"), "\(verify.output)")
            let contract = live.run("contract")
            #expect(contract.succeeded, "\(contract.output)")
            #expect(try live.query("SELECT string_agg(id || '=' || coalesce(body::jsonb::text, '-'), ',' ORDER BY id) FROM docs")
                    == "1={\"a\": 2},2=[3],3={\"b\": 1},10={\"old\": true},20={\"new\": true}")
        }
    }
}
