import Foundation
import Testing
import TestSupport

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
