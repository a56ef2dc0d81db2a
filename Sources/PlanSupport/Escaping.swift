/// Escaping that works on Unicode scalars, never on Characters: a quote followed by a
/// combining mark is one Swift Character, but to a database's lexer it is still a quote,
/// so comparing Characters would let it through undoubled.
public enum Escaping {
    /// `text` with each scalar that `replacement` maps replaced by its result.
    public static func replacing(_ text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let replaced = replacement(scalar) {
                out.append(contentsOf: replaced.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// How a terminal should be shown `scalar`: nil when as itself, else `\u{1B}`. Control
    /// characters (a terminal would act on them), the bidirectional controls (they reorder
    /// what is shown) and the line and paragraph separators are escaped; a tab is kept.
    public static func terminalEscape(_ scalar: Unicode.Scalar) -> String? {
        let v = scalar.value
        let isControl = (v < 0x20 && v != 0x09) || (0x7F...0x9F).contains(v)
        let isBidi = v == 0x061C || v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        guard isControl || isBidi || v == 0x2028 || v == 0x2029 else { return nil }
        return "\\u{" + String(v, radix: 16, uppercase: true) + "}"
    }

    /// `text` safe to print to a terminal: each scalar `terminalEscape` names, escaped.
    public static func forTerminal(_ text: String) -> String {
        replacing(text, terminalEscape)
    }

    /// `text` with every `quote` doubled.
    public static func doubling(_ quote: Unicode.Scalar, in text: String) -> String {
        replacing(text) { $0 == quote ? String(quote) + String(quote) : nil }
    }

    /// Whether `text` holds `needle` byte for byte (not as Characters).
    public static func containsBytes(_ text: String, _ needle: String) -> Bool {
        let haystack = Array(text.utf8), pattern = Array(needle.utf8)
        guard !pattern.isEmpty, haystack.count >= pattern.count else { return pattern.isEmpty }
        for start in 0...(haystack.count - pattern.count) where haystack[start] == pattern[0] {
            if haystack[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
        }
        return false
    }
}
