import PlanDiagnostics
import PlanYAML
import Testing

/// Plain scalars resolve by the YAML 1.2 core schema; quoted ones are always strings.
struct CoreSchemaTests {
    @Test(arguments: ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On"])
    func yaml11BooleansAreStrings(_ text: String) {
        #expect(ScalarValue.resolve(plain: text) == .string(text))
    }

    @Test(arguments: [("true", true), ("True", true), ("TRUE", true), ("false", false), ("False", false), ("FALSE", false)])
    func onlyTrueAndFalseAreBooleans(_ text: String, _ value: Bool) {
        #expect(ScalarValue.resolve(plain: text) == .bool(value))
    }

    @Test(arguments: ["tRUE", "truE", "fAlse"])
    func mixedCaseBooleansAreStrings(_ text: String) {
        #expect(ScalarValue.resolve(plain: text) == .string(text))
    }

    @Test(arguments: ["", "~", "null", "Null", "NULL"])
    func nullForms(_ text: String) {
        #expect(ScalarValue.resolve(plain: text) == .null)
    }

    @Test(arguments: ["nULL", "nil", "None"])
    func otherNullSpellingsAreStrings(_ text: String) {
        #expect(ScalarValue.resolve(plain: text) == .string(text))
    }

    @Test(arguments: [
        ("0", 0), ("42", 42), ("-17", -17), ("+8", 8), ("007", 7),
        ("0x1F", 31), ("0xff", 255), ("0o17", 15), ("0o0", 0),
        ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min),
    ] as [(String, Int64)])
    func integers(_ text: String, _ value: Int64) {
        #expect(ScalarValue.resolve(plain: text) == .int(value))
    }

    /// YAML 1.1 octal (`017`), binary and sexagesimal forms, and signed hex, are not core-schema integers.
    @Test(arguments: [("017", ScalarValue.int(17)), ("0b101", .string("0b101")), ("1:30", .string("1:30")),
                      ("0x+1F", .string("0x+1F")), ("0x-1", .string("0x-1")), ("0o8", .string("0o8")),
                      ("0x", .string("0x")), ("1_000", .string("1_000"))])
    func integerLookalikes(_ text: String, _ value: ScalarValue) {
        #expect(ScalarValue.resolve(plain: text) == value)
    }

    @Test func integersPastInt64AreNumbersKeptAsWritten() {
        #expect(ScalarValue.resolve(plain: "9223372036854775808") == .float("9223372036854775808"))
        #expect(ScalarValue.resolve(plain: "0x1FFFFFFFFFFFFFFFF") == .float("0x1FFFFFFFFFFFFFFFF"))
    }

    @Test(arguments: ["1.5", "-0.25", "+2.", ".5", "1e3", "6.02E+23", "1.5e-3", ".inf", "-.Inf", "+.INF", ".nan", ".NaN"])
    func floats(_ text: String) {
        #expect(ScalarValue.resolve(plain: text) == .float(text))
    }

    @Test(arguments: [".", "1.2.3", "1e", "e5", "-", "+", "1.5s", "5s", "100ms", "12abc", "..5", "inf", "NaN"])
    func numberLookalikesAreStrings(_ text: String) {
        #expect(ScalarValue.resolve(plain: text) == .string(text))
    }

    @Test(arguments: [Scalar.Style.singleQuoted, .doubleQuoted, .literal, .folded])
    func nonPlainScalarsAreStrings(_ style: Scalar.Style) {
        for text in ["true", "42", "null", "", "0x1F", "1.5"] {
            #expect(Scalar(text: text, style: style).value == .string(text))
        }
    }

    @Test func strTagAndNonSpecificTagMakeStrings() {
        #expect(Scalar(text: "42", style: .plain, tag: "tag:yaml.org,2002:str").value == .string("42"))
        #expect(Scalar(text: "true", style: .plain, tag: "!").value == .string("true"))
    }

    /// The same rules through the parser, with styles recorded.
    @Test func parsedScalarsKeepStyleAndResolve() throws {
        let text = """
        a: no
        b: 'true'
        c: "42"
        d: 0x10
        e: ~
        f:
        g: |
          text
        h: >
          folded
        """
        let root = try #require(try YAMLParser().parse(Array(text.utf8), file: "t.yaml"))
        let values = try #require(root.mapping).map { $0.value.scalar! }
        #expect(values.map(\.value) == [.string("no"), .string("true"), .string("42"), .int(16), .null, .null,
                                          .string("text\n"), .string("folded")])
        #expect(values.map(\.style) == [.plain, .singleQuoted, .doubleQuoted, .plain, .plain, .plain, .literal, .folded])
    }

    /// A YAML 1.1 directive does not bring back 1.1's booleans.
    @Test func yaml11DirectiveStillResolvesByTheCoreSchema() throws {
        let root = try #require(try YAMLParser().parse(Array("%YAML 1.1\n---\na: yes\n".utf8), file: "t.yaml"))
        #expect(root.mapping?.first?.value.scalar?.value == .string("yes"))
    }

    @Test func nodesKeepLineColumnAndByteOffset() throws {
        let text = "title: é\nlist:\n  - { k: v }\n"
        let root = try #require(try YAMLParser().parse(Array(text.utf8), file: "t.yaml"))
        let pairs = try #require(root.mapping)
        #expect(root.location.file == "t.yaml")
        #expect(pairs[0].value.location == SourceLocation(file: "t.yaml", line: 1, column: 8, offset: 7))
        let item = try #require(pairs[1].value.sequence?.first)
        #expect(item.location == SourceLocation(file: "t.yaml", line: 3, column: 5, offset: 20))
        let key = try #require(item.mapping?.first?.key)
        #expect(key.location == SourceLocation(file: "t.yaml", line: 3, column: 7, offset: 22))
    }

    @Test func kindDescriptions() {
        #expect(YAMLNode(.sequence([]), at: SourceLocation(file: "t", line: 1, column: 1, offset: 0)).kindDescription == "a list")
        #expect(Scalar(text: "5", style: .plain).value.kindDescription == "an integer")
        #expect(Scalar(text: "yes", style: .plain).value.kindDescription == "a string")
    }
}
