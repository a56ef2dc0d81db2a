import Foundation
import Testing
import TestSupport

/// One spec of `changes`, compiled for PostgreSQL, over a fresh database `live` that `setup`
/// (SQL) prepares on a throwaway cluster: for the regression tests of issue 12's classes.
struct LiveCase {
    let cluster: PostgresCluster
    let scripts: Scripts
    let db = "live"

    var session: PostgresSession { PostgresSession(cluster: cluster, db: db) }
    var runbook: PostgresRunbook { PostgresRunbook(cluster: cluster, db: db, scripts: scripts) }

    /// Without `server`, on each of `PostgresServer.all` in turn.
    static func run(port: Int, server: PostgresServer? = nil, id: String, mode: String = "expand_contract", rollback: String = "reverse", risk: String = "high",
                    targets: String? = nil, setup: String, changes: String, _ body: (LiveCase) throws -> Void) throws {
        guard let server else {
            for server in PostgresServer.all {
                try run(port: port, server: server, id: id, mode: mode, rollback: rollback, risk: risk, targets: targets, setup: setup, changes: changes, body)
            }
            return
        }
        let cluster = try PostgresCluster.start(port: port, server: server)
        defer { cluster.stop() }
        let dir = try LiveSpecs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = try LiveSpecs.write(id: id, title: "Issue 12 regression", dialect: "postgresql", risk: risk,
                                       mode: mode, rollback: rollback, targets: targets, changes: changes, into: dir)
        let scripts = try #require(try Scripts.compile(spec, into: dir))
        try cluster.createDatabase("live")
        _ = try cluster.query(setup, in: "live")
        try body(LiveCase(cluster: cluster, scripts: scripts))
    }

    /// Runs one phase's script as the runbook says.
    func run(_ phase: String) -> ProcessResult { cluster.runFile(scripts.path(phase), in: db) }

    /// Runs one phase's script with the server's DEBUG1 messages shown: PostgreSQL says there
    /// when a constraint is checked by a scan of the table under the ALTER's lock
    /// ("verifying table") and when a validated check spares SET NOT NULL that scan.
    func runVerbose(_ phase: String) -> ProcessResult {
        Shell.run("PGOPTIONS='-c client_min_messages=debug1' \(cluster.bin)/psql -h \(Shell.quote(cluster.dir)) -p \(cluster.port) -U postgres "
                  + "-X -q -v ON_ERROR_STOP=1 -d \(db) -f \(Shell.quote(scripts.path(phase)))")
    }

    /// Runs SQL in a session of its own; the result says whether PostgreSQL accepted it.
    func execute(_ sql: String) -> ProcessResult { cluster.run(sql, in: db) }

    /// A query's unaligned output.
    func query(_ sql: String) throws -> String { try cluster.query(sql, in: db) }

    /// The constraints plancc left on `table` (its `_plancc_` ones).
    func leftoverChecks(_ table: String) throws -> String {
        try query("SELECT coalesce(string_agg(conname || ':' || convalidated, ',' ORDER BY conname), '') FROM pg_constraint "
                  + "WHERE conrelid = '\(table)'::regclass AND conname LIKE '\\_plancc\\_%'")
    }
}
