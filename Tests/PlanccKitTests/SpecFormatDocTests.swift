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
