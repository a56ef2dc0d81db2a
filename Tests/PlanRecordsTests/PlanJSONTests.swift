import Foundation
import PlanccKit
import Planner
import PlanSupport
import Testing
import TestSupport

/// plan.json of every example spec, compiled through the real pipeline: it validates against
/// `schema/plan.schema.json`, and its file list matches the files compile writes.
struct PlanJSONTests {
    static let schemaPath = Repo.path("schema/plan.schema.json")

    static func compiledExamples() throws -> [CompiledChange] {
        try Repo.exampleSpecs.map { try SpecCompiler.compile($0) }
    }

    @Test func everyExamplePlanValidatesAgainstTheSchema() throws {
        let dir = try TempDir()
        let paths = try Self.compiledExamples().map { change in
            try dir.write(try #require(SpecCompiler.file(change, "plan.json")), to: "\(change.id).json")
        }
        #expect(paths.count >= 8)
        let result = try SchemaValidator.validate(schema: String(contentsOfFile: Self.schemaPath, encoding: .utf8), paths: paths)
        #expect(result.succeeded, "\(result.output)")
    }

    @Test func theSchemaRejectsAPlanThatBreaksIt() throws {
        let dir = try TempDir()
        let change = try SpecCompiler.compile(Repo.exampleSpecs[1])
        let plan = try #require(SpecCompiler.file(change, "plan.json"))
        let broken = try dir.write(plan.replacingOccurrences(of: "\"plan_format\": 1", with: "\"plan_format\": \"1\""), to: "broken.json")
        let result = try SchemaValidator.validate(schema: String(contentsOfFile: Self.schemaPath, encoding: .utf8), paths: [broken])
        #expect(!result.succeeded)
        #expect(result.stdout.contains("plan_format"))
    }

    @Test func filesListEveryOtherOutputWithItsHash() throws {
        for change in try Self.compiledExamples() {
            let json = try JSONSerialization.jsonObject(with: Data(try #require(SpecCompiler.file(change, "plan.json")).utf8)) as? [String: Any]
            let listed = try #require(json?["files"] as? [[String: Any]])
            let expected = change.files.filter { $0.path != "plan.json" }.sorted { $0.path < $1.path }
            #expect(listed.map { $0["path"] as? String } == expected.map(\.path), "\(change.id)")
            for (entry, file) in zip(listed, expected) {
                #expect(entry["sha256"] as? String == SHA256.hex(file.contents), "\(change.id) \(file.path)")
                #expect(entry["bytes"] as? Int == file.contents.utf8.count)
            }
        }
    }

    /// Each statement plan.json lists carries its text, as the compiled statement has it, and the
    /// text's sha256, so an exporter can read it and tell when it changed; in script order, per phase.
    @Test func statementsCarryTheirTextAndItsHash() throws {
        for change in try Self.compiledExamples() where change.plan.spec.kind == .change {
            let json = try JSONSerialization.jsonObject(with: Data(try #require(SpecCompiler.file(change, "plan.json")).utf8)) as? [String: Any]
            let listed = (json?["phases"] as? [[String: Any]] ?? []).flatMap { $0["statements"] as? [[String: Any]] ?? [] }
            let statements = Phase.allCases.flatMap { phase in change.statements.filter { $0.phase == phase } }
            #expect(listed.count == statements.count, "\(change.id)")
            #expect(Set(statements.map(\.dialect)) == Set(change.plan.spec.dialects), "\(change.id): every dialect lowers to statements")
            for (entry, statement) in zip(listed, statements) {
                let text = try #require(entry["text"] as? String)
                #expect(text == statement.text, "\(change.id)")
                #expect(entry["sha256"] as? String == SHA256.hex(Array(text.utf8)), "\(change.id)")
                #expect(entry["dialect"] as? String == statement.dialect.rawValue)
            }
        }
    }

    @Test func compilingTwiceGivesTheSameBytes() throws {
        let first = try Self.compiledExamples(), second = try Self.compiledExamples()
        #expect(first.map(\.files) == second.map(\.files))
    }
}
