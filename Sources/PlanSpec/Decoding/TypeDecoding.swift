import PlanDiagnostics
import PlanSupport
import PlanYAML

extension DiagnosticSink {
    /// A portable type name, or `{ postgresql: ..., mysql: ..., mongodb: ... }`.
    func columnType(_ node: YAMLNode, _ what: String) -> ColumnType? {
        if let s = node.scalar {
            guard case let .string(text) = s.value else {
                wrongType(node, expected: "a type", for: what)
                return nil
            }
            return portableType(text, at: node.location).map { ColumnType(.portable($0), at: node.location) }
        }
        guard let fields = Fields(node, what, allowed: Dialect.allCases.map(\.rawValue), sink: self) else { return nil }
        var map: [Dialect: String] = [:]
        var valid = true
        for dialect in Dialect.allCases {
            guard let value = fields[dialect.rawValue] else { continue }
            guard let text = text(value, "\(what).\(dialect.rawValue)") else {
                valid = false
                continue
            }
            if let problem = TypeText.problem(in: text) {
                error(.unsafeTypeText, "type '\(text)' for \(dialect.displayName) \(problem)", at: value.location,
                      fix: "write a type name with optional arguments, e.g. citext, numeric(12,2), enum('a','b')")
                valid = false
            }
            map[dialect] = text
        }
        if fields.isEmpty {
            error(.invalidType, "'\(what)' names no type for any dialect", at: node.location)
            return nil
        }
        return valid ? ColumnType(.perDialect(map), at: node.location) : nil
    }

    /// PostgreSQL's limit on varchar(n) and char(n).
    static let postgreSQLMaxLength = 10_485_760
    /// A MySQL row holds at most 65535 bytes; utf8mb4 takes up to 4 per character.
    static let mySQLMaxVarchar = 16_383

    /// True when the spec lists `dialect`, or when its dialects are not known (yet).
    private func lists(_ dialect: Dialect) -> Bool { dialects?.contains(dialect) ?? true }

    /// The spellings people type first (`int`, `bool`, `datetime`, `timestamp with time zone`),
    /// each answered with the portable type, arguments kept.
    static let typeAliases: [String: (type: String, note: String?)] = [
        "int": ("integer", nil), "int4": ("integer", nil), "int2": ("smallint", nil), "int8": ("bigint", nil),
        "tinyint": ("smallint", nil), "mediumint": ("integer", nil),
        "bool": ("boolean", nil), "float": ("double", nil), "float8": ("double", nil), "float4": ("real", nil),
        "double precision": ("double", nil), "datetime": ("timestamp", nil),
        "timestamp without time zone": ("timestamp", nil), "timestamp with time zone": ("timestamptz", nil),
        "serial": ("integer", "with identity: true"), "serial4": ("integer", "with identity: true"),
        "bigserial": ("bigint", "with identity: true"), "serial8": ("bigint", "with identity: true"),
        "smallserial": ("smallint", "with identity: true"),
        "blob": ("bytes", nil), "bytea": ("bytes", nil), "binary": ("bytes", nil), "varbinary": ("bytes", nil),
        "longblob": ("bytes", nil), "longtext": ("text", nil), "mediumtext": ("text", nil), "string": ("text", nil),
        "numeric": ("decimal", nil), "character varying": ("varchar", nil), "character": ("char", nil),
        "jsonb": ("json", nil), "timestamptz with time zone": ("timestamptz", nil), "time without time zone": ("time", nil),
        "nvarchar": ("varchar", nil), "nvarchar2": ("varchar", nil), "varchar2": ("varchar", nil), "nchar": ("char", nil),
        "national character varying": ("varchar", nil), "national character": ("char", nil),
        // Portable integers are signed: the next type up holds every unsigned value.
        "tinyint unsigned": ("smallint", "(every tinyint unsigned value fits; portable integers are signed)"),
        "smallint unsigned": ("integer", "(every smallint unsigned value fits; portable integers are signed)"),
        "mediumint unsigned": ("integer", "(every mediumint unsigned value fits; portable integers are signed)"),
        "int unsigned": ("bigint", "(every int unsigned value fits; portable integers are signed)"),
        "integer unsigned": ("bigint", "(every int unsigned value fits; portable integers are signed)"),
        "bigint unsigned": ("decimal(20)", "(every bigint unsigned value fits; portable integers are signed)"),
    ]

