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
    static func cell(_ text: String) -> String {
        let chars = Array(text.split(whereSeparator: \.isNewline).joined(separator: " "))
        var out = ""
        for (i, c) in chars.enumerated() {
            let intraword = c == "_" && i > 0 && i + 1 < chars.count && isWordCharacter(chars[i - 1]) && isWordCharacter(chars[i + 1])
            if "\\`*_[]<>|".contains(c), !intraword { out.append("\\") }
            out.append(c)
        }
        return out
    }

    private static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

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
