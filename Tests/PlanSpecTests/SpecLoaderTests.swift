import Foundation
import PlanDiagnostics
import PlanSpec
import PlanSupport
import Testing

/// Loader behaviour the corpus does not show: values handed on to later stages.
struct SpecLoaderTests {
    static let header = """
    plancc: 1
    id: 20261124120000_loader_test
    title: Loader test
    intent: Check decoded values.
    rationale: Later stages rely on them.
    risk: high
    dialects: [postgresql, mongodb]
    rollback:
      strategy: reverse
    changes:

    """

    private func load(_ changes: String) -> LoadedSpec {
        SpecLoader.load(bytes: Array((Self.header + changes).utf8), path: "specs/20261124120000_loader_test.yaml")
    }

    /// The common wrong shapes get the spelling meant as help: one value where a list goes, a
    /// quoted number or boolean, a mapping where the list of changes goes.
    @Test func wrongShapesSayTheSpellingMeant() throws {
        let text = Self.header.replacingOccurrences(of: "plancc: 1", with: "plancc: \"1\"")
            .replacingOccurrences(of: "dialects: [postgresql, mongodb]", with: "dialects: postgresql")
            + "  - create_index: { table: users, name: idx_users_email, columns: email, unique: \"true\" }\n"
        let loaded = SpecLoader.load(bytes: Array(text.utf8), path: "specs/20261124120000_loader_test.yaml")
        let fixes = loaded.diagnostics.filter { $0.code == .wrongType }.map { "\($0.location.line):\($0.location.column) \($0.fix ?? "-")" }
        #expect(fixes == ["1:9 write the number without quotes: plancc: 1",
                          "7:11 write it as a list, even of one: dialects: [postgresql]",
                          "11:67 write it as a list, even of one: columns: [email]",
                          "11:82 write it without quotes: unique: true"], "\(fixes)")
        let mapping = SpecLoader.load(bytes: Array((Self.header + "  add_column: { table: users, column: { name: x, type: text } }\n").utf8),
                                      path: "specs/20261124120000_loader_test.yaml")
        #expect(mapping.diagnostics.map(\.fix) == ["start each item of the list with '- ' on a line of its own, or write [a, b]"])
    }

    /// YAML numbers inside MongoDB documents must come out as valid JSON (plan.json, mongosh).
    @Test func mongoDocumentsHoldValidJSONNumbers() throws {
        let loaded = load("""
          - backfill:
              table: users
              set:
                score: { sql: "0", mongodb: 0 }
              where:
                sql: "score IS NULL"
                mongodb: { a: .5, b: +2., c: -1.5E+3, d: 0x10, e: 99999999999999999999, f: .inf, g: 007 }
        """)
        let spec = try #require(loaded.spec, "\(loaded.diagnostics.map(\.message))")
        guard case let .backfill(backfill) = spec.changes[0].operation else { Issue.record("not a backfill"); return }
        let filter = try #require(backfill.filter?.mongodb)
        #expect(filter == .object([
            ("a", .number("0.5")), ("b", .number("2")), ("c", .number("-1.5e3")), ("d", .int(16)),
            ("e", .number("99999999999999999999")), ("f", .string(".inf")), ("g", .int(7)),
        ]))
        let rendered = filter.rendered()
        #expect(try JSONSerialization.jsonObject(with: Data(rendered.utf8)) is [String: Any], "\(rendered)")
    }

    @Test func volatileDefaults() throws {
        let loaded = load("""
          - add_column:
              table: users
              column: { name: token, type: uuid, default: { sql: "gen_random_uuid()", mongodb: { $rand: {} }, volatile: true } }
        """)
        let spec = try #require(loaded.spec, "\(loaded.diagnostics.map(\.message))")
        guard case let .addColumn(add) = spec.changes[0].operation else { Issue.record("not add_column"); return }
        #expect(add.column.defaultValue?.volatile == true)
    }

    @Test func aSpecWithErrorsIsNotHandedOn() {
        let loaded = load("  - drop_table: { table: users, cascade: true }\n")
        #expect(loaded.spec == nil)
        #expect(loaded.diagnostics.map(\.code) == [.unknownKey])
    }

    @Test func warningsAloneKeepTheSpec() {
        let loaded = load("""
          - add_foreign_key:
              table: orders
              name: orders_user_fk
              columns: [user_id]
              references: { table: users, columns: [id] }
        """)
        #expect(loaded.spec != nil)
        #expect(loaded.diagnostics.map(\.code) == [.notEnforced])
    }

    @Test func sourceAndHashAreKept() {
        let loaded = load("  - drop_table: { table: users }\n")
        #expect(loaded.source == Self.header + "  - drop_table: { table: users }\n")
        #expect(loaded.spec?.sha256 == SHA256.hex(loaded.source))
    }
}
