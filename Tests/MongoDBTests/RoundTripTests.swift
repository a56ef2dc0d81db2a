import Foundation
import Planner
import Testing
import TestSupport

/// Each history has its own suite and server, so the two can run side by side.
@Suite(.serialized) struct MongoExampleHistoryTests {
    @Test func exampleSpecsRoundTrip() throws {
        let specs = Repo.exampleSpecs.filter { path in
            ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").contains("mongodb")
        }
        try MongoRoundTrip.run(specs, database: "examples")
    }
}

@Suite(.serialized) struct MongoTestHistoryTests {
    @Test func testSpecsRoundTrip() throws {
        let dir = Repo.path("Tests/MongoDBTests/Specs")
        let specs = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }.sorted().map { dir + "/" + $0 }
        try MongoRoundTrip.run(specs, database: "tests")
    }
}

/// The round-trip law on a real wire-protocol server (SecantusDB, driven by the official Node
/// driver through harness/run-mongosh.js), over two histories of specs replayed in order on
/// one database each: the example specs listing MongoDB, and the test specs.
///
/// For each spec, on the state the earlier specs left: verify fails; forward + backfill then
/// rollback restores validators and indexes (and documents, unless rollback says it cannot);
/// forward + backfill (killed after its first batch, then run again) + contract; verify passes.
/// Empty collections are then filled with fixture documents for the specs after it.
enum MongoRoundTrip {
    static let fixtureDocuments = 2000

    static func run(_ specs: [String], database: String) throws {
        if EngineGate.skipped { return }
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-mongo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: temp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: temp) }
        let server = try MongoServer(tempDir: temp)
        defer { server.stop() }

        var killedMidway = 0
        for path in specs {
            let scripts = try MongoScripts.compile(path, into: temp)
            guard scripts.spec.dialects.contains(.mongodb) else { continue }
            let id = scripts.id
            let changesSomething = [.forward, .backfill, .contract].contains { scripts.runsCode($0) }

            let reverses = scripts.spec.rollback.strategy == .reverse
            let before = reverses ? server.snapshot(database) : ""
            if changesSomething {
                let early = server.run(database, [scripts.path(.verify)])
                #expect(!early.succeeded, "\(id): verify passed before forward")
                #expect(early.output.contains("verify found"), "\(id): verify did not name what is missing: \(early.output)")
            }

            try #require(server.run(database, [scripts.path(.forward), scripts.path(.backfill)]).succeeded(or: id, "forward + backfill"))
            try #require(server.run(database, [scripts.path(.rollback)]).succeeded(or: id, "rollback"))
            if reverses {
                let after = server.snapshot(database)
                if scripts.rollbackRestoresDocuments {
                    #expect(after == before, "\(id): rollback did not restore the database")
                } else {
                    #expect(Self.withoutDocuments(after) == Self.withoutDocuments(before), "\(id): rollback did not restore validators and indexes")
                }
            }

            let forwardAgain = server.run(database, [scripts.path(.forward)])
            try #require(forwardAgain.succeeded(or: id, "forward again"))
            if scripts.plan.rollback.contains(where: { if case .forgetAuthorCode = $0.action { true } else { false } }) {
                // Rollback took the ledger document out: the author's code ran again.
                #expect(!forwardAgain.output.contains("not run again"), "\(id): forward after rollback skipped the author's code: \(forwardAgain.output)")
            }
            try rerun(.forward, scripts, server, database)
            if scripts.runsCode(.backfill), server.runKilledAfterFirstBatch(database, scripts.path(.backfill), log: temp + "/killed.log") {
                killedMidway += 1
            }
            try #require(server.run(database, [scripts.path(.backfill)]).succeeded(or: id, "backfill"))
            try rerun(.backfill, scripts, server, database)
            try #require(server.run(database, [scripts.path(.contract)]).succeeded(or: id, "contract"))
            // A finished field-type swap (shadow renamed over the old field) is the documented
            // exception, as on PostgreSQL.
            let swapsType = scripts.spec.rollout.mode == .expandContract
                && scripts.spec.changes.contains { if case .alterColumnType = $0.operation { true } else { false } }
            if !swapsType { try rerun(.contract, scripts, server, database) }
            let verify = server.run(database, [scripts.path(.verify)])
            #expect(verify.succeeded, "\(id): verify failed after the change: \(verify.output)")

            if scripts.createsCollections {
                try #require(server.seedEmptyCollections(database, count: fixtureDocuments).succeeded(or: id, "fixtures"))
            }
        }
        #expect(killedMidway > 0, "no backfill was killed before it finished: the re-run was not proven")
    }

    /// Runs `phase` a second time in a row: it succeeds, changes nothing, and skips the author's code.
    static func rerun(_ phase: Phase, _ scripts: MongoScripts, _ server: MongoServer, _ database: String) throws {
        let once = server.snapshot(database)
        let again = server.run(database, [scripts.path(phase)])
        try #require(again.succeeded(or: scripts.id, "\(phase.rawValue) run a second time"))
        #expect(server.snapshot(database) == once, "\(scripts.id): \(phase.rawValue) run a second time changed the database")
        let authorCode = scripts.plan.steps(in: phase).contains {
            if case let .authorCode(code) = $0.action { code.code.mongodb != nil } else { false }
        }
        if authorCode {
            #expect(again.output.contains("not run again"), "\(scripts.id): \(phase.rawValue) run a second time did not skip the author's code: \(again.output)")
        }
    }

    /// A snapshot without its document counts and checksums.
    static func withoutDocuments(_ snapshot: String) -> String {
        snapshot.split(separator: "\n").filter { !$0.contains("\"checksum\"") && !$0.contains("\"documents\"") }.joined(separator: "\n")
    }
}

extension ProcessResult {
    /// Success, or a message naming the spec and the step that failed, with the output.
    func succeeded(or id: String, _ step: String) -> Bool {
        if !succeeded { Issue.record("\(id): \(step) failed: \(output)") }
        return succeeded
    }
}
