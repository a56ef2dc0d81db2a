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

    /// A name as a string literal, for information_schema look-ups.
    static func nameLiteral(_ name: String) -> String { literal(fit(name)) }

    /// `'text'` with quotes and backslashes doubled: MySQL reads backslash as an escape.
    /// Every script first takes NO_BACKSLASH_ESCAPES out of the session's sql_mode
    /// (`Helpers.session`), so this reading holds whatever the server's default is.
    static func literal(_ text: String) -> String {
        "'" + Escaping.replacing(text) { $0 == "\\" ? "\\\\" : $0 == "'" ? "''" : nil } + "'"
    }
}
