import PlanDiagnostics
import PlanYAML
import Testing

/// What a hostile or broken file gets: each problem its own code, at the right place, fast.
struct YAMLLimitsTests {
    private func failure(_ text: String, limits: YAMLLimits = .default) -> Diagnostic? {
        failure(Array(text.utf8), limits: limits)
    }

    private func failure(_ bytes: [UInt8], limits: YAMLLimits = .default) -> Diagnostic? {
        do {
            _ = try YAMLParser(limits: limits).parse(bytes, file: "t.yaml")
            return nil
        } catch {
            return error.diagnostic
        }
    }

    /// Ten anchors, each a list of ten aliases to the one before: 10^10 nodes if expanded.
    /// The budget stops it after a few thousand, so it fails at once in small memory.
    @Test func aliasBombFailsOnTheBudget() throws {
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in 1..<10 {
            lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let d = try #require(failure(lines.joined(separator: "\n") + "\n"))
        #expect(d.code == .aliasBudget)
        // a1 and a2 add 10*11 + 10*111 = 1220 nodes; on line 4 (a3, 1111 nodes per alias) the
        // eighth alias passes 10,000. After "a3: &a3 [" the aliases start every 5 columns from 10.
        #expect(d.location.line == 4)
        #expect(d.location.column == 10 + 7 * 5)
    }

    @Test func aliasesWithinTheBudgetExpand() throws {
        let root = try #require(try YAMLParser().parse(Array("base: &b { x: 1 }\ncopy: *b\n".utf8), file: "t.yaml"))
        let pairs = try #require(root.mapping)
        #expect(pairs[1].value.mapping?.first?.key.scalar?.text == "x")
    }

    @Test func hundredLevelsOfBlockNestingFail() throws {
        var text = ""
        for level in 0..<100 { text += String(repeating: "  ", count: level) + "k\(level):\n" }
        text += String(repeating: "  ", count: 100) + "leaf: 1\n"
        let d = try #require(failure(text))
        #expect(d.code == .nestingTooDeep)
        // The 65th mapping starts at its first key: k64, on line 65, indented 128 spaces.
        #expect(d.location.line == 65)
        #expect(d.location.column == 129)
    }

    @Test func hundredLevelsOfFlowNestingFail() throws {
        let text = String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "\n"
        let d = try #require(failure(text))
        #expect(d.code == .nestingTooDeep)
        #expect(d.location.line == 1)
        #expect(d.location.column == 65)
    }

    /// An alias copies its anchor's levels: placed deep enough, the copy passes the limit.
    @Test func aliasesCannotNestPastTheLimit() throws {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let within = "a: &d \(deep)\nb: " + String(repeating: "[", count: 22) + "*d" + String(repeating: "]", count: 22) + "\n"
        #expect(failure(within) == nil)
        let past = "a: &d \(deep)\nb: " + String(repeating: "[", count: 24) + "*d" + String(repeating: "]", count: 24) + "\n"
        let d = try #require(failure(past))
        #expect(d.code == .nestingTooDeep)
        #expect(d.location.line == 2)
        #expect(d.location.column == 4 + 24)
    }

    /// Long lists and mappings are built in linear time (no copy of a collection per item).
    @Test func longCollectionsStayLinear() throws {
        let list = "a: [" + Array(repeating: "1", count: 200_000).joined(separator: ",") + "]\n"
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            let root = try #require(try YAMLParser().parse(Array(list.utf8), file: "t.yaml"))
            #expect(root.mapping?.first?.value.sequence?.count == 200_000)
        }
        #expect(elapsed < .seconds(10))
    }

    @Test func sixtyFourLevelsAreAllowed() throws {
        let text = String(repeating: "[", count: 64) + String(repeating: "]", count: 64) + "\n"
        #expect(failure(text) == nil)
    }

    @Test func fileOverOneMebibyteFails() throws {
        let line = Array("# padding to the limit on spec files\n".utf8)
        var bytes: [UInt8] = []
        while bytes.count <= 1 << 20 { bytes += line }
        let d = try #require(failure(bytes))
        #expect(d.code == .fileTooLarge)
        #expect(d.message.contains("\(bytes.count) bytes"))
        #expect(failure(Array(bytes.prefix(1 << 20))) == nil)
    }

    @Test func invalidUTF8IsLocatedInCharacters() throws {
        // Line 2: "name: " then "été" (3 characters, 5 bytes), then a lone Latin-1 byte.
        let bytes = Array("a: 1\nname: été".utf8) + [0xE9] + Array("\n".utf8)
        let d = try #require(failure(bytes))
        #expect(d.code == .invalidUTF8)
        #expect(d.location.line == 2)
        #expect(d.location.column == 10)
        #expect(d.location.offset == 16)
        #expect(d.message.contains("0xE9"))
    }

    @Test(arguments: [
        [0xC0, 0xAF] as [UInt8],          // overlong '/'
        [0xED, 0xA0, 0x80],               // UTF-16 surrogate
        [0xF4, 0x90, 0x80, 0x80],         // past U+10FFFF
        [0xE2, 0x82],                     // truncated sequence
        [0x80],                           // lone continuation byte
    ])
    func malformedSequencesAreInvalidUTF8(_ sequence: [UInt8]) throws {
        let d = try #require(failure(Array("key: x".utf8) + sequence + Array("\n".utf8)))
        #expect(d.code == .invalidUTF8)
        #expect(d.location.line == 1)
        #expect(d.location.column == 7)
    }

