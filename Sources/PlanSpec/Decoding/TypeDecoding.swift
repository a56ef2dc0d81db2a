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

    func portableType(_ text: String, at location: SourceLocation) -> PortableType? {
        if text.contains("("), !text.contains(")") {
            // Inside `{ }` an unquoted comma ends the value: `decimal(12,2)` arrives as `decimal(12`.
            error(.invalidType, "malformed type '\(text)': '(' is not closed", at: location,
                  fix: "inside { } a comma ends an unquoted value: quote the type, e.g. \"decimal(12,2)\"")
            return nil
        }
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
        case ("varchar", 1) where (1...65_535).contains(first): return .varchar(first)
        case ("char", 1) where (1...255).contains(first): return .char(first)
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
        case ("varchar", _), ("char", _), ("decimal", _):
            error(.invalidType, "type '\(text)' needs valid arguments", at: location,
                  fix: base == "decimal" ? "write decimal(precision,scale), precision 1-65" : "write \(base)(n) with a length")
            return nil
        default:
            if PortableType.names.contains(String(base)) {
                error(.invalidType, "type '\(base)' takes no arguments", at: location)
                return nil
            }
            let suggestion = Suggestions.closest(to: String(base), in: PortableType.names)
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
