import PlanDiagnostics
import Testing

/// The compiler-style text: header line, quoted source line, caret, notes and help.
struct TextRendererTests {
    private func at(_ line: Int, _ column: Int, _ file: String = "s.yaml") -> PlanDiagnostics.SourceLocation {
        PlanDiagnostics.SourceLocation(file: file, line: line, column: column, offset: 0)
    }

    @Test func quotesTheLineWithACaret() {
        let d = Diagnostic(.unknownOperation, "unknown operation 'add_colum'; did you mean 'add_column'?", at: at(2, 5),
                           notes: [.init("first defined here", at: at(1, 1)), .init("a note without a place")],
                           fix: "use 'add_column'")
        let text = TextRenderer(colored: false, sources: ["s.yaml": "changes:\n  - add_colum:\n"]).render(d)
        #expect(text == """
        s.yaml:2:5: error[E0103]: unknown operation 'add_colum'; did you mean 'add_column'?
          |
        2 |   - add_colum:
          |     ^
        s.yaml:1:1: note: first defined here
          = note: a note without a place
          = help: use 'add_column'

        """)
    }

    @Test func crlfFilesAreSplitIntoLines() {
        let d = Diagnostic(.unknownKey, "unknown key", at: at(2, 3))
        let text = TextRenderer(colored: false, sources: ["s.yaml": "a: 1\r\nbb: 2\r\n"]).render(d)
        #expect(text.contains("2 | bb: 2\n  |   ^\n"))
    }

    @Test func tabsShowAsOneSpaceSoTheCaretLinesUp() {
        let d = Diagnostic(.yamlSyntax, "tab", at: at(1, 2))
        let text = TextRenderer(colored: false, sources: ["s.yaml": "\tx: 1\n"]).render(d)
        #expect(text.contains("1 |  x: 1\n  |  ^\n"))
    }

    @Test func unknownFilesAndLinesQuoteNothing() {
        let renderer = TextRenderer(colored: false, sources: ["s.yaml": "a: 1\n"])
        #expect(renderer.render(Diagnostic(.emptyDocument, "m", at: at(9, 1))) == "s.yaml:9:1: error[E0009]: m\n")
        #expect(renderer.render(Diagnostic(.emptyDocument, "m", at: at(1, 1, "other.yaml"))) == "other.yaml:1:1: error[E0009]: m\n")
    }

    @Test func colourIsOptIn() {
        let d = Diagnostic(.portability, "w", at: at(1, 1))
        #expect(!TextRenderer(colored: false, sources: [:]).render(d).contains("\u{1B}["))
        let coloured = TextRenderer(colored: true, sources: [:]).render(d)
        #expect(coloured.contains("\u{1B}[1;33mwarning[W0101]:\u{1B}[0m"))
    }

    @Test func sourcesCanBeReplaced() {
        var renderer = TextRenderer(colored: false, sources: [:])
        renderer.sources = ["s.yaml": "first\n"]
        #expect(renderer.render(Diagnostic(.yamlSyntax, "m", at: at(1, 1))).contains("1 | first"))
    }

    @Test func manyDiagnosticsInOneLargeFileRenderQuickly() {
        let text = (0..<50_000).map { "k\($0): 1" }.joined(separator: "\n")
        let diagnostics = (1...50_000).map { Diagnostic(.unknownKey, "unknown key", at: at($0, 1)) }
        let rendered = TextRenderer(colored: false, sources: ["s.yaml": text]).render(diagnostics)
        #expect(rendered.contains("50000 | k49999: 1"))
    }
}
