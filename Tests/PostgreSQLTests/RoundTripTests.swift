import Foundation
import Testing
import TestSupport

/// Every generated script run on real PostgreSQL 15 and 18 (see Support/RoundTrip.swift for what
/// one round trip proves). Skipped only under PLANCC_SKIP_ENGINES=1.
@Suite(.serialized)
struct PostgreSQLRoundTripTests {
    @Test("the example specs, replayed in order over the baseline fixture", arguments: PostgresServer.all)
    func exampleHistory(_ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let cluster = try PostgresCluster.start(port: 55432, server: server)
        defer { cluster.stop() }
        let out = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }

        var current = "history_0"
        try cluster.createDatabase(current)
        try #require(cluster.runFile(Fixtures.root + "/baseline.sql", in: current).succeeded)
        var replayed = 0
        for spec in Repo.exampleSpecs {
            guard let scripts = try Scripts.compile(spec, into: out) else { continue }
            if let data = Fixtures.history(before: scripts.id) {
                let loaded = cluster.runFile(data, in: current)
                try #require(loaded.succeeded, "history data for \(scripts.id): \(loaded.stderr)")
            }
            replayed += 1
            let next = try RoundTrip(cluster: cluster, scripts: scripts).run(from: current, appliedName: "history_\(replayed)")
            try cluster.dropDatabase(current)
            current = next
        }
        #expect(replayed >= 10, "expected the example specs in specs/, found \(replayed)")
    }

    @Test("the backend's own specs: every operation, both rollout modes, hostile names", arguments: Fixtures.ownSpecRuns)
    func ownSpec(_ spec: String, _ server: PostgresServer) throws {
        guard !EngineGate.skipped else { return }
        let cluster = try PostgresCluster.start(port: 55433, server: server)
        defer { cluster.stop() }
        let out = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }

        let scripts = try #require(try Scripts.compile(spec, into: out))
        try cluster.createDatabase("fixture")
        let loaded = cluster.runFile(Fixtures.fixture(for: scripts.id), in: "fixture")
        try #require(loaded.succeeded, "fixture for \(scripts.id): \(loaded.stderr)")
        let applied = try RoundTrip(cluster: cluster, scripts: scripts).run(from: "fixture", appliedName: "applied")
        try OwnSpecFacts.check(scripts.id, cluster: cluster, db: applied)
    }
}
