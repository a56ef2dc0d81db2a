import PlanDiagnostics
import PlanYAML
import Testing

/// A byte of a scalar's value goes back to the place in the file it was written, through
/// quoting, escapes, indentation and folding.
struct ScalarSourceTests {
    /// Each document has one key `k` whose value holds the token `XX` exactly once; the token's
    /// place in the value must map to its place in the file (the file holds `XX` once too).
    @Test(arguments: [
        "k: a AND XX\n",
        "k: a\n  and\n\n  b XX c\n",
        "k: 'it''s ''x'' XX'\n",
        "k: 'one\n  two XX'\n",
        "k: \"a \\\"q\\\" \\x41 \\u00e9 XX\"\n",
        "k: \"a\n   b\\\n   c XX\"\n",
        "k: \"é \\t ü XX\"\n",
        "k: |\n  SELECT 1\n    FROM t XX\n",
        "k: >-  # comment\n  CREATE VIEW v AS\n    SELECT 1\n  FROM t XX;\n",
        "k: >\n  one\n  two\n\n  three XX\n",
        "\u{FEFF}k: \"ä\\\"ö XX\"\n",
    ])
    func tokenMapsToItsPlaceInTheFile(_ yaml: String) throws {
        let bytes = Array(yaml.utf8)
        let root = try #require(try YAMLParser().parse(bytes, file: "t.yaml"))
        let node = try #require(root.mapping?.first?.value)
        let scalar = try #require(node.scalar)
        let value = Array(scalar.text.utf8)
        let inValue = try #require(Self.find(Array("XX".utf8), in: value), "value \(scalar.text)")
        let inFile = try #require(Self.find(Array("XX".utf8), in: bytes))
        let at = ScalarSource.location(ofValueByte: inValue, value: scalar.text, style: scalar.style,
                                       start: node.location, in: bytes)
        #expect(at.offset == inFile, "\(yaml.debugDescription): value \(scalar.text.debugDescription)")
        let before = bytes[..<inFile]
        let lineStart = (before.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
        let characters = String(decoding: bytes[lineStart..<inFile], as: UTF8.self).unicodeScalars.count
        #expect(at.line == before.filter { $0 == 0x0A }.count + 1)
        // libyaml does not count a byte order mark as a column.
        let bom = lineStart == 0 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 1 : 0
        #expect(at.column == characters + 1 - bom)
    }

    @Test func offsetPastTheValueStopsAtItsEnd() throws {
        let yaml = "k: \"abc\"  # note\n"
        let bytes = Array(yaml.utf8)
        let node = try #require(try YAMLParser().parse(bytes, file: "t.yaml")?.mapping?.first?.value)
        let at = ScalarSource.location(ofValueByte: 99, value: "abc", style: .doubleQuoted, start: node.location, in: bytes)
        #expect(at.column == 8)
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }
}
