import Foundation
import Testing
import TestSupport
import PlanSQL

/// The volatility plancc gives PostgreSQL's functions is read from a real PostgreSQL 15's
/// pg_proc: the committed table is what the committed script makes from the server here.
struct FunctionCatalogTests {
    @Test func theCommittedCatalogIsWhatTheServerSays() throws {
        let fresh = NSTemporaryDirectory() + "plancc-pgproc-\(getpid()).swift"
        defer { try? FileManager.default.removeItem(atPath: fresh) }
        let run = Shell.run("\(Shell.quote(Repo.path("scripts/generate-pg-functions"))) \(Shell.quote(fresh))",
                            environment: ["PLANCC_PG_PORT": "54391"])
        try #require(run.succeeded, "scripts/generate-pg-functions failed: \(run.output)")
        let committed = try String(contentsOfFile: Repo.path("Sources/PlanSQL/PostgresFunctions.generated.swift"), encoding: .utf8)
        let generated = try String(contentsOfFile: fresh, encoding: .utf8)
        #expect(generated == committed, "re-run scripts/generate-pg-functions and commit the result")
        #expect(generated.contains(" gen_random_uuid ") || generated.contains("\n        gen_random_uuid "))
    }
}

/// The functions `targets.postgresql` gates (`PostgresFunctions.addedAfter14`), against both
/// servers here: each is in PostgreSQL 18's pg_catalog with the volatility the table gives, and
/// one PostgreSQL 16 or later added is not in 15's (15's own additions are in both).
struct LaterFunctionTests {
    static func functions(_ server: PostgresServer, port: Int) throws -> [String: String] {
        let cluster = try PostgresCluster.start(port: port, server: server)
        defer { cluster.stop() }
        let rows = try cluster.query("SELECT p.proname || ' ' || max(p.provolatile) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                                     + "WHERE n.nspname = 'pg_catalog' GROUP BY p.proname", in: "postgres")
        var names: [String: String] = [:]
        for line in rows.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2 { names[String(parts[0])] = String(parts[1]) }
        }
        return names
    }

    @Test func theVersionTableMatchesTheServers() throws {
        guard !EngineGate.skipped else { return }
        let on18 = try Self.functions(.pg18, port: 55471), on15 = try Self.functions(.pg15, port: 55472)
        #expect(on18.count > 2000 && on15.count > 2000)
        for (name, entry) in PostgresFunctions.addedAfter14.sorted(by: { $0.key < $1.key }) {
            let letter = switch entry.volatility { case .immutable: "i"; case .stable: "s"; case .volatile: "v" }
            #expect(on18[name] == letter, "\(name): PostgreSQL 18 says \(on18[name] ?? "absent"), the table \(letter)")
            #expect((on15[name] != nil) == (entry.version <= 15), "\(name) (added in \(entry.version)) on PostgreSQL 15: \(on15[name] ?? "absent")")
        }
    }
}
