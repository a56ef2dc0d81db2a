import PlanDiagnostics
import PlanSupport
import PlanYAML

/// Decoders for the value kinds of format 1; each reports what is wrong and returns nil.
extension DiagnosticSink {
    /// Free text: any scalar but null, without NUL (psql and C strings end at a NUL, so a quoted
    /// text holding one would not end where plancc ends it).
    func text(_ node: YAMLNode, _ what: String) -> String? {
        guard let s = node.scalar, s.value != .null else {
            wrongType(node, expected: "a string", for: what)
            return nil
        }
        guard !s.text.unicodeScalars.contains(where: { $0.value == 0 }) else {
            error(.invalidValue, "'\(what)' must not contain a NUL character", at: node.location)
            return nil
        }
        return s.text
    }

    /// An identifier: a non-empty string without NUL; dialect limits are checked later.
    func name(_ node: YAMLNode, _ what: String) -> Name? {
        guard let s = node.scalar, case let .string(text) = s.value else {
            wrongType(node, expected: "a name (string)", for: what)
            return nil
        }
        if text.isEmpty {
            error(.invalidIdentifier, "'\(what)' must not be empty", at: node.location)
            return nil
        }
        if let bad = text.unicodeScalars.first(where: Self.isControlOrLineBreak) {
            error(.invalidIdentifier,
                  "'\(what)' must not contain control characters or line breaks (found \(Self.codePoint(bad)))",
                  at: node.location)
            return nil
        }
        return Name(text, at: node.location)
    }

    /// `U+000D`
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// C0 and C1 controls (tab included), DEL, and the Unicode line and paragraph separators.
    static func isControlOrLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// A non-empty list of names; `single` also accepts one bare name.
    func names(_ node: YAMLNode, _ what: String, single: Bool = false) -> [Name]? {
        if single, node.scalar != nil { return name(node, what).map { [$0] } }
        guard let items = node.sequence else {
            wrongType(node, expected: single ? "a name or a list of names" : "a list of names", for: what)
            return nil
        }
        if items.isEmpty {
            error(.emptyList, "'\(what)' must list at least one name", at: node.location)
            return nil
        }
        let names = items.compactMap { name($0, what) }
        return names.count == items.count ? names : nil
    }

    func bool(_ node: YAMLNode, _ what: String) -> Bool? {
        guard let s = node.scalar, case let .bool(b) = s.value else {
            wrongType(node, expected: "true or false", for: what)
            if let text = node.scalar?.text, ["yes", "no", "on", "off", "y", "n"].contains(text.lowercased()) {
                diagnostics[diagnostics.count - 1].notes.append(.init("YAML 1.2: only true and false are booleans; '\(text)' is a string"))
            }
            return nil
        }
        return b
    }

    func integer(_ node: YAMLNode, _ what: String, in range: ClosedRange<Int64>) -> Int64? {
        guard let s = node.scalar, case let .int(v) = s.value else {
            wrongType(node, expected: "an integer", for: what)
            return nil
        }
        guard range.contains(v) else {
            error(.invalidNumber, "'\(what)' must be between \(range.lowerBound) and \(range.upperBound), found \(v)", at: node.location)
            return nil
        }
        return v
    }

