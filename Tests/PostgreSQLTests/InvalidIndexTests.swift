import Foundation
import Testing
import TestSupport

/// A failed `CREATE INDEX CONCURRENTLY` leaves an INVALID index under the name: verify reports
/// it, and running forward again replaces it with a valid one instead of keeping it.
@Suite(.serialized)
struct PostgreSQLInvalidIndexTests {
    static let spec = Repo.path("specs/20261124093000_users_add_phone.yaml")
    static let validity = "SELECT indisvalid FROM pg_index WHERE indexrelid = 'idx_users_phone'::regclass"

    @Test("an INVALID leftover index fails verify and is rebuilt by forward", arguments: PostgresServer.all)
    func invalidIndexIsRebuilt(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let cluster = try PostgresCluster.start(port: 55435, server: server)
        defer { cluster.stop() }
        let out = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let scripts = try #require(try Scripts.compile(Self.spec, into: out))
        try cluster.createDatabase("app")
        try #require(cluster.runFile(Fixtures.root + "/baseline.sql", in: "app").succeeded)
        try #require(cluster.runFile(scripts.path("forward"), in: "app").succeeded)
        #expect(try cluster.query(Self.validity, in: "app") == "t")

        // What an interrupted concurrent build leaves behind.
        _ = try cluster.query("UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'idx_users_phone'::regclass;", in: "app")
        let verify = cluster.runFile(scripts.path("verify"), in: "app")
        #expect(!verify.succeeded && verify.stderr.contains(#"index "idx_users_phone" is INVALID"#), "\(verify.stderr)")

        let again = cluster.runFile(scripts.path("forward"), in: "app")
        #expect(again.succeeded, "\(again.stderr)")
        #expect(try cluster.query(Self.validity, in: "app") == "t")
        #expect(cluster.runFile(scripts.path("verify"), in: "app").succeeded)
    }
}
