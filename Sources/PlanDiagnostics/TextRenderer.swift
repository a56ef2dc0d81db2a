/// Renders diagnostics the way compilers do: `file:line:col: error[E0103]: message`,
/// then the source line and a caret under the column.
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
        var out = paint(d.location.description + ":", "1")
        out += " " + paint("\(d.severity.rawValue)[\(d.code.rawValue)]:", d.severity == .error ? "1;31" : "1;33")
        out += " " + paint(d.message, "1") + "\n"
        out += excerpt(at: d.location)
        for note in d.notes {
            if let at = note.location {
                out += paint("\(at):", "1") + " " + paint("note:", "1;36") + " \(note.message)\n"
            } else {
                out += "  = " + paint("note:", "1;36") + " \(note.message)\n"
            }
        }
        if let fix = d.fix { out += "  = " + paint("help:", "1;32") + " \(fix)\n" }
        return out
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    /// The quoted source line with a caret, or nothing when the line is not known.
    private func excerpt(at location: SourceLocation) -> String {
        guard let fileLines = lines[location.file], (1...fileLines.count).contains(location.line) else { return "" }
        let line = fileLines[location.line - 1]
        let gutter = String(location.line)
        let pad = String(repeating: " ", count: gutter.count)
        let visible = line.map { $0 == "\t" ? " " : $0 }
        let caretColumn = min(max(location.column - 1, 0), visible.count)
        var out = "\(pad) |\n"
        out += "\(gutter) | \(String(visible))\n"
        out += "\(pad) | " + String(repeating: " ", count: caretColumn) + paint("^", "1;32") + "\n"
        return out
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
