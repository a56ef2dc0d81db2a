import Foundation
@testable import PlanccKit
import PlanSpec
import PlanSupport
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

    /// Every mapping the model has (the top level, `targets`, `tables.<name>`, a column's
    /// `references`, an index column with a prefix, a default's expression, a type per dialect,
    /// each operation body and `was` shape), found by walking the schema itself, has a table in
    /// the reference with exactly its keys, in order; so a key the decoder takes cannot be
    /// left out of the reference.
    @Test func everyMappingOfTheModelHasATable() {
        var mappings: [[String]] = []
        func walk(_ value: JSONValue) {
            switch value {
            case let .object(pairs):
                if case let .object(properties)? = pairs.first(where: { $0.0 == "properties" })?.1, !properties.isEmpty {
                    mappings.append(properties.map(\.0))
                }
                for (_, inner) in pairs { walk(inner) }
            case let .array(items):
                items.forEach(walk)
            default:
                break
            }
        }
        walk(SpecSchema.document())
        #expect(mappings.count > 30)
        // An item of `changes` is a mapping of one operation name: each has its own heading.
        mappings.removeAll { $0 == Operation.names }
        for name in Operation.names { #expect(SpecFormatDoc.markdown().contains("\n### \(name)\n"), "operation \(name)") }
        let text = SpecFormatDoc.markdown()
        // Each table's key column, in order.
        var tables: [[String]] = []
        var current: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("|---") { current = []; continue }
            if var rows = current, line.hasPrefix("| `") {
                rows.append(String(line.dropFirst(3).prefix { $0 != "`" }))
                current = rows
                continue
            }
            if let rows = current { tables.append(rows) }
            current = nil
        }
        let tableSet = Set(tables)
        let missing = mappings.filter { !tableSet.contains($0) }.map { $0.joined(separator: ", ") }
        #expect(missing.isEmpty, "mappings of the model without a table in docs/spec-format.md: \(Set(missing).sorted())")
    }

    /// Keys the last review found without a row, and a literal default's example.
    @Test func indexPrefixTableRowsAndLiteralDefaultsAreDocumented() {
        let text = SpecFormatDoc.markdown()
        #expect(text.contains("| `prefix` | no | integer 1..3072 | Prefix length MySQL needs for TEXT and BLOB columns. |"))
        #expect(text.contains("\n### `tables`\n"))
        #expect(text.contains("| `rows` | no | integer | About how many rows the table holds"))
        #expect(text.contains("| `volatile` | no | boolean |"))
        #expect(text.contains("default: 0 }"))
        for kind in SpecFormatDoc.valueKinds { #expect(SpecFormatDoc.valueExamples[kind] != nil, "value kind \(kind) has no example") }
    }

    /// The errors of a spec holding `changes` (each line indented two spaces) under `strategy`.
    private func errors(ofChanges changes: String, strategy: String) -> [String] {
        let body = changes.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        let text = """
        plancc: 1
        id: 20261124120000_example
        title: Example
        intent: Show one operation.
        rationale: The reference's examples must be valid.
        risk: high
        dialects: [postgresql, mysql]
        rollback: { strategy: \(strategy) }
        changes:
        \(body)
        """
        let loaded = SpecLoader.load(bytes: Array(text.utf8), path: "specs/20261124120000_example.yaml")
        let errors = loaded.diagnostics.filter { $0.severity == .error }.map { "\($0.location.line):\($0.location.column) \($0.message)" }
        return loaded.spec == nil && errors.isEmpty ? ["not decoded"] : errors
    }

    /// Each line of the `default` and `literal` examples is a column that decodes and validates.
    @Test(arguments: ["default", "literal"])
    func defaultExamplesDecode(_ kind: String) throws {
        let example = try #require(SpecFormatDoc.valueExamples[kind])
        for line in example.split(separator: "\n") {
            let column = line.split(separator: "#").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let errors = errors(ofChanges: "- add_column:\n    table: users\n    \(column)", strategy: "forward_fix")
            #expect(errors.isEmpty, "\(line): \(errors)")
        }
    }

    /// The `was` examples decode too.
    @Test(arguments: ["drop_index", "drop_constraint"])
    func wasExampleDecodes(_ name: String) throws {
        let errors = errors(ofChanges: try #require(SpecFormatDoc.wasExamples[name]), strategy: "reverse")
        #expect(errors.isEmpty, "\(name): \(errors)")
    }

    /// Each operation's example decodes and validates with the real decoder, with a baseline
    /// of the tables and columns the examples use.
    @Test(arguments: Operation.names)
    func exampleDecodes(_ name: String) throws {
        let errors = errors(ofChanges: try #require(OperationBodies.examples[name]), strategy: "forward_fix")
        #expect(errors.isEmpty, "\(name): \(errors)")
    }
}
