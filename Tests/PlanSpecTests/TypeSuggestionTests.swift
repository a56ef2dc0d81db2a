import PlanDiagnostics
@testable import PlanSpec
import Testing

/// "Did you mean" for types suggests only forms the spec would accept, with the arguments kept.
struct TypeSuggestionTests {
    private static let here = SourceLocation(file: "t.yaml", line: 1, column: 1, offset: 0)

    private func diagnose(_ text: String, dialects: [Dialect] = [.postgresql, .mysql]) -> Diagnostic? {
        let sink = DiagnosticSink()
        sink.dialects = dialects
        #expect(sink.portableType(text, at: Self.here) == nil, "\(text) was accepted")
        return sink.diagnostics.first
    }

    private func accepted(_ text: String, dialects: [Dialect]) -> Bool {
        let sink = DiagnosticSink()
        sink.dialects = dialects
        return sink.portableType(text, at: Self.here) != nil
    }

    @Test(arguments: [
        ("VARCHAR(10)", "varchar(10)"), ("nvarchar(20)", "varchar(20)"), ("varchr(20)", "varchar(20)"),
        ("nvarchar(100000)", "text"), ("character varying(100000)", "text"), ("nchar(10)", "char(10)"),
        ("bigint unsigned", "decimal(20)"), ("int unsigned", "bigint"), ("smallint unsigned", "integer"),
        ("tinyint unsigned", "smallint"), ("numeric(12, 2)", "decimal(12,2)"),
    ])
    func suggestsOnlyValidForms(_ typed: String, _ expected: String) throws {
        let diagnostic = try #require(diagnose(typed))
        let suggested = try #require(diagnostic.message.firstMatch(of: /did you mean '([^']+)'/)?.1)
        #expect(String(suggested) == expected, "\(diagnostic.message)")
        #expect(accepted(String(suggested), dialects: [.postgresql, .mysql]), "\(suggested) is not accepted")
    }

    /// `VARCHAR(100000)` is not answered with a varchar over the limit, but with the limit itself.
    @Test func uppercaseOverTheLimitSaysTheLimit() throws {
        let mysql = try #require(diagnose("VARCHAR(100000)"))
        #expect(!mysql.message.contains("did you mean 'varchar(100000)'"))
        #expect(mysql.message.contains("at most 16383 characters"), "\(mysql.message)")
        #expect(mysql.fix?.hasPrefix("use text") == true)
        // PostgreSQL alone takes varchar(100000): then the lowercase spelling is the answer.
        let postgres = try #require(diagnose("VARCHAR(100000)", dialects: [.postgresql]))
        #expect(postgres.message.contains("did you mean 'varchar(100000)'"), "\(postgres.message)")
    }

    @Test func precisionAndUnsignedGetHelp() throws {
        let precise = try #require(diagnose("timestamp(3)"))
        #expect(precise.message == "type 'timestamp' takes no precision: portable timestamp keeps microseconds (timestamp on PostgreSQL, datetime(6) on MySQL and MariaDB)")
        #expect(precise.fix == "write type: timestamp, or give the precision per dialect: { postgresql: timestamp(3), mysql: datetime(3), mongodb: date }")
        let unsigned = try #require(diagnose("bigint unsigned"))
        #expect(unsigned.fix?.contains("{ postgresql: numeric(20), mysql: bigint unsigned, mongodb: decimal }") == true, "\(unsigned.fix ?? "")")
        #expect(try #require(diagnose("integer(11)")).fix?.hasPrefix("write type: integer") == true)
    }
}
