import PlanSpec

/// How the portable types are spelled on MySQL 8 and MariaDB 10.11 (see docs/mysql.md).
enum MySQLType {
    /// The type as written in DDL.
    static func sql(_ type: ColumnType) -> String {
        if let spelled = type.spelled(for: .mysql) { return spelled }
        guard let portable = type.portable else { return type.description }
        switch portable {
        case .text: return "text"
        case let .varchar(n): return "varchar(\(n))"
        case let .char(n): return "char(\(n))"
        case .smallint: return "smallint"
        case .integer: return "int"
        case .bigint: return "bigint"
        case .boolean: return "tinyint(1)"
        case let .decimal(p, s): return "decimal(\(p),\(s))"
        case .real: return "float"
        case .double: return "double"
        case .date: return "date"
        // Microseconds, as PostgreSQL keeps them.
        case .time: return "time(6)"
        case .timestamp: return "datetime(6)"
        // DATETIME, not TIMESTAMP: no 2038 limit and no conversion through the session time
        // zone; the application stores UTC (docs/mysql.md).
        case .timestamptz: return "datetime(6)"
        case .uuid: return "char(36)"
        // MariaDB spells JSON as LONGTEXT with a JSON_VALID check.
        case .json: return "json"
        case .bytes: return "longblob"
        }
    }

    /// Whether a type carries fractional seconds, so a CURRENT_TIMESTAMP default needs `(6)`.
    static func hasMicroseconds(_ type: ColumnType?) -> Bool {
        guard let type else { return false }
        return sql(type).hasSuffix("(6)")
    }

    /// A condition on an information_schema.COLUMNS row (`c`) that holds when the column has
    /// this type. Integer display widths differ (MariaDB `int(11)`, MySQL `int`), so integers
    /// compare DATA_TYPE, and a type given per dialect also matches without the width
    /// (`int unsigned` for `int(10) unsigned`); MariaDB reports JSON as longtext.
    static func matches(_ type: ColumnType, row c: String = "c") -> String {
        let spelled = sql(type).lowercased()
        switch type.portable {
        case .smallint?, .integer?, .bigint?:
            return "\(c).DATA_TYPE = \(MySQL.literal(spelled))"
        case .json?:
            return "\(c).DATA_TYPE IN ('json', 'longtext')"
        case nil:
            let withoutWidth = "CONCAT(\(c).DATA_TYPE, SUBSTRING(\(c).COLUMN_TYPE, LOCATE(')', \(c).COLUMN_TYPE) + 1))"
            return "(LOWER(\(c).COLUMN_TYPE) = \(MySQL.literal(spelled)) OR LOWER(\(c).DATA_TYPE) = \(MySQL.literal(spelled))"
                + " OR (\(c).DATA_TYPE IN ('tinyint', 'smallint', 'mediumint', 'int', 'bigint') AND LOWER(\(withoutWidth)) = \(MySQL.literal(spelled))))"
        default:
            return "LOWER(\(c).COLUMN_TYPE) = \(MySQL.literal(spelled))"
        }
    }
}
