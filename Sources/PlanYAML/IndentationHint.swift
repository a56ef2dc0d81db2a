/// What libyaml's indentation errors ("did not find expected key", "mapping values are not
/// allowed in this context", ...) mean in a spec, told from the line libyaml stopped at and
/// the content line above it: a body not indented under its key, or lines of one mapping
/// (or list) that do not line up.
struct IndentationHint {
    var message: String
    /// 0-based, where the line's content starts.
    var line: Int, column: Int
    var fix: String

    static let problems: Set<String> = [
        "did not find expected key", "did not find expected '-' indicator", "mapping values are not allowed in this context",
    ]

    /// The shape of one line: its indentation, where its key (or item) starts after any `- `,
    /// and the key when the line ends with `key:` (or `key: >`, `key: |`), opening a body below it.
    struct Shape {
        var indent: Int
        var content: Int
        var isItem: Bool
        var opensBody: String?

        init(_ line: ArraySlice<UInt8>) {
            let bytes = Array(line)
            indent = bytes.prefix { $0 == 0x20 }.count
            var i = indent
            while i < bytes.count, bytes[i] == UInt8(ascii: "-"), i + 1 == bytes.count || bytes[i + 1] == 0x20 {
                i += 1
                while i < bytes.count, bytes[i] == 0x20 { i += 1 }
            }
            content = i
            isItem = i > indent
            opensBody = Self.bodyKey(bytes[i...])
        }

        /// `key` for a line that is `key:` (then only blanks or a comment).
        private static func bodyKey(_ rest: ArraySlice<UInt8>) -> String? {
            var bytes = Array(rest)
            if let comment = bytes.indices.first(where: { $0 > 0 && bytes[$0] == UInt8(ascii: "#") && bytes[$0 - 1] == 0x20 }) {
                bytes = Array(bytes[..<comment])
            }
            while let last = bytes.last, last == 0x20 || last == 0x0D { bytes.removeLast() }
            let text = String(decoding: bytes, as: UTF8.self)
            var key = text
            // `key: >` or `key: |` (with `-` or `+`): the body is text.
            while let last = key.last, "+-".contains(last) { key.removeLast() }
            if key.hasSuffix(": >") || key.hasSuffix(": |") { key.removeLast(2) } else { key = text }
            guard key.hasSuffix(":"), !key.dropLast().contains(": "), let first = key.first, !"{[#\"'&*!|>".contains(first)
            else { return nil }
            return String(key.dropLast())
        }
    }

    /// A hint for `problem` at `line` (0-based), or nil when indentation does not explain it.
    /// `context` is the line libyaml names as where what it was reading began.
    static func explain(_ problem: String, at line: Int, context: Int?, in lines: [ArraySlice<UInt8>]) -> IndentationHint? {
        if problem == "could not find expected ':'", let context { return notAKey(at: context, in: lines) }
        guard problems.contains(problem), line > 0, line < lines.count,
              let previous = previousContent(before: line, in: lines) else { return nil }
        let here = Shape(lines[line]), above = Shape(lines[previous])
        // `-name: id`: without a space after it the dash is part of a key, not a list item,
        // so the lines below it no longer line up with anything.
        for candidate in [line, previous] {
            let text = lines[candidate].drop { $0 == 0x20 }
            guard text.first == UInt8(ascii: "-"), let next = text.dropFirst().first, next != 0x20, next != UInt8(ascii: "-"),
                  let colon = text.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let key = String(decoding: text[text.startIndex..<colon], as: UTF8.self)
            let indent = lines[candidate].count - text.count
            return IndentationHint(
                message: "line \(candidate + 1) starts '\(key):', a key, not a list item: a list item needs a space after its '-'",
                line: candidate, column: indent, fix: "write '- \(key.dropFirst()):' (a space after the dash)")
        }
        if let body = opener(above: line, in: lines), here.indent <= body.column { return underIndented(line, here.indent, body) }
        // The line above is itself the first of a body left at its key's indentation (valid
        // so far, read as keys beside it), and this line, indented as the body should be,
        // does not fit: the body is what is not indented.
        if let body = opener(above: previous, in: lines), !above.isItem, above.indent <= body.column, here.indent > above.content {
            return underIndented(previous, above.indent, body)
        }
        // An item lines up with the item above it, a key with the key (after the `- `).
        let keyColumn = here.isItem && above.isItem ? above.indent : above.content
        guard here.indent != keyColumn else { return nil }
        let what = here.isItem ? "the items of one list" : "the keys of one mapping"
        let fix = here.indent > keyColumn
            ? "indent line \(line + 1) by \(keyColumn) spaces like line \(previous + 1) (indented more, it reads as the rest of line \(previous + 1))"
            : "indent line \(line + 1) by \(keyColumn) spaces like line \(previous + 1), or less to end that mapping"
        return IndentationHint(
            message: "line \(line + 1) is indented \(spaces(here.indent)) but line \(previous + 1) above it \(keyColumn): \(what) must line up",
            line: line, column: here.indent, fix: fix)
    }

    /// A line less indented than the text above it, which libyaml then reads as a key and
    /// finds no ':' after: most often a line of a multi-line text that lost its indentation.
    private static func notAKey(at line: Int, in lines: [ArraySlice<UInt8>]) -> IndentationHint? {
        guard line < lines.count, let previous = previousContent(before: line, in: lines) else { return nil }
        let here = Shape(lines[line]), above = Shape(lines[previous])
        if let body = opener(above: line, in: lines), here.indent <= body.column { return underIndented(line, here.indent, body) }
        guard above.indent > here.indent else { return nil }
        return IndentationHint(
            message: "line \(line + 1) is indented \(spaces(here.indent)), less than line \(previous + 1) above it (\(above.indent)), "
                + "so it is read as a key, but no ':' follows it",
            line: line, column: here.indent,
            fix: "if line \(line + 1) continues the text above, indent it by \(above.indent) spaces like line \(previous + 1)")
    }

    /// The key whose body `line` would begin: the content line above it, when that ends with `key:`.
    private static func opener(above line: Int, in lines: [ArraySlice<UInt8>]) -> (line: Int, key: String, column: Int)? {
        guard let previous = previousContent(before: line, in: lines) else { return nil }
        let shape = Shape(lines[previous])
        return shape.opensBody.map { (previous, $0, shape.content) }
    }

    /// Line `line`, indented `indent`, begins the body of `body.key` but is not indented under it.
    private static func underIndented(_ line: Int, _ indent: Int, _ body: (line: Int, key: String, column: Int)) -> IndentationHint {
        IndentationHint(
            message: "the body of '\(body.key)' is not indented enough: line \(line + 1) is indented \(spaces(indent)), "
                + "no more than '\(body.key)' on line \(body.line + 1) (indented \(body.column))",
            line: line, column: indent, fix: "indent the body of '\(body.key)' by \(body.column + 2) spaces, more than '\(body.key)' itself")
    }

    private static func spaces(_ n: Int) -> String { n == 1 ? "1 space" : "\(n) spaces" }

    private static func previousContent(before line: Int, in lines: [ArraySlice<UInt8>]) -> Int? {
        line > 0 ? (0..<min(line, lines.count)).reversed().first { isContent(lines[$0]) } : nil
    }

    /// A line with content: not blank, not only a comment.
    private static func isContent(_ line: ArraySlice<UInt8>) -> Bool {
        let rest = line.drop { $0 == 0x20 }
        return !rest.isEmpty && rest.first != UInt8(ascii: "#") && rest.first != 0x0D
    }
}
