/// MySQL's functions whose value changes from call to call, for a default that MySQL (which
/// plancc cannot parse: no MySQL parser is packaged here) would compute per row. The list is the
/// MySQL 8.0 and MariaDB manuals' nondeterministic functions ("Restrictions on ... generated
/// columns and defaults", "Replication and System Functions"); a name is matched only where it
/// is called (`UUID(`), outside quotes and comments.
public enum MySQLFunctions {
    public static let nondeterministic: Set<String> = [
        "uuid", "uuid_short", "rand", "sysdate", "connection_id", "current_user", "user", "session_user",
        "system_user", "found_rows", "row_count", "last_insert_id", "get_lock", "release_lock", "is_free_lock",
        "is_used_lock", "load_file", "master_pos_wait", "source_pos_wait", "sleep", "random_bytes", "nextval",
    ]

    /// The functions `sql` calls, lowercased, each with its byte offset: identifiers followed by
    /// `(` outside quoted strings, quoted names and comments.
    public static func calls(in sql: String) -> [(name: String, offset: Int)] {
        let b = Array(sql.utf8)
        var calls: [(String, Int)] = []
        lex(b) { lexeme in
            guard case let .word(range) = lexeme else { return }
            var j = range.upperBound
            while j < b.count, b[j] == 0x20 || b[j] == 0x09 || b[j] == 0x0A || b[j] == 0x0D { j += 1 }
            let previous = range.lowerBound > 0 ? b[range.lowerBound - 1] : 0
            if j < b.count, b[j] == UInt8(ascii: "("), previous != UInt8(ascii: "."), !(0x30...0x39).contains(b[range.lowerBound]) {
                calls.append((String(decoding: b[range], as: UTF8.self).lowercased(), range.lowerBound))
            }
        }
        return calls
    }

    private enum Lexeme {
        /// An identifier or keyword (letters, digits, `_`, `$`, non-ASCII).
        case word(Range<Int>)
        /// A quoted string or name: its quote byte and what is between the quotes.
        case quoted(UInt8, Range<Int>)
        /// Any other byte outside comments.
        case other(Int)
    }

    /// Walks MySQL text outside comments (`#`, `-- `, `/* */`): words, quoted strings and names
    /// (backslash escapes inside strings), and the bytes between.
    private static func lex(_ b: [UInt8], _ visit: (Lexeme) -> Void) {
        var i = 0
        func isWord(_ c: UInt8) -> Bool {
            (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == 0x5F || c == 0x24 || c >= 0x80
        }
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "`") {
                i += 1
                let start = i
                while i < b.count, b[i] != c { i += b[i] == UInt8(ascii: "\\") && c != UInt8(ascii: "`") ? 2 : 1 }
                visit(.quoted(c, start..<min(i, b.count)))
                i += 1
            } else if c == UInt8(ascii: "#") || (c == UInt8(ascii: "-") && i + 1 < b.count && b[i + 1] == c) {
                while i < b.count, b[i] != 0x0A { i += 1 }
            } else if c == UInt8(ascii: "/"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "*") {
                i += 2
                while i + 1 < b.count, !(b[i] == UInt8(ascii: "*") && b[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i += 2
            } else if isWord(c) {
                let start = i
                while i < b.count, isWord(b[i]) { i += 1 }
                visit(.word(start..<i))
            } else {
                visit(.other(i))
                i += 1
            }
        }
    }

    /// The functions `sql` creates (`CREATE [OR REPLACE] [DEFINER = ...] [AGGREGATE] FUNCTION
    /// [IF NOT EXISTS] [db.]name`), lowercased as MySQL compares them; quoted strings and
    /// comments are skipped, a backquoted name is read without its quotes.
    public static func created(in sql: String) -> [String] {
        let b = Array(sql.utf8)
        var tokens: [String] = []
        lex(b) { lexeme in
            switch lexeme {
            case let .word(range): tokens.append(String(decoding: b[range], as: UTF8.self).lowercased())
            case let .quoted(quote, range):
                tokens.append(quote == UInt8(ascii: "`") ? String(decoding: b[range], as: UTF8.self).lowercased() : "'")
            case let .other(at) where b[at] == UInt8(ascii: ".") || b[at] == UInt8(ascii: ";"):
                tokens.append(String(UnicodeScalar(b[at])))
            case .other: break
            }
        }
        var names: [String] = []
        for (index, token) in tokens.enumerated() where token == "function" {
            // CREATE and FUNCTION with at most OR REPLACE, a DEFINER clause and AGGREGATE between.
            let before = tokens[max(0, index - 8)..<index]
            guard let create = before.lastIndex(of: "create"), !before[create...].contains(";") else { continue }
            var j = index + 1
            if j + 2 < tokens.count, tokens[j] == "if", tokens[j + 1] == "not", tokens[j + 2] == "exists" { j += 3 }
            guard j < tokens.count else { continue }
            if j + 2 < tokens.count, tokens[j + 1] == "." { j += 2 }
            names.append(tokens[j])
        }
        return names
    }
}
