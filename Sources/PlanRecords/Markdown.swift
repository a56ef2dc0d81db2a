/// Small helpers that keep author text from breaking the Markdown around it.
enum Markdown {
    /// Inline code that survives backticks inside `text` (CommonMark: a longer fence).
    static func code(_ text: String) -> String {
        var longest = 0, run = 0
        for c in text {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + pad + text + pad + fence
    }

    /// Plain text on one line, safe in a table cell or list item: Markdown punctuation is
    /// escaped, so `_plancc_new_x` or `a * b` in SQL stay literal and author text cannot inject
    /// HTML. An underscore inside a word cannot start emphasis in GFM, so it stays bare, which
    /// keeps names like `orders_status_known` readable in the raw file.
    /// A code span inside a table cell: GitHub ends the cell at a `|` even in a code span, unless
    /// it is written `\|` (which the span then shows as `|`).
    static func codeCell(_ text: String) -> String {
        String(code(text).flatMap { $0 == "|" ? ["\\", "|"] : [$0] })
    }

    static func cell(_ text: String) -> String {
        // Lines join with one space (runs of line breaks count as one), as in the old split/join.
        var scalars = ArraySlice(text.unicodeScalars)
        while let first = scalars.first, isNewline(first) { scalars.removeFirst() }
        while let last = scalars.last, isNewline(last) { scalars.removeLast() }
        var out = String.UnicodeScalarView()
        for i in scalars.indices {
            let c = scalars[i]
            if isNewline(c) {
                if !isNewline(scalars[i - 1]) { out.append(" ") }
                continue
            }
            let intraword = c == "_" && i > scalars.startIndex && i + 1 < scalars.endIndex
                && isWordCharacter(scalars[i - 1]) && isWordCharacter(scalars[i + 1])
            if Self.punctuation.contains(c), !intraword { out.append("\\") }
            out.append(c)
        }
        return String(out)
    }

    /// `Character.isNewline`'s scalars.
    private static func isNewline(_ c: Unicode.Scalar) -> Bool {
        switch c.value { case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true; default: false }
    }

    private static let punctuation: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|"]

    private static func isWordCharacter(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || c.properties.numericType != nil || c == "_"
    }

    /// A paragraph of author text: trimmed, never empty.
    static func paragraph(_ text: String) -> String {
        var trimmed = Substring(text)
        while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
        while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
        return trimmed.isEmpty ? "_(none given)_" : String(trimmed)
    }

    /// `1 step`, `3 steps`.
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
