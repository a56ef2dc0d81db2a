import PlanSpec
import PlanSupport

/// Identifiers and literals for MySQL and MariaDB. Names are never pasted in raw.
enum MySQL {
    /// MySQL's identifier limit, in bytes of UTF-8 (the limit is in characters, so bytes are the safe side).
    static let identifierLimit = 64

    /// A name that fits the limit. Spec names are checked to fit; names plancc derives
    /// (triggers, shadow and graveyard columns) may not, and are cut with a hash so they stay unique.
    static func fit(_ name: String) -> String {
        guard name.utf8.count > identifierLimit else { return name }
        let suffix = "_" + String(SHA256.hex(name).prefix(8))
        var head = ""
        for character in name {
            if head.utf8.count + String(character).utf8.count + suffix.utf8.count > identifierLimit { break }
            head.append(character)
        }
        return head + suffix
    }

    /// `` `name` ``, backquotes doubled.
    static func ident(_ name: String) -> String {
        "`" + Escaping.doubling("`", in: fit(name)) + "`"
    }

    /// An index's key parts: `` `a`, `body`(191) ``.
    static func keyParts(_ columns: [IndexColumn]) -> String {
        columns.map { ident($0.name.value) + ($0.prefix.map { "(\($0))" } ?? "") }.joined(separator: ", ")
    }

    /// A name as a string literal, for information_schema look-ups.
    static func nameLiteral(_ name: String) -> String { literal(fit(name)) }

    /// `'text'` with quotes and backslashes doubled: MySQL reads backslash as an escape.
    /// Every script first takes NO_BACKSLASH_ESCAPES out of the session's sql_mode
    /// (`Helpers.session`), so this reading holds whatever the server's default is.
    static func literal(_ text: String) -> String {
        "'" + Escaping.replacing(text) { $0 == "\\" ? "\\\\" : $0 == "'" ? "''" : nil } + "'"
    }

    /// `a` and `b` hold the same value, NULL-safe (`<=>`), and a character value only when it is
    /// the same byte for byte: a column's collation is usually case-, accent- and trailing-space-
    /// insensitive, so `'closed' <=> 'CLOSED'` holds, and a write that changed only that would
    /// not count as a change. Whether `a` is character data is read from its collation, which
    /// is `binary` for numbers, dates and times (compared by value, so `1.50` is `1.5`) and for
    /// binary strings (already compared byte for byte). Both are converted to utf8mb4 first, so
    /// the same text in two character sets is the same.
    static func same(_ a: String, _ b: String) -> String {
        func bytes(_ x: String) -> String { "CAST(CONVERT(\(x) USING utf8mb4) AS BINARY)" }
        return "(\(a) <=> \(b) AND (COLLATION(\(a)) = 'binary' OR \(bytes(a)) <=> \(bytes(b))))"
    }
}
