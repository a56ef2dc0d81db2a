import PlanSupport

/// Renders diagnostics the way compilers do: `file:line:col: error[E0103]: message`,
/// then the source line and a caret under the column. What the spec's text puts in a message
/// or a quoted line is escaped where a terminal would act on it (`Escaping.forTerminal`).
public struct TextRenderer {
    public var colored: Bool
    /// The text of each file, to quote its lines.
    public var sources: [String: String] {
        didSet { lines = Self.lines(of: sources) }
    }
    /// Each file's lines, split once: a file with thousands of diagnostics stays linear.
    private var lines: [String: [String]]

    public init(colored: Bool, sources: [String: String]) {
        self.colored = colored
        self.sources = sources
        lines = Self.lines(of: sources)
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        let d = diagnostic
        let safe = Escaping.forTerminal
        var out = paint(safe(d.location.description) + ":", "1")
        out += " " + paint("\(d.severity.rawValue)[\(d.code.rawValue)]:", d.severity == .error ? "1;31" : "1;33")
        out += " " + paint(safe(d.message), "1") + "\n"
        out += excerpt(at: d.location)
        for note in d.notes {
            if let at = note.location {
                out += paint(safe(at.description) + ":", "1") + " " + paint("note:", "1;36") + " \(safe(note.message))\n"
            } else {
                out += "  = " + paint("note:", "1;36") + " \(safe(note.message))\n"
            }
        }
        if let fix = d.fix { out += "  = " + paint("help:", "1;32") + " \(safe(fix))\n" }
        return out
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    /// The quoted source line with a caret, or nothing when the line is not known (or the file
    /// has no text to quote: empty, UTF-16, binary).
    private func excerpt(at location: SourceLocation) -> String {
        guard sources[location.file]?.isEmpty == false, let fileLines = lines[location.file],
              (1...fileLines.count).contains(location.line) else { return "" }
        let (visible, caretColumn) = Self.shown(fileLines[location.line - 1], column: location.column)
        let gutter = String(location.line)
        let pad = String(repeating: " ", count: gutter.count)
        var out = "\(pad) |\n"
        out += "\(gutter) | \(visible)\n"
        out += "\(pad) | " + String(repeating: " ", count: caretColumn) + paint("^", "1;32") + "\n"
        return out
    }

    /// How wide a quoted line may be: a longer one (a minified line, a binary file's bytes
    /// escaped) is cut to this much around the caret, `…` marking what is left out.
    static let maxShownWidth = 120

    /// A source line as the excerpt shows it, and how far the caret under `column` (1-based,
    /// in Unicode scalars like every column) stands from its start: a tab is one space,
    /// what a terminal would act on is escaped (and takes the escape's width), a combining
    /// mark takes none. A line wider than `maxShownWidth` is cut around the caret.
    static func shown(_ line: String, column: Int) -> (text: String, caret: Int) {
        var pieces: [(text: String, width: Int)] = []
        for scalar in line.unicodeScalars {
            let piece = scalar == "\t" ? " " : Escaping.terminalEscape(scalar) ?? String(scalar)
            let category = scalar.properties.generalCategory
            pieces.append((piece, category == .nonspacingMark || category == .enclosingMark ? 0 : piece.unicodeScalars.count))
        }
        let at = max(0, min(column - 1, pieces.count))
        var start = 0, end = pieces.count
        if pieces.reduce(0, { $0 + $1.width }) > maxShownWidth {
            // A third of the width before the caret, the rest after it.
            var width = 0
            start = at
            while start > 0, width + pieces[start - 1].width <= maxShownWidth / 3 { start -= 1; width += pieces[start].width }
            end = at
            while end < pieces.count, width + pieces[end].width <= maxShownWidth { width += pieces[end].width; end += 1 }
        }
        let text = (start > 0 ? "…" : "") + pieces[start..<end].map(\.text).joined() + (end < pieces.count ? "…" : "")
        let caret = (start > 0 ? 1 : 0) + pieces[start..<at].reduce(0) { $0 + $1.width }
        return (text, caret)
    }

    /// Lines split at LF bytes, without a CR before it. (Splitting the String itself would
    /// not split CRLF files: "\r\n" is a single Character.)
    static func lines(of sources: [String: String]) -> [String: [String]] {
        sources.mapValues { text in
            text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { bytes in
                String(decoding: bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes, as: UTF8.self)
            }
        }
    }

    private func paint(_ text: String, _ sgr: String) -> String {
        colored ? "\u{1B}[\(sgr)m\(text)\u{1B}[0m" : text
    }
}
