import PlanDiagnostics
import PlanccKit
import PlanRules
import PlanSchema
import PlanSpec
import Testing
import TestSupport

/// The schema model replayed from the example specs supplies every `was` fact and MySQL type
/// the specs state, and compiling without them gives the same bytes.
@Suite struct HistoryFactsTests {
    /// The specs as written (before the history fills anything in), in history order.
    static func writtenSpecs() throws -> [Spec] {
        let workspace = try Workspace.load([Repo.path("specs")])
        #expect(!workspace.hasErrors)
        return workspace.entries.compactMap(\.loaded.spec)
    }

    /// Each spec with every fact the history can supply taken out.
    static func stripped(_ spec: Spec) -> (spec: Spec, removed: Int) {
        var spec = spec, removed = 0
        for index in spec.changes.indices {
            switch spec.changes[index].operation {
            case var .alterColumnType(op) where op.was != nil: op.was = nil; removed += 1; spec.changes[index].operation = .alterColumnType(op)
            case var .setDefault(op) where op.was != nil: op.was = nil; removed += 1; spec.changes[index].operation = .setDefault(op)
            case var .dropDefault(op) where op.was != nil: op.was = nil; removed += 1; spec.changes[index].operation = .dropDefault(op)
            case var .dropIndex(op) where op.was != nil: op.was = nil; removed += 1; spec.changes[index].operation = .dropIndex(op)
            case var .dropConstraint(op) where op.was != nil: op.was = nil; removed += 1; spec.changes[index].operation = .dropConstraint(op)
            case var .setNotNull(op) where op.type != nil: op.type = nil; removed += 1; spec.changes[index].operation = .setNotNull(op)
            case var .dropNotNull(op) where op.type != nil: op.type = nil; removed += 1; spec.changes[index].operation = .dropNotNull(op)
            default: break
            }
        }
        return (spec, removed)
    }

    static func scripts(_ spec: Spec) -> [String: String] {
        let compiled = Compiler.compile(spec, analysis: Analyzer.analyze(spec))
        // plan.json and CHANGE.md quote the spec's own text; the scripts are what must not change.
        return Dictionary(uniqueKeysWithValues: compiled.files.filter { $0.path.contains("/") }.map { ($0.path, $0.contents) })
    }

    @Test func examplesWithoutTheirFactsCompileToTheSameScripts() throws {
        let written = try Self.writtenSpecs()
        let withFacts = History.replay(written)
        let without = History.replay(written.map { Self.stripped($0).spec })
        let strippedFacts = written.map { Self.stripped($0).removed }.reduce(0, +)
        #expect(strippedFacts >= 5, "the examples state \(strippedFacts) facts: the test would prove little")
        for (a, b) in zip(withFacts, without) {
            #expect(a.diagnostics.filter { $0.severity == .error }.isEmpty, "\(a.spec.id): \(a.diagnostics)")
            #expect(b.diagnostics.filter { $0.severity == .error }.isEmpty, "\(b.spec.id) without its facts: \(b.diagnostics.map(\.message))")
            let expected = Self.scripts(a.spec), actual = Self.scripts(b.spec)
            for (path, text) in expected {
                #expect(actual[path] == text, "\(a.spec.id): \(path) differs when the facts come from the history")
            }
        }
    }

    /// A single file compiled alone reads its folder's history: the facts are the same as
    /// when the whole folder is compiled.
    @Test func aFileAloneIsReplayedAfterItsHistory() throws {
        let path = Repo.path("specs/20261124130000_orders_total_cents_bigint.yaml")
        let alone = try Workspace.load([path])
        let folder = try Workspace.load([Repo.path("specs")])
        let a = try #require(alone.entries.first?.spec)
        let b = try #require(folder.entries.first { $0.loaded.path.hasSuffix("orders_total_cents_bigint.yaml") }?.spec)
        #expect(Self.scripts(a) == Self.scripts(b))
        let before = try #require(alone.entries.first?.before)
        #expect(before.table("orders")?.column("total_cents")?.type?.description == "integer")
    }

    /// A `was` the history contradicts (E0314, for a foreign key, a check, the wrong kind, an
    /// index's prefix or predicate) keeps the spec from compiling: no rollback is built from it.
    @Test func aContradictedWasIsNotCompiled() throws {
        let workspace = try Workspace.load([Repo.path("Tests/Cases/bad/history_was_shape_contradicted")])
        let entry = try #require(workspace.entries.first { $0.loaded.path.hasSuffix("orders_wrong_was.yaml") })
        #expect(entry.loaded.spec != nil)
        #expect(entry.spec == nil, "a spec with a contradicted was must not reach the compiler")
        #expect(entry.history.filter { $0.code == .wasContradicted }.count == 6)
        // The same drops with the history's facts (no was) compile, and rollback rebuilds what the history knows.
        var corrected = try #require(entry.loaded.spec)
        for index in corrected.changes.indices {
            switch corrected.changes[index].operation {
            case var .dropConstraint(op): op.was = nil; op.wasAt = nil; corrected.changes[index].operation = .dropConstraint(op)
            case var .dropIndex(op): op.was = nil; op.wasAt = nil; corrected.changes[index].operation = .dropIndex(op)
            default: break
            }
        }
        let history = try #require(workspace.entries.first { $0.loaded.path.hasSuffix("create_orders.yaml") }?.spec)
        let replayed = History.replay([history, corrected])
        #expect(replayed[1].diagnostics.filter { $0.severity == .error }.isEmpty, "\(replayed[1].diagnostics.map(\.message))")
        let rollback = Self.scripts(replayed[1].spec).first { $0.key.hasSuffix("postgresql/rollback.sql") }?.value ?? ""
        #expect(rollback.contains("ON DELETE CASCADE"), "rollback rebuilds the history's foreign key:\n\(rollback)")
        #expect(rollback.contains("total > 0") && !rollback.contains("total >= 0"))
    }
}
