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