    /// True when `text` is a portable type this spec's dialects accept, said nowhere.
    private func accepts(_ text: String) -> Bool {
        let scratch = DiagnosticSink()
        scratch.dialects = dialects
        return scratch.portableType(text, at: SourceLocation(file: "", line: 1, column: 1, offset: 0)) != nil
    }

    /// The portable spelling to suggest for `type` with the arguments typed (kept for varchar,
    /// char and decimal, which need them): only a form this spec accepts, so `VARCHAR(100000)`
    /// is answered with `text`, not a varchar over the limit; nil when there is none.
    private func validSuggestion(_ type: String, arguments: String) -> String? {
        let keeps = ["varchar", "char", "decimal"].contains(type)
        let candidate = type + (keeps ? arguments : "")
        if accepts(candidate) { return candidate }
        if type == "varchar" || type == "char", accepts(type + "(1)") { return "text" }
        return nil
    }

    /// Reports a known non-portable spelling with the portable type; false when `text` is not one.
    private func reportedAlias(_ text: String, at location: SourceLocation) -> Bool {
        let lowered = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        let base: String, arguments: String
        if let open = lowered.firstIndex(of: "(") {
            base = lowered[..<open].split(separator: " ").joined(separator: " ")
            arguments = String(lowered[open...]).filter { $0 != " " }
        } else {
            base = lowered
            arguments = ""
        }
        guard let alias = Self.typeAliases[base] else { return false }
        // numeric(12,2) -> decimal(12,2), character varying(20) -> varchar(20); int(11) -> integer;
        // character varying(100000) -> text, as no varchar that long is accepted.
        let perDialect = "other types are given per dialect: { postgresql: ..., mysql: ..., mongodb: ... }"
        guard let suggested = alias.type.contains("(") ? alias.type : validSuggestion(alias.type, arguments: arguments) else {
            let why = arguments.isEmpty
                ? (alias.type == "decimal" ? "which needs a precision and scale, e.g. decimal(12,2)" : "which needs a length, e.g. \(alias.type)(40)")
                : "but not with the arguments '\(arguments)'"
            error(.invalidType, "unknown type '\(text)'; the portable type is '\(alias.type)', \(why)",
                  at: location, fix: "write \(alias.type) with valid arguments, e.g. decimal(12,2) (precision 1-65, scale 0-30); " + perDialect)
            return true
        }
        let identity = alias.note?.hasPrefix("with ") == true ? alias.note : nil
        var message = "unknown type '\(text)'; did you mean '\(suggested)'\(identity.map { " " + $0 } ?? "")?"
        if let note = alias.note, identity == nil { message += " " + note }
        if suggested == "text", alias.type != "text" { message += " \(base)\(arguments) is longer than a \(alias.type) may be here" }
        var fix = "write type: \(suggested)\(identity.map { ", " + String($0.dropFirst("with ".count)) } ?? ""); " + perDialect
        if base.hasSuffix(" unsigned") {
            fix = "write type: \(suggested), or keep the unsigned type on MySQL per dialect: "
                + "{ postgresql: \(base == "bigint unsigned" ? "numeric(20)" : suggested), mysql: \(base), mongodb: \(base == "bigint unsigned" ? "decimal" : "long") }"
        }
        error(.invalidType, message, at: location, fix: fix)
        return true
    }

