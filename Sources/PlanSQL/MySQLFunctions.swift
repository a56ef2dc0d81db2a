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
        var i = 0
        func isWord(_ c: UInt8) -> Bool {
            (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == 0x5F || c == 0x24 || c >= 0x80
        }
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "`") {
                i += 1
                while i < b.count, b[i] != c { i += b[i] == UInt8(ascii: "\\") && c != UInt8(ascii: "`") ? 2 : 1 }
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
                var j = i
                while j < b.count, b[j] == 0x20 || b[j] == 0x09 || b[j] == 0x0A || b[j] == 0x0D { j += 1 }
                let previous = start > 0 ? b[start - 1] : 0
                if j < b.count, b[j] == UInt8(ascii: "("), previous != UInt8(ascii: "."), !(0x30...0x39).contains(b[start]) {
                    calls.append((String(decoding: b[start..<i], as: UTF8.self).lowercased(), start))
                }
            } else {
                i += 1
            }
        }
        return calls
    }
}
