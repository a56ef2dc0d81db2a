import Foundation
import Testing
import TestSupport

/// A throwaway MariaDB server: a data directory under a temp dir owned by `mysql`, listening
/// only on a Unix socket. Started once for the suite by the `.mariaDB` trait, stopped and
/// removed after it, whatever the outcome.
final class MariaDB: Sendable {
    @TaskLocal static var current: MariaDB?

    let dir: String
    var socket: String { dir + "/sock" }

    private init(dir: String) { self.dir = dir }

    static func start() throws -> MariaDB {
        // On tmpfs where there is one: DDL fsyncs a lot, and this data is thrown away.
        let parent = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : "/tmp"
        let dir = Shell.run("mktemp -d \(parent)/plancc-mariadb.XXXXXX").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let server = MariaDB(dir: dir)
        let q = Shell.quote
        let setup = Shell.run("""
        chown mysql \(q(dir)) && \
        mariadb-install-db --user=mysql --datadir=\(q(dir + "/data")) --auth-root-authentication-method=normal --skip-test-db >\(q(dir + "/install.log")) 2>&1
        """)
        guard setup.succeeded else {
            server.stop()
            throw EngineFailure(message: "mariadb-install-db failed: \(setup.output)")
        }
        // A daemon: started without pipes (a pipe it inherited would never reach EOF), stopped by its pid file.
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: "/usr/sbin/mariadbd")
        daemon.arguments = ["--user=mysql", "--datadir=\(dir)/data", "--socket=\(server.socket)", "--skip-networking",
                            "--pid-file=\(dir)/pid", "--log-error=\(dir)/err.log",
                            "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0"]
        daemon.standardInput = FileHandle.nullDevice
        daemon.standardOutput = FileHandle.nullDevice
        daemon.standardError = FileHandle.nullDevice
        do { try daemon.run() } catch {
            server.stop()
            throw EngineFailure(message: "cannot start mariadbd: \(error)")
        }
        for _ in 0..<150 {
            if Shell.run("mariadb -uroot --socket=\(q(server.socket)) -e 'SELECT 1'").succeeded { return server }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let log = (try? String(contentsOfFile: dir + "/err.log", encoding: .utf8)) ?? ""
        server.stop()
        throw EngineFailure(message: "mariadbd did not start:\n\(log)")
    }

    func stop() {
        let q = Shell.quote
        Shell.run("""
        if [ -f \(q(dir + "/pid")) ]; then pid=$(cat \(q(dir + "/pid"))); kill "$pid"; \
        while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; fi; rm -rf \(q(dir))
        """)
    }

    /// The client command for a database.
    func client(_ database: String) -> String {
        "mariadb -uroot --socket=\(Shell.quote(socket)) --batch --default-character-set=utf8mb4 \(Shell.quote(database))"
    }

    /// Runs SQL text in a database, as `mariadb --batch DB < FILE` would.
    @discardableResult
    func run(_ sql: String, in database: String) -> ProcessResult {
        Shell.run(client(database), input: sql)
    }

    /// Drops and creates an empty database.
    func freshDatabase(_ name: String) throws {
        let result = run("DROP DATABASE IF EXISTS `\(name)`; CREATE DATABASE `\(name)`;", in: "mysql")
        guard result.succeeded else { throw EngineFailure(message: result.output) }
    }

    /// Schema of a database as mariadb-dump writes it, with what a rollback cannot and need
    /// not restore taken out: the AUTO_INCREMENT counters, and the order of a table's indexes
    /// (SHOW CREATE TABLE lists them in creation order; an index built again comes last).
    func schema(_ database: String) -> String {
        // plancc_ledger is the scripts' own record of author SQL that ran: rollback takes its rows out, the table stays.
        let dump = Shell.run("mariadb-dump -uroot --socket=\(Shell.quote(socket)) --no-data --skip-comments --skip-dump-date --ignore-table=\(Shell.quote(database + ".plancc_ledger")) \(Shell.quote(database))")
        let text = dump.stdout.replacingOccurrences(of: #" AUTO_INCREMENT=[0-9]+"#, with: "", options: .regularExpression)
        var lines: [String] = [], indexes: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let bare = line.hasSuffix(",") ? String(line.dropLast()) : line
            if bare.hasPrefix("  KEY ") || bare.hasPrefix("  UNIQUE KEY ") {
                indexes.append(bare)
            } else {
                lines += indexes.sorted()
                indexes = []
                lines.append(bare)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The whole database, rows included, to seed the next spec of the history.
    func dump(_ database: String) -> String {
        Shell.run("mariadb-dump -uroot --socket=\(Shell.quote(socket)) --skip-comments --skip-dump-date \(Shell.quote(database))").stdout
    }

    /// `CHECKSUM TABLE` of every base table: equal checksums, equal rows.
    func checksums(_ database: String) -> String {
        let tables = run("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> 'plancc_ledger' ORDER BY TABLE_NAME",
                         in: database).stdout.split(separator: "\n").dropFirst()
        guard !tables.isEmpty else { return "" }
        let list = tables.map { "`" + $0.replacingOccurrences(of: "`", with: "``") + "`" }.joined(separator: ", ")
        return run("CHECKSUM TABLE \(list)", in: database).stdout
    }
}

/// One MariaDB for every suite that asks for it: started when the first such suite begins,
/// stopped and removed when the last one ends, whatever the outcome. (Two installs side by side
/// conflict, and one server with a database per test is quicker.)
struct MariaDBTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        if EngineGate.skipped { return try await function() }
        let server = try SharedServer.instance.acquire()
        defer { SharedServer.instance.release() }
        try await MariaDB.$current.withValue(server) { try await function() }
    }
}

/// The reference-counted server behind `MariaDBTrait`.
private final class SharedServer: @unchecked Sendable {
    static let instance = SharedServer()
    private let lock = NSLock()
    private var server: MariaDB?
    private var users = 0

    func acquire() throws -> MariaDB {
        lock.lock()
        defer { lock.unlock() }
        if server == nil { server = try MariaDB.start() }
        users += 1
        return server!
    }

    func release() {
        lock.lock()
        defer { lock.unlock() }
        users -= 1
        if users == 0 {
            server?.stop()
            server = nil
        }
    }
}

extension Trait where Self == MariaDBTrait {
    static var mariaDB: Self { MariaDBTrait() }
}

/// A failed engine step, with the client's output.
struct EngineFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
