/// Text from a spec (titles, notes, names, paths) made safe to put in a `--` or `//` comment.
/// SQL lexers end such a comment at `\n` or `\r`, JavaScript also at U+2028 and U+2029, so
/// every line terminator starts a new comment line, and other control characters become U+FFFD:
/// nothing the author writes can end a comment and start a statement.
public enum CommentText {
    /// The text split at every line terminator, each line free of control characters.
    public static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            if isLineTerminator(scalar) {
                // "\r\n" is one break, not two.
                if scalar == "\n", previous == "\r" { continue }
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else if isControl(scalar) {
                current.append("\u{FFFD}")
            } else {
                current.append(scalar)
            }
        }
        lines.append(String(current))
        return lines
    }

    /// The text on one line: line terminators become spaces.
    public static func singleLine(_ text: String) -> String {
        lines(text).joined(separator: " ")
    }

    private static func isLineTerminator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// C0 and C1 controls other than tab, and DEL.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }
}