    /// Columns on the first line are counted after the mark, as an editor shows them.
    @Test func byteOrderMarkIsSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: 1\nb: [\n".utf8)
        let d = try #require(failure(bytes))
        #expect(d.code == .yamlSyntax)
        let root = try #require(try YAMLParser().parse([0xEF, 0xBB, 0xBF] + Array("a: x\n".utf8), file: "t"))
        let value = try #require(root.mapping?.first?.value)
        #expect(value.scalar?.value == .string("x"))
        #expect(value.location == SourceLocation(file: "t", line: 1, column: 4, offset: 6))
        let bad = try #require(failure([0xEF, 0xBB, 0xBF] + Array("a: ".utf8) + [0xFF]))
        #expect(bad.code == .invalidUTF8)
        #expect(bad.location == SourceLocation(file: "t.yaml", line: 1, column: 4, offset: 6))
    }

    @Test func twoDocumentsFail() throws {
        let d = try #require(failure("a: 1\n---\nb: 2\n"))
        #expect(d.code == .multipleDocuments)
        #expect(d.location.line == 2)
        #expect(d.location.column == 1)
    }

    @Test func oneExplicitDocumentIsFine() throws {
        #expect(failure("---\na: 1\n...\n") == nil)
    }

    @Test func duplicateKeyNotesTheFirst() throws {
        let d = try #require(failure("id: a\ntitle: t\n  # comment\nid: b\n"))
        #expect(d.code == .duplicateKey)
        #expect(d.message == "duplicate key 'id'")
        #expect(d.location.line == 4)
        #expect(d.location.column == 1)
        #expect(d.notes.count == 1)
        #expect(d.notes.first?.location?.line == 1)
        #expect(d.notes.first?.location?.column == 1)
        #expect(d.notes.first?.message == "first defined here")
    }

    @Test func duplicateKeysInNestedFlowMappings() throws {
        let d = try #require(failure("outer:\n  - { a: 1, b: 2, a: 3 }\n"))
        #expect(d.code == .duplicateKey)
        #expect(d.location.line == 2)
        #expect(d.location.column == 19)
        #expect(d.notes.first?.location?.column == 7)
    }

    @Test func sameKeyInSiblingMappingsIsFine() throws {
        #expect(failure("- { a: 1 }\n- { a: 2 }\n") == nil)
    }

    @Test(arguments: ["!!int 5", "!!binary aGk=", "!!float 1", "!custom x", "!!set { a }"])
    func tagsOutsideTheCoreCollectionsAndStringFail(_ value: String) throws {
        let d = try #require(failure("key: \(value)\n"))
        #expect(d.code == .unsupportedTag)
        #expect(d.location.column == 6)
    }

    @Test func shortTagNamesAreShown() throws {
        let d = try #require(failure("key: !!int 5\n"))
        #expect(d.message == "unsupported tag '!!int'; only !!str, !!map and !!seq are accepted")
    }

    @Test func coreTagsAreAccepted() throws {
        let root = try #require(try YAMLParser().parse(Array("a: !!str 5\nb: !!seq [1]\nc: !!map { d: 1 }\n".utf8), file: "t"))
        #expect(root.mapping?[0].value.scalar?.value == .string("5"))
    }

    @Test func syntaxErrorsCarryLibyamlsMessageAndMark() throws {
        let d = try #require(failure("a: [1, 2\nb: 3\n"))
        #expect(d.code == .yamlSyntax)
        #expect(d.message.contains("did not find expected ',' or ']'"))
        #expect(d.notes.first?.message == "while parsing a flow sequence")
        #expect(d.notes.first?.location?.line == 1)
        #expect(d.notes.first?.location?.column == 4)
    }

    /// libyaml marks the end of a file without a final newline on the line after it; the
    /// diagnostic points at the end of the last line instead, which can be quoted.
    @Test func endOfFileErrorsPointAtTheLastLine() throws {
        let d = try #require(failure("a: 1\nb: [1, 2"))
        #expect(d.code == .yamlSyntax)
        #expect(d.location.line == 2)
        #expect(d.location.column == 9)
        #expect(d.location.offset == 13)
    }

    @Test func undefinedAliasIsASyntaxError() throws {
        let d = try #require(failure("a: *nowhere\n"))
        #expect(d.code == .yamlSyntax)
        #expect(d.location.column == 4)
    }

    @Test func emptyStreamHasNoRoot() throws {
        #expect(try YAMLParser().parse([], file: "t") == nil)
        #expect(try YAMLParser().parse(Array("# only a comment\n".utf8), file: "t") == nil)
    }

    @Test func limitsCanBeTightened() throws {
        var limits = YAMLLimits()
        limits.maxDepth = 2
        #expect(failure("a: { b: { c: 1 } }\n", limits: limits)?.code == .nestingTooDeep)
        limits = YAMLLimits()
        limits.maxBytes = 4
        #expect(failure("a: 12\n", limits: limits)?.code == .fileTooLarge)
    }
}
