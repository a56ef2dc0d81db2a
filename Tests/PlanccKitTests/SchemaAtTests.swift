import Foundation
import PlanccKit
import PlanSchema
import PlanSpec
import Testing
import TestSupport

/// `plancc schema-at`: the schema after a spec, as a baseline that reads back to the same
/// schema, and as Mermaid diagrams that keep to Mermaid's erDiagram grammar whatever the names.
/// (That its SQL form is what the scripts leave is checked on PostgreSQL by the example history
/// round trip.)
@Suite struct SchemaAtTests {
    static let odd = Repo.path("Tests/PlanccKitTests/Specs/schema_at")

    /// The part of a schema-at baseline after its header (which names the spec it was taken after).
    static func changes(_ yaml: String) -> String {
        yaml[yaml.range(of: "changes:")!.lowerBound...].split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
    }

    @Test("the baseline schema-at writes loads without a diagnostic and replays to itself",
          arguments: [Repo.path("specs"), odd])
    func baselineReadsBack(_ folder: String) throws {
        let workspace = try Workspace.load([folder])
        let last = try #require(workspace.entries.compactMap(\.spec).map(\.id.value).max())
        let yaml = try SchemaAt.render(SchemaAt.history(workspace, upTo: last), format: .yaml)
        let loaded = SpecLoader.load(bytes: Array(yaml.utf8), path: "\(last.prefix(14))_schema_at.yaml")
        #expect(!loaded.diagnostics.hasErrors, "\(loaded.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.message)" })\n\(yaml)")
        let baseline = try #require(loaded.spec)
        #expect(baseline.kind == .baseline)
        let again = try SchemaAt.render([baseline], format: .yaml)
        #expect(Self.changes(again) == Self.changes(yaml), "replaying the baseline gave another schema:\n\(again)\n---\n\(yaml)")
    }

    @Test("the example history's end state: every table, key and index the specs leave")
    func exampleEndState() throws {
        let workspace = try Workspace.load([Repo.path("specs")])
        let yaml = try SchemaAt.render(SchemaAt.history(workspace, upTo: "20261125130000"), format: .yaml)
        // Dropped by the last spec; renamed two specs earlier; a column renamed, one dropped.
        #expect(!Self.changes(yaml).contains("password_reset_tokens"))
        #expect(!yaml.contains("table: \"audit_events\"") && yaml.contains("table: \"account_events\""))
        #expect(yaml.contains("name: \"full_name\"") && !yaml.contains("name: \"name\""))
        #expect(!yaml.contains("shipped_at"))
        #expect(yaml.contains("on_delete: set_null"))
        // Before the unique email spec, no unique index on users.email.
        let earlier = try SchemaAt.render(SchemaAt.history(workspace, upTo: "20261124130000"), format: .yaml)
        #expect(!earlier.contains("users_email_key") && yaml.contains("users_email_key"))
        #expect(earlier.contains("password_reset_tokens"))
    }

    @Test("an id no spec has, or one that names two, is an error naming the ids")
    func unknownIDs() throws {
        let workspace = try Workspace.load([Repo.path("specs")])
        #expect(throws: SchemaAt.Failure.self) { try SchemaAt.history(workspace, upTo: "20991231000000") }
        let partial = Result { () throws(SchemaAt.Failure) in try SchemaAt.history(workspace, upTo: "2026112409") }
        guard case let .failure(failure) = partial else { Issue.record("a partial timestamp was taken"); return }
        #expect(failure.message.contains("no spec with id '2026112409'"), "\(failure.message)")
        #expect(try SchemaAt.history(workspace, upTo: "20261124093000_users_add_phone.yaml").count == 2)
    }

