import PlanDiagnostics
import PlanSpec
import Testing

/// PostgreSQL's parser reads a spec's PostgreSQL texts; the bad-spec corpus
/// (`Tests/Cases/bad/sql_syntax_errors`) pins the error positions, these the texts that must pass.
struct SQLSyntaxTests {
    static func spec(dialects: String, changes: String) -> [UInt8] {
        Array("""
        plancc: 1
        id: 20261124120000_sql_texts
        title: SQL texts
        intent: Parse them.
        rationale: Syntax errors are found at check time.
        risk: high
        dialects: \(dialects)
        rollback: { strategy: restore_from_backup }
        changes:
        \(changes)
        """.utf8)
    }

    static func sqlErrors(_ bytes: [UInt8]) -> [Diagnostic] {
        SpecLoader.load(bytes: bytes, path: "20261124120000_sql_texts.yaml").diagnostics.filter { $0.code == .sqlSyntax }
    }

    static let rich = "coalesce(nullif(trim(name), ''), split_part(email, '@', 1)) || ' <' || lower(email) || '>'"

    @Test func aRichValidExpressionParsesEverywhere() {
        let changes = """
          - backfill:
              table: users
              set:
                display_name: { sql: "\(Self.rich)" }
              where: "\(Self.rich) <> '' AND email IS NOT NULL"
          - add_check:
              table: users
              name: users_display
              expression: "\(Self.rich) IS NOT NULL"
          - add_column:
              table: users
              column: { name: created_at, type: timestamptz, default: { sql: "now() AT TIME ZONE 'utc'" } }
          - sql:
              forward: |
                CREATE VIEW user_labels AS
                  SELECT id, \(Self.rich) AS label FROM users;
              rollback: DROP VIEW user_labels
        """
        #expect(Self.sqlErrors(Self.spec(dialects: "[postgresql]", changes: changes)).isEmpty)
    }

    @Test func aSharedTextIsParsedForPostgreSQLAndAMySQLOnlySpecIsNot() {
        let changes = """
          - backfill:
              table: users
              set:
                display_name: { sql: "CONCAT(`name`, '!')" }
        """
        #expect(Self.sqlErrors(Self.spec(dialects: "[mysql]", changes: changes)).isEmpty)
        let both = Self.sqlErrors(Self.spec(dialects: "[postgresql, mysql]", changes: changes))
        #expect(both.count == 1)
        // PostgreSQL reads ` as an operator character, so it stops at the ',' after `name`:
        // line 13, the text starting at column 31, the ',' 13 characters into it.
        #expect(both.first.map { "\($0.location.line):\($0.location.column)" } == "13:44")
    }

    @Test func aPositionAfterMultiByteCharactersCountsCharacters() {
        let changes = """
          - add_check:
              table: users
              name: users_name
              expression: "name <> 'äöü…' AND AND"
        """
        let errors = Self.sqlErrors(Self.spec(dialects: "[postgresql]", changes: changes))
        // The text starts at column 20; the second AND is 19 characters (23 bytes) into it.
        #expect(errors.map { "\($0.location.line):\($0.location.column)" } == ["13:39"])
    }
}
