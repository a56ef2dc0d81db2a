import Foundation
import Planner
import Testing
import TestSupport

/// SQL on one database of the shared MariaDB, for the live writers.
struct MariaDBSession: SQLSession {
    let server: MariaDB
    let db: String

    func execute(_ sql: String) -> ProcessResult { server.run(sql, in: db) }

    /// `--batch` output without its header line; NULL reads as the text NULL.
    func rows(_ sql: String) throws -> [[String]] {
        let result = server.run(sql, in: db)
        guard result.succeeded else { throw LiveFailure("mariadb: \(result.output)\nSQL: \(sql)") }
        return result.stdout.split(separator: "\n").dropFirst()
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    func ident(_ name: String) -> String { "`" + name.replacingOccurrences(of: "`", with: "``") + "`" }
}

/// The compiled MySQL scripts of one spec, fed to the client as the runbook says.
struct MariaDBRunbook: Runbook {
    let server: MariaDB
    let db: String
    let scripts: CompiledScripts

    func run(_ phase: String) -> ProcessResult {
        let sql = switch phase {
        case "forward": scripts.forward
        case "backfill": scripts.backfill
        case "contract": scripts.contract
        case "rollback": scripts.rollback
        default: scripts.verify
        }
        return server.run(sql, in: db)
    }
}

/// Issue 12: expand/contract under a live application. Old and new code write beside every
/// phase of the runbook and no write may be lost; contract refuses while rows are uncopied.
@Suite(.serialized, .mariaDB)
struct MySQLLiveWriterTests {
    static let seeded: [Int: String?] = [1: "active", 2: "active", 3: "suspended", 4: "closed", 5: "active", 6: "trial", 7: "active"]
    /// The old column NOT NULL, and nullable (where nothing else stops a contract that would lose values).
    static let columns = ["status varchar(40) NOT NULL DEFAULT 'active'", "status varchar(40) NULL DEFAULT 'active'"]
    static let rename = "  - rename_column: { table: accounts, from: status, to: state }"

    private func prepare(risk: String = "medium", statusColumn: String, spec changes: String, id: String,
                         _ body: (MariaDBSession, MariaDBRunbook) throws -> Void) throws {
        let server = try #require(MariaDB.current)
        let dir = try LiveSpecs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = try LiveSpecs.write(id: id, title: "Live writers", dialect: "mysql", risk: risk, changes: changes, into: dir)
        let scripts = try CompiledScripts(spec: spec)
        try server.freshDatabase("live")
        let values = Self.seeded.sorted { $0.key < $1.key }.map { "(\($0.key), \($0.value.map { "'\($0)'" } ?? "NULL"))" }
        let setup = server.run("""
            CREATE TABLE accounts (id bigint PRIMARY KEY, email varchar(100), \(statusColumn)) ENGINE=InnoDB;
            INSERT INTO accounts (id, status) VALUES \(values.joined(separator: ", "));
            """, in: "live")
        try #require(setup.succeeded, "\(setup.output)")
        try body(MariaDBSession(server: server, db: "live"), MariaDBRunbook(server: server, db: "live", scripts: scripts))
    }

    @Test("a rename of a column with a DEFAULT loses no write of old or new code",
          arguments: [("status varchar(40) NOT NULL DEFAULT 'active'", false), ("status varchar(40) NULL DEFAULT 'active'", true)])
    func renameWithDefault(_ column: String, _ nullable: Bool) throws {
        guard !EngineGate.skipped else { return }
        try prepare(statusColumn: column, spec: Self.rename, id: "20260301000000_mysql_live_rename") { session, runbook in
            let law = RenameUnderWriters(session: session, runbook: runbook, table: "accounts", key: "id",
                                         from: "status", to: "state", defaultValue: "active", seeded: Self.seeded)
            let (problems, writes) = try law.check(nullable: nullable)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            #expect(writes >= 15, "only \(writes) writes were tried")
            let defaults = try session.rows("""
                SELECT COLUMN_DEFAULT, IS_NULLABLE FROM information_schema.COLUMNS
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'accounts' AND COLUMN_NAME = 'state'
                """)
            #expect(defaults.first?.first?.contains("active") == true, "\(defaults)")
            #expect(defaults.first?.last == (nullable ? "YES" : "NO"), "\(defaults)")
        }
    }

    @Test("contract of a rename refuses while rows are not copied, and drops nothing", arguments: Self.columns)
    func renameContractRefusesUncopiedRows(_ column: String) throws {
        guard !EngineGate.skipped else { return }
        try prepare(statusColumn: column, spec: Self.rename,
                    id: "20260301000100_mysql_live_rename_uncopied") { session, runbook in
            let law = ContractRefusesUncopied(session: session, runbook: runbook, table: "accounts", key: "id",
                                              from: "status", to: "state", goneAfterContract: "status")
            let problems = try law.check()
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    @Test("contract of a type change refuses while rows are not copied to the shadow column", arguments: Self.columns)
    func typeChangeContractRefusesUncopiedRows(_ column: String) throws {
        guard !EngineGate.skipped else { return }
        let change = "  - alter_column_type: { table: accounts, column: status, type: varchar(60), was: varchar(40) }"
        try prepare(risk: "high", statusColumn: column, spec: change,
                    id: "20260301000200_mysql_live_retype_uncopied") { session, runbook in
            let law = ContractRefusesUncopied(session: session, runbook: runbook, table: "accounts", key: "id",
                                              from: "status", to: Plan.shadowName("status"), goneAfterContract: Plan.shadowName("status"))
            let problems = try law.check()
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            #expect(try session.rows("SELECT COUNT(*) FROM accounts WHERE status IS NOT NULL").first?.first == "7")
        }
    }
}
