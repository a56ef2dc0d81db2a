import Foundation
import Planner
import PlanccKit
import PlanSpec
import Testing
import TestSupport

/// The MySQL scripts of one spec and what its plan says about them.
struct CompiledScripts {
    let id: String
    let forward, backfill, contract, rollback, verify: String
    /// Author-written SQL is run as written, not guarded, so it need not be re-runnable.
    let forwardHasAuthorSQL: Bool
    let rollbackHasAuthorSQL: Bool
    /// What rollback cannot put back, by its own notes: dropped objects, or backfilled values.
    let rollbackRestoresSchema: Bool
    let rollbackRestoresData: Bool

    init(spec path: String) throws {
        let change = try SpecCompiler.compile(path, only: [.mysql])
        let workspace = try Workspace.load([path])
        let plan = Planner.plan(workspace.entries[0].spec!)
        func file(_ phase: String) -> String { SpecCompiler.file(change, "mysql/\(phase).sql") ?? "" }
        id = change.id
        forward = file("forward"); backfill = file("backfill"); contract = file("contract")
        rollback = file("rollback"); verify = file("verify")
        func isRaw(_ step: Step) -> Bool { if case .raw = step.action { true } else { false } }
        forwardHasAuthorSQL = plan.forward.contains(where: isRaw)
        rollbackHasAuthorSQL = plan.rollback.contains(where: isRaw)
        let notes = plan.rollback.filter { if case .note = $0.action { true } else { false } }
        rollbackRestoresSchema = notes.allSatisfy { $0.origin.operation == "backfill" }
        rollbackRestoresData = notes.isEmpty
    }
}

/// The law every spec must obey on a real server, run from a given starting database.
struct RoundTrip {
    let server: MariaDB
    let scripts: CompiledScripts

    /// Runs the law; returns the database after forward, backfill and contract, for the next spec.
    func check(start: String, location: SourceLocation = #_sourceLocation) throws -> String {
        let id = scripts.id
        // Forward, backfill, contract, then verify holds; forward and contract run twice.
        try server.freshDatabase("expand")
        try run(start, in: "expand", "start state")
        let before = server.run(scripts.verify, in: "expand")
        #expect(!before.succeeded, "\(id): verify passed before forward", sourceLocation: location)
        #expect(before.output.contains("plancc verify failed") || scripts.verify.contains("Author-written check"),
                "\(id): verify failed without naming what is missing:\n\(before.output)", sourceLocation: location)
        try run(scripts.forward, in: "expand", "forward")
        let afterForward = (schema: server.schema("expand"), rows: server.checksums("expand"))
        if !scripts.forwardHasAuthorSQL {
            try run(scripts.forward, in: "expand", "forward (second run)")
            let again = (schema: server.schema("expand"), rows: server.checksums("expand"))
            #expect(again.schema == afterForward.schema, "\(id): a second forward changed the schema", sourceLocation: location)
            #expect(again.rows == afterForward.rows, "\(id): a second forward changed the rows", sourceLocation: location)
        }
        try run(scripts.backfill, in: "expand", "backfill")
        try run(scripts.contract, in: "expand", "contract")
        try run(scripts.contract, in: "expand", "contract (second run)")
        try run(scripts.verify, in: "expand", "verify")
        let end = server.dump("expand")

        // Forward and backfill, then rollback restores the start; forward again works.
        try server.freshDatabase("undo")
        try run(start, in: "undo", "start state")
        let schema = server.schema("undo"), data = server.checksums("undo")
        try run(scripts.forward, in: "undo", "forward")
        try run(scripts.backfill, in: "undo", "backfill")
        try run(scripts.rollback, in: "undo", "rollback")
        if !scripts.rollbackHasAuthorSQL {
            try run(scripts.rollback, in: "undo", "rollback (second run)")
        }
        if scripts.rollbackRestoresSchema {
            let restored = server.schema("undo")
            let same = restored == schema
            #expect(same, "\(id): rollback did not restore the schema\n\(diff(schema, restored))", sourceLocation: location)
        }
        if scripts.rollbackRestoresData {
            let restored = server.checksums("undo")
            let same = restored == data
            #expect(same, "\(id): rollback did not restore the rows\n\(diff(data, restored))", sourceLocation: location)
        }
        try run(scripts.forward, in: "undo", "forward after rollback")
        return end
    }

    func run(_ sql: String, in database: String, _ what: String) throws {
        let result = server.run(sql, in: database)
        if !result.succeeded {
            throw EngineFailure(message: "\(scripts.id): \(what) failed (exit \(result.status)):\n\(result.output)")
        }
    }

    private func diff(_ a: String, _ b: String) -> String {
        let left = Set(a.split(separator: "\n")), right = Set(b.split(separator: "\n"))
        return "before only:\n" + a.split(separator: "\n").filter { !right.contains($0) }.joined(separator: "\n")
            + "\nafter only:\n" + b.split(separator: "\n").filter { !left.contains($0) }.joined(separator: "\n")
    }
}
