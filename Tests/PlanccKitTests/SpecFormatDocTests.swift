import Foundation
@testable import PlanccKit
import PlanSpec
import Testing
import TestSupport

/// `docs/spec-format.md` is generated from the spec schema; the committed file must equal the
/// generated text. Run with `PLANCC_RECORD=1` to rewrite it after changing the model.
struct SpecFormatDocTests {
    @Test func committedReferenceMatchesTheModel() throws {
        let path = Repo.path("docs/spec-format.md")
        let generated = SpecFormatDoc.markdown()
        if ProcessInfo.processInfo.environment["PLANCC_RECORD"] == "1" {
            try generated.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(committed == generated, "docs/spec-format.md is stale: PLANCC_RECORD=1 swift test --filter SpecFormatDocTests")
    }

    @Test func everyKeyAndOperationIsDocumented() {
        let text = SpecFormatDoc.markdown()
        for key in Vocabulary.topLevelKeys { #expect(text.contains("| `\(key)` |"), "top-level key \(key)") }
        for key in Vocabulary.rolloutKeys { #expect(text.contains("| `\(key)` |"), "rollout key \(key)") }
        for name in Operation.names {
            #expect(text.contains("\n### \(name)\n"), "operation \(name)")
            #expect(OperationBodies.examples[name] != nil, "example of \(name)")
        }
        #expect(text.contains("| `lock_timeout` | `5s` |"))
        #expect(!text.contains("../shared"))
    }

    /// Every field of every table in the reference says what it holds, and every value kind a
    /// field names is defined under its own heading (linked), so nothing is left to guess.
    @Test func everyFieldIsDescribedAndEveryKindDefined() {
        let text = SpecFormatDoc.markdown()
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `") }
        let empty = rows.filter { $0.hasSuffix("|  |") || $0.hasSuffix("| |") }
        #expect(empty.isEmpty, "\(empty.count) field(s) without a description:\n\(empty.joined(separator: "\n"))")
        for kind in ["foreign_key_references", "referential_action", "names", "name"] {
            #expect(text.contains("\n### \(kind)\n"), "kind \(kind) is not defined")
        }
        // A kind named in a table is a link to its definition, never a bare word.
        for row in rows {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3 else { continue }
            for kind in SpecFormatDoc.valueKinds where cells.dropFirst().contains(kind) {
                Issue.record("'\(kind)' is not linked in: \(row)")
            }
        }
        // The `was` shapes with keys of their own, each field described.
        for shape in ["### drop_index: `was`", "### drop_constraint: `was`", "`was.foreign_key`:"] {
            #expect(text.contains(shape), "\(shape)")
        }
        #expect(text.contains("| `unique` | no | [names](#names) | It was a unique constraint on these columns, in order. |"))
        #expect(text.contains("| `references` | yes | [foreign_key_references](#foreign_key_references) |"))
    }

    /// The `was` examples decode too.
    @Test(arguments: ["drop_index", "drop_constraint"])
    func wasExampleDecodes(_ name: String) throws {
        let example = try #require(SpecFormatDoc.wasExamples[name])
        let body = example.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        let text = """
        plancc: 1
        id: 20261124120000_example
        title: Example
        intent: Show one operation.
        rationale: The reference's examples must be valid.
        risk: high
        dialects: [postgresql, mysql]
        rollback: { strategy: reverse }
        changes:
        \(body)
        """
        let loaded = SpecLoader.load(bytes: Array(text.utf8), path: "specs/20261124120000_example.yaml")
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(name): \(errors.map { "\($0.location.line):\($0.location.column) \($0.message)" })")
    }

    /// Each operation's example decodes and validates with the real decoder, with a baseline
    /// of the tables and columns the examples use.
    @Test(arguments: Operation.names)
    func exampleDecodes(_ name: String) throws {
        let example = try #require(OperationBodies.examples[name])
        let body = example.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        let text = """
        plancc: 1
        id: 20261124120000_example
        title: Example
        intent: Show one operation.
        rationale: The reference's examples must be valid.
        risk: high
        dialects: [postgresql, mysql]
        rollback: { strategy: forward_fix }
        changes:
        \(body)
        """
        let loaded = SpecLoader.load(bytes: Array(text.utf8), path: "specs/20261124120000_example.yaml")
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(name): \(errors.map { "\($0.location.line):\($0.location.column) \($0.message)" })")
    }
}
