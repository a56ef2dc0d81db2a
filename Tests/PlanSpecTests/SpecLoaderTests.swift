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
