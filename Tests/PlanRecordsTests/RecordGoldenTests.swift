import Foundation
import PlanccKit
import Planner
import PlanRecords
import PlanRules
import PlanSpec
import Testing
import TestSupport

/// CHANGE.md, plan.json and INDEX.md against the committed files in `Tests/Cases/records/`:
/// each `<id>.yaml` there has its expected records in `<id>/`, and `INDEX.md` lists them all.
/// The records are rendered from the real plan and the statements the backends lower it to, with
/// a fixed analysis and stub scripts, so that the goldens change with the records, the plan or
/// the statements, not with every rule tweak or script text
/// (`PlanJSONTests` runs the real pipeline over every example spec).
/// Run with `PLANCC_RECORD=1` to rewrite them, then review the diff.
struct RecordGoldenTests {
    static let root = Repo.path("Tests/Cases/records")

    static var ids: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    @Test(arguments: ids)
    func recordsMatchGoldens(_ id: String) throws {
        let fixture = try Fixture(id)
        let records = Records.render(plan: fixture.plan, analysis: fixture.analysis, scripts: fixture.scripts, statements: fixture.statements)
        #expect(records.map(\.path) == ["CHANGE.md", "plan.json"])
        for record in records {
            try Golden.check(record.contents, against: "\(Self.root)/\(id)/\(record.path)")
        }
    }

    @Test func indexMatchesGolden() throws {
        // Given out of order on purpose: the index sorts by id.
        let entries = try Self.ids.reversed().map { id in
            let fixture = try Fixture(id)
            return Records.IndexEntry(plan: fixture.plan, analysis: fixture.analysis)
        }
        let index = Records.index(entries)
        #expect(index.path == "INDEX.md")
        try Golden.check(index.contents, against: "\(Self.root)/INDEX.md")
    }

    @Test func fixturesCoverBothModesEveryStrategyAndABaseline() throws {
        let specs = try Self.ids.map { try Fixture($0).plan.spec }
        #expect(Set(specs.map(\.rollout.mode)) == Set(Rollout.Mode.allCases))
        #expect(Set(specs.map(\.rollback.strategy)).isSuperset(of: [.reverse, .restoreFromBackup]))
        #expect(specs.contains { $0.kind == .baseline })
    }

    @Test func renderingIsDeterministic() throws {
        for id in Self.ids {
            let a = try Fixture(id), b = try Fixture(id)
            let first = Records.render(plan: a.plan, analysis: a.analysis, scripts: a.scripts, statements: a.statements)
            let second = Records.render(plan: b.plan, analysis: b.analysis, scripts: b.scripts, statements: b.statements)
            #expect(first == second)
        }
    }
}

/// One golden case: its spec loaded as if from `specs/`, with a fixed analysis and stub scripts.
struct Fixture {
    var plan: Plan
    var analysis: Analysis
    var scripts: [GeneratedFile]
    /// The statements of the dialects whose backends lower to them: what the records fold
    /// their locks and retries from.
    var statements: [Statement]

    init(_ id: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(RecordGoldenTests.root)/\(id).yaml")))
        let loaded = SpecLoader.load(bytes: bytes, path: "specs/\(id).yaml")
        let spec = try #require(loaded.spec, "fixture \(id) does not load: \(loaded.diagnostics.map(\.message))")
        plan = Planner.plan(spec)
        analysis = FixtureAnalysis.analysis(spec)
        scripts = spec.kind == .baseline ? [] : spec.dialects.flatMap { dialect in
            Phase.allCases.map { phase in
                let path = "\(dialect.rawValue)/\(phase.rawValue).\(dialect == .mongodb ? "js" : "sql")"
                return GeneratedFile(path: path, contents: "stub \(path)\n")
            }
        }
        statements = spec.kind == .baseline ? [] : Compiler.compile(spec, analysis: analysis).statements
    }
}
