import PlanccKit
import PlanDiagnostics
import PlanSpec
import Testing
import TestSupport

/// A default that calls a volatile function, written without `volatile: true`, compiles to the
/// same scripts as with it (add, set the default, fill in batches, NOT NULL): never to one
/// `ADD COLUMN ... DEFAULT` that rewrites the table under lock.
struct VolatileDefaultTests {
    static func spec(_ defaultValue: String, dialects: String = "[postgresql, mysql]") -> LoadedSpec {
        let text = """
        plancc: 1
        id: 20261124120000_events_token
        title: Add a token
        intent: Every event gets a token.
        rationale: Tokens are looked up by clients.
        risk: medium
        dialects: \(dialects)
        rollback: { strategy: reverse }
        changes:
          - add_column:
              table: events
              column: { name: token, type: text, nullable: false, default: \(defaultValue) }
        """
        return SpecLoader.load(bytes: Array(text.utf8), path: "20261124120000_events_token.yaml")
    }

    static func scripts(_ loaded: LoadedSpec) throws -> [String: String] {
        let spec = try #require(loaded.spec)
        // The header names the spec file's sha256, which differs by the words `volatile: true`.
        return HistoryFactsTests.scripts(spec).mapValues { text in
            text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("sha256:") }.joined(separator: "\n")
        }
    }

    @Test(arguments: [
        #"{ sql: "gen_random_uuid()::text" }"#,
        #"{ postgresql: "md5(random()::text)", mysql: "(MD5(RAND()))" }"#,
        #"{ postgresql: "'t-' || 'x'", mysql: "(UUID())" }"#,
    ])
    func aVolatileCallCompilesAsVolatile(_ defaultValue: String) throws {
        let found = Self.spec(defaultValue)
        let said = Self.spec(defaultValue.replacingOccurrences(of: " }", with: ", volatile: true }"))
        #expect(found.diagnostics.filter { $0.code != .portability }.map(\.code) == [.volatileDefault])
        #expect(said.diagnostics.filter { $0.code != .portability }.isEmpty)
        let scripts = try Self.scripts(found)
        #expect(scripts == (try Self.scripts(said)))
        let forward = scripts.first { $0.key.hasSuffix("postgresql/forward.sql") }?.value ?? ""
        #expect(!forward.isEmpty && !forward.contains("NOT NULL DEFAULT"))
    }

    @Test func aStableOrConstantDefaultStaysOneStatement() throws {
        for value in [#"{ sql: "now()::text" }"#, #"{ sql: "'random()'" }"#, #"{ postgresql: "current_user", mysql: "'u'" }"#] {
            let loaded = Self.spec(value)
            #expect(loaded.diagnostics.filter { $0.code != .portability }.isEmpty, "\(value): \(loaded.diagnostics.map(\.message))")
            let spec = try #require(loaded.spec)
            guard case let .addColumn(op) = spec.changes[0].operation else { Issue.record("not add_column"); continue }
            #expect(op.column.defaultValue?.volatile == false)
        }
    }
}
