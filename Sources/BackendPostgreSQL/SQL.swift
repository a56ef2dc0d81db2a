import PlanSupport
import PlanSpec
import PlanSQL

/// Spelling names, literals, types and expressions as PostgreSQL text. Every name and
/// literal that reaches a script goes through `ident` or `literal`: nothing is pasted raw
/// except SQL the author wrote as SQL.
enum SQL {
    /// `"name"`, with `"` doubled.
    static func ident(_ name: String) -> String {
        "\"" + Escaping.doubling("\"", in: name) + "\""
    }

    static func idents(_ names: [String]) -> String {
        names.map(ident).joined(separator: ", ")
    }

    /// `'text'`, with `'` doubled. Backslashes stay literal: every script sets
    /// `standard_conforming_strings = on`, and no `E''` string is ever written.
    static func literal(_ text: String) -> String {
        "'" + Escaping.doubling("'", in: text) + "'"
    }

    /// `$tag$body$tag$` with a tag the body does not contain, so no text can end the quote early.
    static func dollarQuoted(_ body: String) -> String {
        var tag = "plancc"
        var counter = 0
        while Escaping.containsBytes(body, "$\(tag)$") {
            counter += 1
            tag = "plancc_\(counter)"
        }
        return "$\(tag)$\n\(body)$\(tag)$"
    }

    /// A relation resolved by name at run time (NULL when absent), as catalog queries need it.
    static func regclass(_ name: String) -> String {
        "to_regclass(\(literal(ident(name))))"
    }

    /// A setting's duration: `'5s'`, `'100ms'`, `0` for none.
    static func duration(_ ms: Milliseconds) -> String {
        if ms.value == 0 { return "0" }
        return ms.value % 1_000 == 0 ? literal("\(ms.value / 1_000)s") : literal("\(ms.value)ms")
    }

    // MARK: Types

    /// The column type as written in DDL.
    static func type(_ type: ColumnType) -> String {
        if let portable = type.portable { return portableType(portable) }
        guard let spelled = type.spelled(for: .postgresql) else {
            preconditionFailure("validation guarantees a PostgreSQL type for \(type.description)")
        }
        return spelled
    }

    private static func portableType(_ type: PortableType) -> String {
        switch type {
        case .text: "text"
        case let .varchar(n): "varchar(\(n))"
        case let .char(n): "char(\(n))"
        case .smallint: "smallint"
        case .integer: "integer"
        case .bigint: "bigint"
        case .boolean: "boolean"
        case let .decimal(p, s): "numeric(\(p),\(s))"
        case .real: "real"
        case .double: "double precision"
        case .date: "date"
        case .time: "time"
        case .timestamp: "timestamp"
        case .timestamptz: "timestamptz"
        case .uuid: "uuid"
        case .json: "jsonb"
        case .bytes: "bytea"
        }
    }

    /// The type without its length, for a character or bit type with one (`varchar(5)` is
    /// `varchar`, `char(3)` is `bpchar`, as a bare `char` would mean `char(1)`); nil for any
    /// other type. A value cast to it keeps every character; fitting it to the length is left
    /// to an assignment, which refuses a value too long instead of cutting it.
    static func unlimitedType(_ type: ColumnType) -> String? {
        if let portable = type.portable {
            switch portable {
            case .varchar: return "varchar"
            case .char: return "bpchar"
            default: return nil
            }
        }
        guard let spelled = type.spelled(for: .postgresql) else { return nil }
        let lowered = String(spelled.lowercased().drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        guard lowered.hasSuffix(")"), let open = lowered.firstIndex(of: "(") else { return nil }
        let length = lowered[lowered.index(after: open)..<lowered.index(before: lowered.endIndex)]
        guard !length.isEmpty, length.allSatisfy(\.isNumber) else { return nil }
        switch lowered[..<open].split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") {
        case "varchar", "character varying": return "varchar"
        case "char", "character", "bpchar": return "bpchar"
        case "bit varying", "varbit": return "varbit"
        default: return nil
        }
    }

    /// How `format_type()` spells a portable type, for verify; nil for per-dialect types.
    static func catalogTypeName(_ type: ColumnType) -> String? {
        guard let portable = type.portable else { return nil }
        switch portable {
        case let .varchar(n): return "character varying(\(n))"
        case let .char(n): return "character(\(n))"
        case .time: return "time without time zone"
        case .timestamp: return "timestamp without time zone"
        case .timestamptz: return "timestamp with time zone"
        default: return portableType(portable)
        }
    }

    // MARK: Values and expressions

    static func literal(_ value: Literal) -> String {
        switch value {
        case .null: "NULL"
        case let .bool(flag): flag ? "TRUE" : "FALSE"
        case let .integer(n): String(n)
        case let .decimal(text): text.allSatisfy(\.isDecimalCharacter) ? text : literal(text)
        case let .string(text): literal(text)
        }
    }

    /// The author's SQL for PostgreSQL; validation guarantees there is one.
    static func text(_ text: DialectText) -> String {
        guard let sql = text.sql(for: .postgresql) else {
            preconditionFailure("validation guarantees PostgreSQL text at \(text.location)")
        }
        return sql
    }

    /// An expression; the author's SQL is parenthesised so it composes with what surrounds it.
    static func expression(_ expression: Expression) -> String {
        switch expression {
        case let .column(name): ident(name.value)
        case let .value(value, _): literal(value)
        case let .native(sql, _): "(\(text(sql)))"
        }
    }

    /// The author's raw SQL as one or more statements, ending with `;`.
    static func statements(_ text: DialectText) -> String {
        var sql = self.text(text)
        while let last = sql.last, last.isWhitespace { sql.removeLast() }
        // A last line ending in a `--` comment would swallow the `;`: it goes on a line of its
        // own, unless the last token before the comment is one (the scanner tells quotes apart).
        if sql.contains("--"), let tokens = PostgresParser.scan(sql), let last = tokens.last, last.kind == PostgresParser.Token.lineComment {
            let bytes = Array(sql.utf8)
            let code = tokens.last { !$0.isComment }
            return code.map { bytes[$0.start] == UInt8(ascii: ";") && $0.end == $0.start + 1 } == true ? sql : sql + "\n;"
        }
        return sql.hasSuffix(";") ? sql : sql + ";"
    }
}

private extension Character {
    /// Digits, sign, point and exponent: a decimal literal that needs no quoting.
    var isDecimalCharacter: Bool { isASCII && (isNumber || "+-.eE".contains(self)) }
}
