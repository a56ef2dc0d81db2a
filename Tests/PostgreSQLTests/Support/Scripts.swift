import Foundation
import PlanccKit
import Planner
import PlanSpec
import TestSupport

/// One spec compiled into a temp folder, with the facts the round trip needs.
struct Scripts {
    let id: String
    let dir: String
    let expandContract: Bool
    let reversible: Bool
    /// "table.column" pairs a backfill overwrites on purpose: rollback does not put them back.
    let backfilled: Set<String>
    /// Phases whose script must succeed when run a second time (what the headers promise).
    let rerunnable: Set<String>
    /// Phases that run author SQL (a `sql` change): a second run must say it skipped it.
    let authorCode: Set<String>
    /// Changes whose ledger row rollback takes out (author SQL without a verify, with a rollback).
    let forgotten: [Int]

    /// Compiles `specPath`; nil when the spec emits no PostgreSQL scripts (a baseline, or another dialect only).
    static func compile(_ specPath: String, into root: String) throws -> Scripts? {
        let workspace = try Workspace.load([specPath])
        guard let spec = workspace.entries.first?.spec, spec.kind == .change, spec.dialects.contains(.postgresql) else {
            return nil
        }
        let change = try SpecCompiler.compile(specPath, only: [.postgresql])
        let dir = root + "/" + change.id
        try SpecCompiler.write(change, to: dir)
        var backfilled: Set<String> = []
        for case let .backfill(op) in spec.changes.map(\.operation) {
            for assignment in op.set { backfilled.insert("\(op.table.value).\(assignment.column.value)") }
        }
        // Every phase, author SQL included (its verify or the ledger skips it on a second run);
        // a finished column-type swap is the documented exception.
        let operations = spec.changes.map(\.operation)
        let expandContract = spec.rollout.mode == .expandContract
        var rerunnable: Set<String> = ["forward", "backfill"]
        if !operations.contains(where: { if case .alterColumnType = $0 { expandContract } else { false } }) {
            rerunnable.insert("contract")
        }
        let plan = Planner.plan(spec)
        let authorCode = Set(Phase.allCases.filter { phase in
            plan.steps(in: phase).contains { if case let .authorCode(code) = $0.action { code.code.sql(for: .postgresql) != nil } else { false } }
        }.map(\.rawValue))
        return Scripts(id: change.id, dir: dir, expandContract: expandContract,
                       reversible: spec.rollback.strategy == .reverse, backfilled: backfilled, rerunnable: rerunnable,
                       authorCode: authorCode,
                       forgotten: plan.rollback.compactMap { if case let .forgetAuthorCode(entry) = $0.action { entry.changeIndex } else { nil } })
    }

    func path(_ phase: String) -> String { "\(dir)/postgresql/\(phase).sql" }
}

/// Paths of the PostgreSQL test material.
enum Fixtures {
    static let root = Repo.path("Tests/Fixtures/postgresql")
    static let specs = Repo.path("Tests/PostgreSQLTests/Specs")

    /// The backend's own test specs, sorted: each `<id>/<id>.yaml` in a folder of its own,
    /// so that none is read as the history of another (they are independent of each other).
    static var ownSpecs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: specs)) ?? []).sorted()
            .map { "\(specs)/\($0)/\($0).yaml" }
            .filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// Each own spec on each server its `targets.postgresql` allows (a spec for 18 uses 18's syntax).
    static var ownSpecRuns: [(String, PostgresServer)] {
        ownSpecs.flatMap { spec in
            let text = (try? String(contentsOfFile: spec, encoding: .utf8)) ?? ""
            let target = text.firstMatch(of: /targets: \{ postgresql: (\d+)/).flatMap { Int($0.1) } ?? 14
            return PostgresServer.all.filter { $0.major >= target }.map { (spec, $0) }
        }
    }

    static func fixture(for id: String) -> String { "\(root)/\(id).sql" }

    /// Data loaded into the example history just before spec `id`, when there is any.
    static func history(before id: String) -> String? {
        let path = "\(root)/history/\(id).sql"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }
}
