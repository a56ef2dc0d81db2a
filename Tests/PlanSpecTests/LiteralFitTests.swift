@testable import PlanSpec
import Testing

/// Which literals fit which portable types (defaults and backfill values are checked against
/// the column's type when the spec knows it).
struct LiteralFitTests {
    @Test(arguments: [
        (Literal.integer(32_767), PortableType.smallint), (.integer(-2_147_483_648), .integer), (.integer(5), .decimal(precision: 3, scale: 2)),
        (.decimal("-123.45"), .decimal(precision: 5, scale: 2)), (.decimal("0.5"), .real), (.bool(true), .boolean),
        (.string("ab"), .char(2)), (.string("e\u{301}"), .varchar(2)), (.string("{}"), .json), (.null, .integer),
        (.string("123e4567-e89b-12d3-a456-426614174000"), .uuid),
        (.string("2024-02-29"), .date), (.string("23:59:59"), .time), (.string("07:30"), .time), (.string("12:00:00.123456"), .time),
        (.string("2026-11-24 09:30:00"), .timestamp), (.string("2026-11-24T09:30:00.5"), .timestamp), (.string("2026-11-24"), .timestamp),
        (.string("2026-11-24T09:30:00Z"), .timestamptz), (.string("2026-11-24 09:30:00+05:30"), .timestamptz),
        (.string("2026-11-24 09:30:00-08"), .timestamptz),
    ])
    func fits(_ literal: Literal, _ type: PortableType) {
        #expect(LiteralFit.problem(literal, type) == nil)
    }

    @Test(arguments: [
        (Literal.integer(32_768), PortableType.smallint), (.integer(1_000), .decimal(precision: 5, scale: 3)),
        (.decimal("1.234"), .decimal(precision: 5, scale: 2)), (.decimal("1e3"), .decimal(precision: 5, scale: 0)),
        (.decimal("1.5"), .integer), (.string("5"), .integer), (.integer(1), .boolean), (.string("true"), .boolean),
        (.string("abc"), .char(2)), (.string("e\u{301}e"), .varchar(2)), (.string("not-a-uuid"), .uuid),
        (.string("2026-02-29"), .date), (.string("2026-04-31"), .date), (.string("2026-1-01"), .date), (.string("２０２６-01-01"), .date),
        (.string("24:00"), .time), (.string("12:60"), .time), (.string("ab:cd"), .time), (.string("12:00:00.1234567"), .time),
        (.string("2026-11-24 25:00:00"), .timestamp), (.string("2026-11-24garbage"), .timestamp),
        (.string("2026-11-24 09:30:00Z"), .timestamp), (.string("2026-11-24T"), .timestamptz),
        (.string("2026-11-24 09:30:00+5"), .timestamptz),
    ])
    func doesNotFit(_ literal: Literal, _ type: PortableType) {
        #expect(LiteralFit.problem(literal, type) != nil)
    }

    @Test func messagesSayWhatIsWrong() {
        #expect(LiteralFit.problem(.integer(40_000), .smallint) == "40000 is out of range")
        #expect(LiteralFit.problem(.string("yes"), .boolean) == "string 'yes' is the wrong kind of value")
        #expect(LiteralFit.problem(.decimal("0.125"), .decimal(precision: 5, scale: 2)) == "0.125 has more than 2 decimal places")
    }
}