    func portableType(_ text: String, at location: SourceLocation) -> PortableType? {
        if text.contains("("), !text.contains(")") {
            // Inside `{ }` an unquoted comma ends the value: `decimal(12,2)` arrives as `decimal(12`.
            error(.invalidType, "malformed type '\(text)': '(' is not closed", at: location,
                  fix: "inside { } a comma ends an unquoted value: quote the type, e.g. \"decimal(12,2)\"")
            return nil
        }
        if reportedAlias(text, at: location) { return nil }
        let trimmed = text.filter { $0 != " " }
        let base: Substring, args: [Int]?
        if let open = trimmed.firstIndex(of: "("), trimmed.hasSuffix(")") {
            base = trimmed[..<open]
            let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
            let parts = inner.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            guard !parts.contains(where: { $0 == nil || $0! < 0 }) else {
                error(.invalidType, "malformed type '\(text)'", at: location, fix: "write e.g. varchar(255) or decimal(12,2)")
                return nil
            }
            args = parts.map { $0! }
        } else {
            base = Substring(trimmed)
            args = nil
        }
        let first = args?.first ?? 0
        switch (String(base), args?.count ?? -1) {
        case ("text", -1): return .text
        case ("varchar", 1) where (1...Self.postgreSQLMaxLength).contains(first):
            if first > Self.mySQLMaxVarchar, lists(.mysql) {
                error(.invalidType, "type '\(text)' is too long for MySQL and MariaDB: a row holds at most 65535 bytes, "
                          + "so a utf8mb4 varchar holds at most \(Self.mySQLMaxVarchar) characters", at: location,
                      fix: "use text, or varchar(n) with n up to \(Self.mySQLMaxVarchar) (less when the table has other wide columns)")
                return nil
            }
            return .varchar(first)
        case ("char", 1) where (1...255).contains(first): return .char(first)
        case ("char", 1) where (1...Self.postgreSQLMaxLength).contains(first) && !lists(.mysql): return .char(first)
        case ("smallint", -1): return .smallint
        case ("integer", -1): return .integer
        case ("bigint", -1): return .bigint
        case ("boolean", -1): return .boolean
        case ("decimal", 1) where (1...65).contains(first): return .decimal(precision: first, scale: 0)
        case ("decimal", 2) where (1...65).contains(first) && (0...min(first, 30)).contains(args![1]):
            return .decimal(precision: first, scale: args![1])
        case ("real", -1): return .real
        case ("double", -1): return .double
        case ("date", -1): return .date
        case ("time", -1): return .time
        case ("timestamp", -1): return .timestamp
        case ("timestamptz", -1): return .timestamptz
        case ("uuid", -1): return .uuid
        case ("json", -1): return .json
        case ("bytes", -1): return .bytes
        case ("varchar", 1) where first > 0, ("char", 1) where first > 0:
            let limit = base == "char" && lists(.mysql)
                ? "char holds at most 255 characters on MySQL and MariaDB"
                : "\(base) holds at most \(Self.postgreSQLMaxLength) characters on PostgreSQL"
                    + (lists(.mysql) ? " and \(Self.mySQLMaxVarchar) (utf8mb4, 65535-byte row) on MySQL and MariaDB" : "")
            error(.invalidType, "type '\(text)' is too long: \(limit)", at: location, fix: "use text for longer values")
            return nil
        case ("varchar", _), ("char", _), ("decimal", _):
            error(.invalidType, "type '\(text)' needs valid arguments", at: location,
                  fix: base == "decimal" ? "write decimal(precision,scale), precision 1-65, scale 0-30"
                      : "write \(base)(n) with a length from 1 to \(base == "char" && lists(.mysql) ? 255 : Self.postgreSQLMaxLength)")
            return nil
        default:
            if PortableType.names.contains(String(base)) {
                let spelled = trimmed.dropFirst(base.count)
                switch String(base) {
                case "timestamp", "timestamptz", "time":
                    // The portable types keep microseconds; another precision is a per-dialect type.
                    let mysql = base == "time" ? "time" : "datetime"
                    error(.invalidType, "type '\(base)' takes no precision: portable \(base) keeps microseconds "
                              + "(\(base) on PostgreSQL, \(mysql)(6) on MySQL and MariaDB)", at: location,
                          fix: "write type: \(base), or give the precision per dialect: "
                              + "{ postgresql: \(base)\(spelled), mysql: \(mysql)\(spelled), mongodb: \(base == "time" ? "string" : "date") }")
                default:
                    error(.invalidType, "type '\(base)' takes no arguments", at: location,
                          fix: "write type: \(base); a type with arguments is given per dialect: { postgresql: ..., mysql: ..., mongodb: ... }")
                }
                return nil
            }
            if PortableType.names.contains(base.lowercased()) {
                let spelled = base.lowercased() + trimmed.dropFirst(base.count)
                if accepts(spelled) {
                    error(.invalidType, "unknown type '\(text)'; did you mean '\(spelled)'? portable type names are lowercase",
                          at: location, fix: "write '\(spelled)'")
                    return nil
                }
                // `VARCHAR(100000)`: the lowercase spelling is refused too; say why, once.
                let scratch = DiagnosticSink()
                scratch.dialects = dialects
                _ = scratch.portableType(spelled, at: location)
                let why = scratch.diagnostics.first
                error(.invalidType, "unknown type '\(text)': portable type names are lowercase, and \(why?.message ?? "'\(spelled)' is not valid either")",
                      at: location, fix: why?.fix ?? "write a portable type in lowercase")
                return nil
            }
            let suggestion = Suggestions.closest(to: String(base), in: PortableType.names)
                .flatMap { validSuggestion($0, arguments: String(trimmed.dropFirst(base.count))) }
            error(.invalidType,
                  "unknown type '\(text)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                  at: location,
                  fix: "use a portable type (\(PortableType.names.joined(separator: ", "))) or give the type per dialect: { postgresql: ..., mysql: ..., mongodb: ... }")
            return nil
        }
    }
}

