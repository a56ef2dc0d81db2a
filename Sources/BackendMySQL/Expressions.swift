import PlanSpec

/// Literals, expressions and defaults as MySQL text.
enum MySQLExpression {
    static func literal(_ value: Literal) -> String {
        switch value {
        case .null: "NULL"
        case let .bool(b): b ? "1" : "0"
        case let .integer(i): String(i)
        case let .decimal(text): text
        case let .string(text): MySQL.literal(text)
        }
    }

    /// An expression over the columns of the row being written.
    static func sql(_ expression: Expression) -> String {
        switch expression {
        case let .column(name): MySQL.ident(name.value)
        case let .value(value, _): literal(value)
        case let .native(text, _): "(\(text.sql(for: .mysql) ?? "NULL"))"
        }
    }

    /// The text after `DEFAULT`. Literals stay literals; an expression default is parenthesised
    /// (MySQL 8.0.13+, MariaDB 10.2+), except CURRENT_TIMESTAMP, which both take bare and
    /// which must carry the column's fractional-second precision.
    static func defaultClause(_ value: DefaultValue, type: ColumnType?) -> String {
        if isCurrentTimestamp(value) {
            return MySQLType.hasMicroseconds(type) ? "CURRENT_TIMESTAMP(6)" : "CURRENT_TIMESTAMP"
        }
        switch value.expression {
        case let .native(text, _):
            return "(\(trimmed(text.sql(for: .mysql) ?? "NULL")))"
        case .value(.null, _):
            return "NULL"
        default:
            // MySQL takes no literal default on TEXT, BLOB and JSON columns, only an expression.
            let literal = sql(value.expression)
            return takesExpressionDefaultOnly(type) ? "(\(literal))" : literal
        }
    }

    /// `CURRENT_TIMESTAMP` (or `NOW()`), whose precision must match the column's.
    static func isCurrentTimestamp(_ value: DefaultValue) -> Bool {
        guard case let .native(text, _) = value.expression else { return false }
        let code = trimmed(text.sql(for: .mysql) ?? "").uppercased()
        return ["CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP()", "NOW()"].contains(code)
    }

    private static func takesExpressionDefaultOnly(_ type: ColumnType?) -> Bool {
        switch type?.portable {
        case .text?, .json?, .bytes?: true
        default: false
        }
    }

    private static func trimmed(_ text: String) -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        return String(text.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
