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
    /// Author-written rollback SQL is run as written, not guarded, so it need not be re-runnable.
    let rollbackHasAuthorSQL: Bool
    /// Phases that run author SQL (a `sql` change): a second run must say it skipped it.
    let authorCode: Set<Phase>
    /// Changes whose ledger row rollback takes out (author SQL without a verify, with a rollback).
    let forgotten: [Int]
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
        authorCode = Set(Phase.allCases.filter { phase in
            plan.steps(in: phase).contains { if case let .authorCode(code) = $0.action { code.code.sql(for: .mysql) != nil } else { false } }
        })
        forgotten = plan.rollback.compactMap { if case let .forgetAuthorCode(entry) = $0.action { entry.changeIndex } else { nil } }
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
        // Forward, backfill, contract, then verify holds; each runs twice in a row, and the second
        // run changes neither schema nor rows and skips the author's SQL.
        try server.freshDatabase("expand")
        try run(start, in: "expand", "start state")
        let before = server.run(scripts.verify, in: "expand")
        #expect(!before.succeeded, "\(id): verify passed before forward", sourceLocation: location)
        #expect(before.output.contains("plancc verify failed") || scripts.verify.contains("Author-written check"),
                "\(id): verify failed without naming what is missing:\n\(before.output)", sourceLocation: location)
        for (phase, sql) in [(Phase.forward, scripts.forward), (.backfill, scripts.backfill), (.contract, scripts.contract)] {
            try run(sql, in: "expand", phase.rawValue)
            let once = (schema: server.schema("expand"), rows: server.checksums("expand"))
            let again = try run(sql, in: "expand", "\(phase.rawValue) (second run)")
            let twice = (schema: server.schema("expand"), rows: server.checksums("expand"))
            #expect(twice.schema == once.schema, "\(id): a second \(phase.rawValue) changed the schema\n\(diff(once.schema, twice.schema))", sourceLocation: location)
            #expect(twice.rows == once.rows, "\(id): a second \(phase.rawValue) changed the rows", sourceLocation: location)
            if scripts.authorCode.contains(phase) {
                #expect(again.output.contains("not run again"), "\(id): a second \(phase.rawValue) did not skip the author's SQL:\n\(again.output)", sourceLocation: location)
            }
        }
        try run(scripts.verify, in: "expand", "verify")
        let end = server.dump("expand")

        // Forward and backfill, then rollback restores the start; forward again works.
        try server.freshDatabase("undo")
        try run(start, in: "undo", "start state")
        let schema = server.schema("undo"), data = server.checksums("undo")
        try run(scripts.forward, in: "undo", "forward")
        try run(scripts.backfill, in: "undo", "backfill")
        try run(scripts.rollback, in: "undo", "rollback")
        for change in scripts.forgotten {
            let rows = server.run("SELECT COUNT(*) FROM plancc_ledger WHERE spec_id = '\(id)' AND change_index = \(change)", in: "undo").stdout
            #expect(rows.split(separator: "\n").last == "0", "\(id): rollback left the ledger row of change \(change): \(rows)", sourceLocation: location)
        }
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

    @discardableResult
    func run(_ sql: String, in database: String, _ what: String) throws -> ProcessResult {
        let result = server.run(sql, in: database)
        if !result.succeeded {
            throw EngineFailure(message: "\(scripts.id): \(what) failed (exit \(result.status)):\n\(result.output)")
        }
        return result
    }

    private func diff(_ a: String, _ b: String) -> String {
        let left = Set(a.split(separator: "\n")), right = Set(b.split(separator: "\n"))
        return "before only:\n" + a.split(separator: "\n").filter { !right.contains($0) }.joined(separator: "\n")
            + "\nafter only:\n" + b.split(separator: "\n").filter { !left.contains($0) }.joined(separator: "\n")
    }
}