/// Per-dialect type text is pasted into DDL, so it must be a type spelling and nothing more:
/// words (letters, digits, `_`, `.`), one parenthesized argument list after a word (numbers,
/// words, and single-quoted literals for `enum('a','b')`), and `[]` array suffixes. Commas and
/// quotes only inside the parentheses, and no word that starts another clause (`DEFAULT`,
/// `REFERENCES`, `DROP`...), so `text, DROP COLUMN x` or `int DEFAULT f()` cannot ride along.
enum TypeText {
    static let clauseWords: Set<String> = [
        "add", "after", "alter", "as", "auto_increment", "check", "collate", "column", "comment", "constraint",
        "default", "drop", "first", "foreign", "generated", "identity", "index", "invisible", "key", "modify",
        "not", "null", "on", "primary", "references", "rename", "stored", "unique", "using", "virtual", "visible",
    ]

    static func problem(in text: String) -> String? {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else {
            return "must start with a letter"
        }
        var scalars = Array(text.unicodeScalars)[...]
        var word = ""
        var sawArguments = false
        func endWord() -> String? {
            defer { word = "" }
            return clauseWords.contains(word.lowercased()) ? "must not contain the clause word '\(word)'" : nil
        }
        while let c = scalars.popFirst() {
            switch c {
            case "(":
                if let problem = endWord() { return problem }
                if sawArguments { return "may have one argument list only" }
                sawArguments = true
                if let problem = arguments(&scalars) { return problem }
            case "[":
                if let problem = endWord() { return problem }
                guard scalars.popFirst() == "]" else { return "may use [] only as an array suffix" }
            case " ":
                if let problem = endWord() { return problem }
            case "_", ".":
                word.unicodeScalars.append(c)
            default:
                guard c.properties.isAlphabetic || ("0"..."9").contains(c) else { return "must not contain '\(c)'" }
                word.unicodeScalars.append(c)
            }
        }
        return endWord()
    }

    /// Reads up to the closing `)`: numbers, words, spaces, commas and quoted literals.
    private static func arguments(_ scalars: inout ArraySlice<Unicode.Scalar>) -> String? {
        while let c = scalars.popFirst() {
            switch c {
            case ")": return nil
            case "(": return "must not nest parentheses"
            case "'":
                while true {
                    guard let q = scalars.popFirst() else { return "has an unterminated quote" }
                    if q == "\\" { return "must not contain a backslash" }
                    if DiagnosticSink.isControlOrLineBreak(q) { return "must not contain control characters" }
                    if q == "'" {
                        if scalars.first == "'" { scalars.removeFirst() } else { break }
                    }
                }
            case " ", ",", "_", ".": continue
            default:
                guard c.properties.isAlphabetic || ("0"..."9").contains(c) else { return "must not contain '\(c)'" }
            }
        }
        return "has an unbalanced '('"
    }
}
