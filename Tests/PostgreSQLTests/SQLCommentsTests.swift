import Foundation
import Testing
import TestSupport

/// Comments in the SQL texts of a spec, compiled and run: a `--` comment at the end of author
/// SQL (forward, rollback, verify) must not swallow the `;` plancc adds after it, and the block
/// comments, quoted `--`, dollar quotes and casts an expression may hold pass through as written.
/// (A `--` comment inside an expression is refused at check time: E0114, bad-spec case
/// `sql_line_comments`.)
@Suite(.serialized)
struct PostgreSQLSQLCommentsTests {
    static let spec = """
        plancc: 1
        id: 20261124100000_comments_in_sql
        title: Comments in SQL texts
        intent: Run SQL texts holding comments.
        rationale: A comment must not comment out what plancc writes after a text.
        risk: high
        dialects: [postgresql]
        rollback:
          strategy: reverse
        changes:
          - create_table:
              table: notes
              columns:
                - { name: id, type: bigint, nullable: false }
                - { name: body, type: text }
              primary_key: [id]
          - sql:
              forward: INSERT INTO notes (id, body) VALUES (1, '-- not a comment') -- the first row
              rollback: DELETE FROM notes WHERE id = 1 -- the first row
          - sql:
              forward: |
                CREATE FUNCTION note_tag() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'tag' -- in the body
                $$; -- done
              verify: SELECT note_tag() -- exists
              rollback: DROP FUNCTION note_tag() -- gone
          - add_check:
              table: notes
              name: notes_body_set
              expression: |
                body IS NOT NULL /* a note has a body */
                AND body <> '--' AND "body"::text <> $$--$$
          - backfill:
              table: notes
              set:
                body: { sql: "body || /* suffix */ '!'" }
              where: "body NOT LIKE '%!' /* not yet */"
        """

    @Test("-- comments after author SQL and block comments in expressions run", arguments: PostgresServer.all)
    func commentsRun(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/20261124100000_comments_in_sql.yaml"
        try Self.spec.write(toFile: path, atomically: true, encoding: .utf8)
        let scripts = try #require(try Scripts.compile(path, into: dir + "/out"))
        let cluster = try PostgresCluster.start(port: 55471, server: server)
        defer { cluster.stop() }
        try cluster.createDatabase("app")
        for phase in ["forward", "backfill", "contract", "verify"] {
            let run = cluster.runFile(scripts.path(phase), in: "app")
            #expect(run.succeeded, "\(phase): \(run.stderr)")
        }
        #expect(try cluster.query("SELECT body FROM notes ORDER BY id", in: "app") == "-- not a comment!")
        #expect(try cluster.query("SELECT note_tag()", in: "app") == "tag")
        let rollback = cluster.runFile(scripts.path("rollback"), in: "app")
        #expect(rollback.succeeded, "rollback: \(rollback.stderr)")
        #expect(try cluster.query("SELECT to_regclass('notes') IS NULL AND to_regproc('note_tag') IS NULL", in: "app") == "t")
    }
}