    @Test("Mermaid diagrams keep to the erDiagram grammar", arguments: [Repo.path("specs"), odd])
    func mermaidGrammar(_ folder: String) throws {
        let workspace = try Workspace.load([folder])
        var diagrams: [String] = []
        for entry in workspace.entries {
            guard let picture = entry.schemaPicture else { continue }
            diagrams += [picture.before, picture.after].compactMap { $0 }
        }
        let last = try #require(workspace.entries.compactMap(\.spec).map(\.id.value).max())
        diagrams.append(try SchemaAt.render(SchemaAt.history(workspace, upTo: last), format: .mermaid))
        #expect(!diagrams.isEmpty)
        for diagram in diagrams { try MermaidGrammar.check(diagram) }
    }

    @Test("a rename's diagrams mark the column on both sides; an added column is marked added")
    func marks() throws {
        let workspace = try Workspace.load([Repo.path("specs")])
        let rename = try #require(workspace.entries.first { $0.loaded.path.hasSuffix("users_rename_name_to_full_name.yaml") }?.schemaPicture)
        #expect(rename.before?.contains("name \"renamed to full_name\"") == true, "\(rename.before ?? "")")
        #expect(rename.after?.contains("full_name \"renamed from name\"") == true, "\(rename.after ?? "")")
        let phone = try #require(workspace.entries.first { $0.loaded.path.hasSuffix("users_add_phone.yaml") }?.schemaPicture)
        #expect(phone.after?.contains("phone \"added\"") == true)
        #expect(phone.before?.contains("phone") == false)
        let created = try #require(workspace.entries.first { $0.loaded.path.hasSuffix("create_orders.yaml") }?.schemaPicture)
        #expect(created.after?.contains("orders {") == true)
    }
}

/// The lines of Mermaid's erDiagram grammar plancc writes (mermaid's erDiagram.jison: entity
/// names `[A-Za-z_][A-Za-z0-9_-]*` with an optional `["label"]` alias, attribute types that may
/// add `()[]`, keys PK/FK/UK, comments in double quotes without one inside, and relationships
/// between declared entities with their cardinality markers).
enum MermaidGrammar {
    struct Violation: Error, CustomStringConvertible {
        var description: String
    }

    static func check(_ diagram: String) throws {
        let entity = try Regex(#"^    ([A-Za-z_][A-Za-z0-9_-]*)(\["[^"]*"\])? \{$"#)
        let attribute = try Regex(#"^        [A-Za-z_][A-Za-z0-9_()\[\]-]* [A-Za-z_*][A-Za-z0-9_-]*( (PK|FK|UK)(, (PK|FK|UK))*)?( "[^"]*")?$"#)
        let relation = try Regex(#"^    ([A-Za-z_][A-Za-z0-9_-]*) (\|o|\|\||\}o|\}\|)--(o\||\|\||o\{|\|\{) ([A-Za-z_][A-Za-z0-9_-]*) : "[^"]*"$"#)
        var lines = diagram.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.last == "" else { throw Violation(description: "no final newline:\n\(diagram)") }
        lines.removeLast()
        guard lines.first == "erDiagram" else { throw Violation(description: "does not start with erDiagram:\n\(diagram)") }
        var declared: Set<String> = [], inEntity = false
        for line in lines.dropFirst() {
            if inEntity {
                if line == "    }" { inEntity = false; continue }
                guard line.wholeMatch(of: attribute) != nil else { throw Violation(description: "not an attribute: '\(line)'\n\(diagram)") }
            } else if let match = line.wholeMatch(of: entity) {
                let name = String(match.output[1].substring!)
                guard declared.insert(name).inserted else { throw Violation(description: "entity '\(name)' declared twice:\n\(diagram)") }
                inEntity = true
            } else if let match = line.wholeMatch(of: relation) {
                for side in [match.output[1].substring!, match.output[4].substring!] where !declared.contains(String(side)) {
                    throw Violation(description: "relationship to an undeclared entity '\(side)':\n\(diagram)")
                }
            } else {
                throw Violation(description: "not a line of erDiagram: '\(line)'\n\(diagram)")
            }
        }
        guard !inEntity else { throw Violation(description: "an entity is not closed:\n\(diagram)") }
    }
}