    /// One of an enumeration's raw values, with "did you mean".
    func choice<T: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ what: String, as: T.Type) -> T? where T.RawValue == String {
        let allowed = T.allCases.map(\.rawValue)
        guard let s = node.scalar, case let .string(text) = s.value else {
            wrongType(node, expected: "one of \(allowed.joined(separator: ", "))", for: what)
            return nil
        }
        if let value = T(rawValue: text) { return value }
        let suggestion = Suggestions.closest(to: text, in: allowed)
        error(.invalidValue,
              "'\(text)' is not a valid \(what)" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
              at: node.location, fix: "use one of: \(allowed.joined(separator: ", "))")
        return nil
    }

    /// `5s`, `100ms`, `2m`, `1h` or `0`.
    func duration(_ node: YAMLNode, _ what: String) -> Milliseconds? {
        guard let s = node.scalar else {
            wrongType(node, expected: "a duration such as 5s or 100ms", for: what)
            return nil
        }
        if s.value == .int(0) { return Milliseconds(0) }
        let text = s.text
        let units: [(String, Int64)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            let digits = text.dropLast(suffix.count)
            // PostgreSQL takes at most INT_MAX milliseconds (about 24.8 days) for its timeouts.
            if !digits.isEmpty, digits.allSatisfy(\.isASCII), let n = Int64(digits), n >= 0, n <= Int64(Int32.max) / factor {
                return Milliseconds(n * factor)
            }
            break
        }
        error(.invalidDuration, "'\(text)' is not a duration for '\(what)'", at: node.location,
              fix: "write a whole number with a unit: ms, s, m or h (e.g. 5s, 100ms), or 0; at most 596h")
        return nil
    }

    /// A literal: any scalar, typed by the core schema (quoted scalars are strings).
    func literal(_ node: YAMLNode, _ what: String) -> Literal? {
        guard let s = node.scalar else {
            wrongType(node, expected: "a literal value", for: what)
            return nil
        }
        switch s.value {
        case .null: return .null
        case let .bool(b): return .bool(b)
        case let .int(i): return .integer(i)
        case let .float(f):
            guard f.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E" }) else {
                error(.invalidValue, "'\(f)' cannot be stored in a database column", at: node.location)
                return nil
            }
            return .decimal(f)
        case let .string(text):
            guard !text.unicodeScalars.contains(where: { $0.value == 0 }) else {
                error(.invalidValue, "'\(what)' must not contain a NUL character: no database stores one in text", at: node.location)
                return nil
            }
            return .string(text)
        }
    }

    /// A YAML value as JSON, for MongoDB aggregation expressions and filters.
    func json(_ node: YAMLNode) -> JSONValue {
        switch node.content {
        case let .scalar(s):
            switch s.value {
            case .null: return .null
            case let .bool(b): return .bool(b)
            case let .int(i): return .int(Int(i))
            case let .float(f): return Self.jsonNumber(f).map(JSONValue.number) ?? .string(f)
            case let .string(text): return .string(text)
            }
        case let .sequence(items): return .array(items.map(json))
        case let .mapping(pairs): return .object(pairs.map { ($0.key.scalar?.text ?? "", json($0.value)) })
        }
    }

    /// The fields an aggregation expression reads: strings `$name` or `$name.path` (not `$$`
    /// variables), inside operators and object literals; `$literal` is taken as written.
    static func mongoFields(expression node: YAMLNode) -> [MongoField] {
        switch node.content {
        case let .scalar(s):
            guard case let .string(text) = s.value, text.hasPrefix("$"), !text.hasPrefix("$$") else { return [] }
            let name = text.dropFirst().prefix { $0 != "." }
            guard !name.isEmpty else { return [] }
            var at = node.location
            let skip = s.style == .plain ? 1 : 2 // the `$`, and an opening quote
            at.column += skip; at.offset += skip
            return [MongoField(name: String(name), location: at)]
        case let .sequence(items):
            return items.flatMap { mongoFields(expression: $0) }
        case let .mapping(pairs):
            return pairs.flatMap { pair in pair.key.scalar?.text == "$literal" ? [] : mongoFields(expression: pair.value) }
        }
    }

    /// The fields a filter document reads: its keys (first part of a dotted path), those of
    /// `$and`/`$or`/`$nor`, and the aggregation expression of `$expr`. Values compared with are
    /// not fields. A form that is not a document, or an operator other than the filter's own,
    /// is read as an aggregation expression (a `using` conversion).
    static func mongoFields(filter node: YAMLNode) -> [MongoField] {
        guard case let .mapping(pairs) = node.content else { return mongoFields(expression: node) }
        return pairs.flatMap { pair -> [MongoField] in
            guard let key = pair.key.scalar?.text else { return [] }
            switch key {
            case "$and", "$or", "$nor":
                if case let .sequence(items) = pair.value.content { return items.flatMap { mongoFields(filter: $0) } }
                return []
            case "$jsonSchema", "$where", "$text", "$comment":
                return []
            case _ where key.hasPrefix("$"):
                return mongoFields(expression: pair.value)
            default:
                let name = key.prefix { $0 != "." }
                guard !name.isEmpty else { return [] }
                var at = pair.key.location
                if pair.key.scalar?.style != .plain { at.column += 1; at.offset += 1 }
                return [MongoField(name: String(name), location: at)]
            }
        }
    }

    /// A core-schema float (`+1.`, `.5`, `1e3`) as JSON number text, or nil for what JSON has
    /// no number for (`.inf`, `.nan`, hex or octal past Int64).
    static func jsonNumber(_ text: String) -> String? {
        var rest = Substring(text)
        var sign = ""
        if let first = rest.first, first == "-" || first == "+" {
            if first == "-" { sign = "-" }
            rest = rest.dropFirst()
        }
        let mantissa = rest.prefix { $0 != "e" && $0 != "E" }
        let exponent = rest.dropFirst(mantissa.count).dropFirst()
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0].drop { $0 == "0" }, fraction = parts.count > 1 ? parts[1] : ""
        let isDigits = { (s: Substring) in s.allSatisfy { $0.isASCII && $0.isNumber } }
        guard isDigits(whole), isDigits(fraction), !(parts[0].isEmpty && fraction.isEmpty) else { return nil }
        var number = sign + (whole.isEmpty ? "0" : String(whole)) + (fraction.isEmpty ? "" : "." + fraction)
        if !exponent.isEmpty {
            let digits = exponent.first == "-" || exponent.first == "+" ? exponent.dropFirst() : exponent
            guard !digits.isEmpty, isDigits(digits) else { return nil }
            number += "e" + (exponent.first == "-" ? "-" : "") + digits
        }
        return number
    }

    /// Author-written SQL: text that is not blank.
    func sqlText(_ node: YAMLNode, _ what: String) -> String? {
        guard let text = text(node, what) else { return nil }
        guard !text.allSatisfy(\.isWhitespace) else {
            error(.invalidValue, "'\(what)' is empty", at: node.location, fix: "write the SQL, or leave the key out")
            return nil
        }
        return text
    }

    /// SQL text: a string for both SQL dialects, or `{ postgresql, mysql, mongodb }`.
    func dialectText(_ node: YAMLNode, _ what: String) -> DialectText? {
        if let s = node.scalar {
            guard case .string = s.value else {
                wrongType(node, expected: "SQL text or a per-dialect map", for: what)
                return nil
            }
            return sqlText(node, what).map {
                var text = DialectText(shared: $0, at: node.location)
                text.sharedOrigin = TextOrigin(node.location, style: s.style)
                return text
            }
        }
        guard let fields = Fields(node, what, allowed: ["sql"] + Dialect.allCases.map(\.rawValue), sink: self) else { return nil }
        var result = DialectText(shared: nil, at: node.location)
        if let shared = fields["sql"] {
            result.shared = sqlText(shared, "\(what).sql")
            result.sharedOrigin = shared.scalar.map { TextOrigin(shared.location, style: $0.style) }
        }
        for dialect in [Dialect.postgresql, .mysql] {
            if let value = fields[dialect.rawValue], let text = sqlText(value, "\(what).\(dialect.rawValue)") {
                result.perDialect[dialect] = text
                result.perDialectOrigins[dialect] = value.scalar.map { TextOrigin(value.location, style: $0.style) }
            }
        }
        if let mongo = fields["mongodb"] {
            result.mongodb = json(mongo)
            result.mongoFields = Self.mongoFields(filter: mongo)
        }
        if fields.isEmpty {
            error(.invalidExpression, "'\(what)' gives no text for any dialect", at: node.location)
            return nil
        }
        return result
    }

    static let expressionForms = ["column", "value", "sql", "postgresql", "mysql", "mongodb"]

    /// `{ column }`, `{ value }`, `{ sql }` or per dialect. `extra` lists keys the caller reads itself.
    func expression(_ node: YAMLNode, _ what: String, extra: [String] = []) -> Expression? {
        if let scalar = node.scalar {
            error(.wrongType, "expected an expression for '\(what)', found \(node.kindDescription)", at: node.location,
                  fix: "write { value: \(scalar.text.isEmpty ? "null" : scalar.text) } for a literal, { column: name } or { sql: \"...\" }")
            return nil
        }
        guard let fields = Fields(node, what, allowed: Self.expressionForms + extra, sink: self) else { return nil }
        let present = Self.expressionForms.filter { fields.has($0) }
        let nativeKeys = ["sql", "postgresql", "mysql", "mongodb"]
        if let column = fields["column"] {
            guard present == ["column"] else { return mixedForms(node, what, present) }
            return name(column, "\(what).column").map(Expression.column)
        }
        if let value = fields["value"] {
            guard present == ["value"] else { return mixedForms(node, what, present) }
            return literal(value, "\(what).value").map { .value($0, value.location) }
        }
        guard !present.isEmpty, present.allSatisfy(nativeKeys.contains) else {
            error(.invalidExpression, "'\(what)' needs one of: { column: name }, { value: literal }, { sql: text } or a per-dialect map",
                  at: node.location)
            return nil
        }
        if fields.has("sql"), present.contains(where: { $0 == "postgresql" || $0 == "mysql" }) {
            return mixedForms(node, what, present)
        }
        var sql = DialectText(shared: nil, at: node.location)
        if let shared = fields["sql"] {
            sql.shared = sqlText(shared, "\(what).sql")
            sql.sharedOrigin = shared.scalar.map { TextOrigin(shared.location, style: $0.style) }
        }
        for dialect in [Dialect.postgresql, .mysql] {
            if let value = fields[dialect.rawValue] {
                sql.perDialect[dialect] = sqlText(value, "\(what).\(dialect.rawValue)")
                sql.perDialectOrigins[dialect] = value.scalar.map { TextOrigin(value.location, style: $0.style) }
            }
        }
        if let mongo = fields["mongodb"] { sql.mongoFields = Self.mongoFields(expression: mongo) }
        return .native(sql: sql, mongodb: fields["mongodb"].map(json))
    }

    private func mixedForms(_ node: YAMLNode, _ what: String, _ present: [String]) -> Expression? {
        error(.invalidExpression, "'\(what)' mixes expression forms: \(present.joined(separator: ", "))", at: node.location,
              fix: "give exactly one of column, value, sql, or a per-dialect map")
        return nil
    }

    /// A default: a literal, or an expression with an optional `volatile: true`.
    func defaultValue(_ node: YAMLNode, _ what: String) -> DefaultValue? {
        if let s = node.scalar {
            if s.style == .plain, case let .string(text) = s.value, Self.looksLikeSQL(text) {
                let key = what.split(separator: ".").last ?? "default"
                error(.invalidValue, "an unquoted '\(text)' is a literal, the text '\(text)'; write \(key): { sql: \"\(text)\" } to have the database compute it",
                      at: node.location, fix: "write \(key): { sql: \"\(text)\" }, or quote the value if the text is meant")
                return nil
            }
            return literal(node, what).map { DefaultValue(.value($0, node.location)) }
        }
        guard let expression = expression(node, what, extra: ["volatile"]) else { return nil }
        var volatile = false
        if let fields = node.mapping, let flag = fields.first(where: { $0.key.scalar?.text == "volatile" }) {
            volatile = bool(flag.value, "\(what).volatile") ?? false
            // A literal is the same for every row: volatile (add, backfill in batches, then set
            // the default) would cost a backfill for nothing, and `volatile: false` says nothing.
            if case .value = expression {
                error(.invalidExpression, "'volatile' is for a default the database computes ({ sql: ... } or per dialect); "
                          + "a { value: ... } default is one literal, the same for every row", at: flag.key.location,
                      fix: "remove 'volatile', or write the default as SQL if it is computed per row")
                return nil
            }
        }
        return DefaultValue(expression, volatile: volatile)
    }

    /// `now()`, `gen_random_uuid()`, `CURRENT_TIMESTAMP`: SQL that a plain scalar would store as text.
    static func looksLikeSQL(_ text: String) -> Bool {
        let keywords: Set<String> = ["current_timestamp", "current_date", "current_time", "localtimestamp", "localtime", "current_user"]
        if keywords.contains(text.lowercased()) { return true }
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")"), open != text.startIndex else { return false }
        let name = text[..<open]
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0 == "." || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
            && !(("0"..."9").contains(name.unicodeScalars.first!))
    }

    /// `was:` of a default: `null` for none, else the old default.
    func priorDefault(_ node: YAMLNode, _ what: String) -> PriorDefault? {
        if node.scalar?.value == .null, node.scalar?.style == .plain { return PriorDefault.none }
        return defaultValue(node, what).map(PriorDefault.value)
    }
}
