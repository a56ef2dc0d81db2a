import Foundation
import PlanccKit
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
        // The author's own sql and a finished column-type swap are the documented exceptions.
        let operations = spec.changes.map(\.operation)
        let expandContract = spec.rollout.mode == .expandContract
        var rerunnable: Set<String> = ["backfill"]
        if !operations.contains(where: { if case let .sql(op) = $0 { op.phase == .forward } else { false } }) {
            rerunnable.insert("forward")
        }
        if !operations.contains(where: {
            switch $0 {
            case let .sql(op): op.phase == .contract
            case .alterColumnType: expandContract
            default: false
            }
        }) {
            rerunnable.insert("contract")
        }
        return Scripts(id: change.id, dir: dir, expandContract: expandContract,
                       reversible: spec.rollback.strategy == .reverse, backfilled: backfilled, rerunnable: rerunnable)
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
