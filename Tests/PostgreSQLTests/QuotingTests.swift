@testable import BackendPostgreSQL
import PlanSpec
import Testing

/// The spelling helpers every name and literal goes through.
@Suite
struct PostgreSQLQuotingTests {
    @Test func identifiersDoubleTheirQuotes() {
        #expect(SQL.ident("order") == #""order""#)
        #expect(SQL.ident(#"we"ird"#) == #""we""ird""#)
        #expect(SQL.ident("it's") == #""it's""#)
    }

    @Test func literalsDoubleSingleQuotesAndKeepBackslashes() {
        #expect(SQL.literal("'); DROP TABLE users; --") == "'''); DROP TABLE users; --'")
        #expect(SQL.literal(#"a\'b"#) == #"'a\''b'"#)
        #expect(SQL.literal(.string("x")) == "'x'")
        #expect(SQL.literal(.null) == "NULL")
        #expect(SQL.literal(.decimal("12.50")) == "12.50")
        #expect(SQL.literal(.decimal("1; DROP")) == "'1; DROP'")
    }

    @Test func dollarQuotesPickATagTheBodyLacks() {
        #expect(SQL.dollarQuoted("SELECT 1;\n") == "$plancc$\nSELECT 1;\n$plancc$")
        #expect(SQL.dollarQuoted("x $plancc$ y\n") == "$plancc_1$\nx $plancc$ y\n$plancc_1$")
        #expect(SQL.dollarQuoted("$plancc$ $plancc_1$\n").hasPrefix("$plancc_2$"))
    }

    /// A quote followed by a combining mark is one Swift Character but still a quote to
    /// PostgreSQL's lexer: it must be doubled all the same, and must not hide a dollar tag.
    @Test func quotesBeforeCombiningMarksAreStillDoubled() {
        #expect(SQL.ident("a\"\u{301}b") == "\"a\"\"\u{301}b\"")
        #expect(SQL.literal("x'\u{301}; DROP TABLE users; --") == "'x''\u{301}; DROP TABLE users; --'")
        #expect(SQL.dollarQuoted("x $plancc$\u{301} y\n").hasPrefix("$plancc_1$"))
    }

    @Test func durationsInUnitsPostgreSQLReads() {
        #expect(SQL.duration(Milliseconds(0)) == "0")
        #expect(SQL.duration(Milliseconds(5_000)) == "'5s'")
        #expect(SQL.duration(Milliseconds(120_000)) == "'120s'")
        #expect(SQL.duration(Milliseconds(250)) == "'250ms'")
    }
}
