import Foundation
import PlanccKit
import Planner
import Testing
import TestSupport

/// The backends are twins: for the same spec each writes the same file names, one script per
/// phase under its own folder (`.sql` or `.js`), and lowers the steps of every phase that has
/// steps to statements.
struct BackendTwinsTests {
    /// The example specs (all three dialects) and every backend's own specs.
    static var specs: [String] {
        func listed(_ dir: String, _ path: (String) -> String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: Repo.path(dir))) ?? []).sorted()
                .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.map { Repo.path(dir) + "/" + path($0) }
        }
        return Repo.exampleSpecs
            + listed("Tests/PostgreSQLTests/Specs") { $0 }
            + listed("Tests/Fixtures/mysql/specs") { "\($0)/\($0).yaml" }
            + listed("Tests/MongoDBTests/Specs") { $0 }
    }

    /// `postgresql/forward.sql` → `forward`.
    static func stem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return String(name.prefix { $0 != "." })
    }

    @Test(arguments: specs)
    func everyBackendWritesTheSameFileNames(_ path: String) throws {
        let change = try SpecCompiler.compile(path)
        guard change.plan.spec.kind == .change else { return }
        let phases = Phase.allCases.map(\.rawValue).sorted()
        for dialect in change.plan.spec.dialects {
            let files = change.files.filter { $0.path.hasPrefix(dialect.rawValue + "/") }
            #expect(files.map { Self.stem($0.path) }.sorted() == phases, "\(path): \(dialect) writes \(files.map(\.path))")
            let ext = dialect == .mongodb ? ".js" : ".sql"
            #expect(files.allSatisfy { $0.path.hasSuffix(ext) && $0.path.split(separator: "/").count == 2 }, "\(path): \(files.map(\.path))")
            for phase in [Phase.forward, .backfill, .contract, .rollback] where !change.plan.steps(in: phase).isEmpty {
                #expect(change.statements.contains { $0.dialect == dialect && $0.phase == phase },
                        "\(path): \(dialect) \(phase) has steps but no statements")
            }
        }
        // The same spec, one set of names: each dialect's folder holds the same stems.
        let stems = Set(change.plan.spec.dialects.map { d in
            change.files.filter { $0.path.hasPrefix(d.rawValue + "/") }.map { Self.stem($0.path) }.sorted()
        })
        #expect(stems.count == 1, "\(path): \(stems)")
    }
}
