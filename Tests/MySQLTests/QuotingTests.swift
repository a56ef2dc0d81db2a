@testable import BackendMySQL
import Testing

/// Names and literals are quoted, never pasted in raw.
struct QuotingTests {
    @Test func identifiersDoubleBackquotes() {
        #expect(MySQL.ident("order") == "`order`")
        #expect(MySQL.ident("a`b") == "`a``b`")
    }

    @Test func literalsDoubleQuotesAndBackslashes() {
        #expect(MySQL.literal("it's") == "'it''s'")
        #expect(MySQL.literal(#"a\'b"#) == #"'a\\''b'"#)
        #expect(MySQL.literal("'); DROP TABLE users; --") == "'''); DROP TABLE users; --'")
    }

    /// A quote followed by a combining mark is one Swift Character but still a quote to MySQL.
    @Test func quotesBeforeCombiningMarksAreStillEscaped() {
        #expect(MySQL.ident("a`\u{301}b") == "`a``\u{301}b`")
        #expect(MySQL.literal("x'\u{301}\\\u{301}") == "'x''\u{301}\\\\\u{301}'")
    }

    @Test func derivedNamesFitSixtyFourBytes() {
        let short = String(repeating: "a", count: 64)
        #expect(MySQL.fit(short) == short)
        let long = "_plancc_sync_" + String(repeating: "é", count: 40) + "_ins"
        let fitted = MySQL.fit(long)
        #expect(fitted.utf8.count <= 64)
        #expect(fitted.hasPrefix("_plancc_sync_é"))
        #expect(fitted != MySQL.fit(long.replacingOccurrences(of: "_ins", with: "_upd")), "cut names must stay distinct")
    }
}
