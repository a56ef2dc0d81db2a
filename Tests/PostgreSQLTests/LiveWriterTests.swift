import Foundation
import Planner
import Testing
import TestSupport

/// SQL on one database of the throwaway cluster, for the live writers.
struct PostgresSession: SQLSession {
    let cluster: PostgresCluster
    let db: String

    func execute(_ sql: String) -> ProcessResult { cluster.run(sql, in: db) }

    func rows(_ sql: String) throws -> [[String]] {
        let result = cluster.run(sql, in: db)
        guard result.succeeded else { throw LiveFailure("psql: \(result.output)\nSQL: \(sql)") }
        // Unaligned output separates fields with '|'; the test's values never hold one.
        return result.stdout.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
    }

    func ident(_ name: String) -> String { Quote.ident(name) }
}

/// The compiled scripts of one spec, run with psql as the runbook says.
struct PostgresRunbook: Runbook {
    let cluster: PostgresCluster
    let db: String
    let scripts: Scripts

    func run(_ phase: String) -> ProcessResult { cluster.runFile(scripts.path(phase), in: db) }
}

/// Issue 12: expand/contract under a live application. Old and new code write beside every
/// phase of the runbook and no write may be lost; contract refuses while rows are uncopied.
@Suite(.serialized)
struct PostgreSQLLiveWriterTests {
    static let seeded: [Int: String?] = [1: "active", 2: "active", 3: "suspended", 4: "closed", 5: "active", 6: "trial", 7: "active"]

    /// A cluster, a database holding `accounts` with the seeded rows, and the compiled spec.
    private func prepare(_ port: Int, _ server: PostgresServer, risk: String = "medium", statusColumn: String, spec changes: String, id: String,
                         _ body: (PostgresSession, PostgresRunbook) throws -> Void) throws {
        let cluster = try PostgresCluster.start(port: port, server: server)
        defer { cluster.stop() }
        let dir = try LiveSpecs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = try LiveSpecs.write(id: id, title: "Live writers", dialect: "postgresql", risk: risk, changes: changes, into: dir)
        let scripts = try #require(try Scripts.compile(spec, into: dir))
        try cluster.createDatabase("live")
        let values = Self.seeded.sorted { $0.key < $1.key }.map { "(\($0.key), \($0.value.map { "'\($0)'" } ?? "NULL"))" }
        _ = try cluster.query("""
            CREATE TABLE accounts (id bigint PRIMARY KEY, email text, \(statusColumn));
            INSERT INTO accounts (id, status) VALUES \(values.joined(separator: ", "));
            """, in: "live")
        try body(PostgresSession(cluster: cluster, db: "live"), PostgresRunbook(cluster: cluster, db: "live", scripts: scripts))
    }

    /// The old column NOT NULL, and nullable (where nothing else stops a contract that would lose values).
    static let columns = ["status varchar(40) NOT NULL DEFAULT 'active'", "status varchar(40) DEFAULT 'active'"]
    static let rename = "  - rename_column: { table: accounts, from: status, to: state }"

    @Test("a rename of a column with a DEFAULT loses no write of old or new code",
          arguments: [false, true], PostgresServer.all)
    func renameWithDefault(_ nullable: Bool, _ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let column = Self.columns[nullable ? 1 : 0]
        try prepare(55436, server, statusColumn: column, spec: Self.rename, id: "20260301000000_pg_live_rename") { session, runbook in
            let law = RenameUnderWriters(session: session, runbook: runbook, table: "accounts", key: "id",
                                         from: "status", to: "state", defaultValue: "active", seeded: Self.seeded)
            let (problems, writes) = try law.check(nullable: nullable)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            #expect(writes >= 15, "only \(writes) writes were tried")
            // The new name took over the default and the nullability at contract.
            let state = try session.rows("SELECT column_default, is_nullable FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'state'")
            #expect(state.first?.first?.contains("active") == true, "\(state)")
            #expect(state.first?.last == (nullable ? "YES" : "NO"), "\(state)")
        }
    }

    @Test("contract of a rename refuses while rows are not copied, and drops nothing", arguments: Self.columns, PostgresServer.all)
    func renameContractRefusesUncopiedRows(_ column: String, _ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        try prepare(55437, server, statusColumn: column, spec: Self.rename,
                    id: "20260301000100_pg_live_rename_uncopied") { session, runbook in
            let law = ContractRefusesUncopied(session: session, runbook: runbook, table: "accounts", key: "id",
                                              from: "status", to: "state", goneAfterContract: "status")
            let problems = try law.check()
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    @Test("contract of a type change refuses while rows are not copied to the shadow column", arguments: Self.columns, PostgresServer.all)
    func typeChangeContractRefusesUncopiedRows(_ column: String, _ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let change = "  - alter_column_type: { table: accounts, column: status, type: varchar(60), was: varchar(40) }"
        try prepare(55437, server, risk: "high", statusColumn: column, spec: change,
                    id: "20260301000200_pg_live_retype_uncopied") { session, runbook in
            let law = ContractRefusesUncopied(session: session, runbook: runbook, table: "accounts", key: "id",
                                              from: "status", to: Plan.shadowName("status"), goneAfterContract: Plan.shadowName("status"))
            let problems = try law.check()
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            #expect(try session.rows("SELECT count(*) FROM accounts WHERE status IS NOT NULL").first?.first == "7")
        }
    }
}
