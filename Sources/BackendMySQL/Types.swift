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

    /// Whether the type takes a character set and collation (a string type) that the spec does
    /// not state itself: then a rewrite restates the column's own.
    static func takesCharset(_ type: ColumnType) -> Bool {
        if let portable = type.portable {
            switch portable {
            case .text, .varchar, .char, .uuid: return true
            default: return false
            }
        }
        let spelled = sql(type).lowercased()
        if charsetStated(spelled) { return false }
        let base = spelled.prefix { $0.isLetter }
        return base.hasSuffix("char") || base.hasSuffix("text") || base == "enum" || base == "set"
    }

    /// The type's text names its own character set or collation (`varchar(32) character set ascii`).
    static func charsetStated(_ spelled: String) -> Bool {
        let words = spelled.lowercased().split { !$0.isLetter && $0 != "_" }
        return words.contains("collate") || words.contains("charset") || zip(words, words.dropFirst()).contains { $0 == "character" && $1 == "set" }
    }

    /// Whether a type carries fractional seconds, so a CURRENT_TIMESTAMP default needs `(6)`.
    static func hasMicroseconds(_ type: ColumnType?) -> Bool {
        guard let type else { return false }
        return sql(type).hasSuffix("(6)")
    }

    /// A condition on an information_schema.COLUMNS row (`c`) that holds when the column has
    /// this type. Integer display widths differ (MariaDB `int(11)`, MySQL `int`), so integers
    /// compare DATA_TYPE, and a type given per dialect also matches without the width
    /// (`int unsigned` for `int(10) unsigned`); MariaDB reports JSON as longtext. A type given
    /// per dialect is read as MySQL reads it: its `CHARACTER SET` and `COLLATE` are the column's
    /// CHARACTER_SET_NAME and COLLATION_NAME, and synonyms (`double precision`, `integer`,
    /// `numeric`, `bool`) are the type MySQL stores.
    static func matches(_ type: ColumnType, row c: String = "c") -> String {
        let spelled = sql(type).lowercased()
        switch type.portable {
        case .smallint?, .integer?, .bigint?:
            return "\(c).DATA_TYPE = \(MySQL.literal(spelled))"
        case .json?:
            return "\(c).DATA_TYPE IN ('json', 'longtext')"
        case nil:
            let parts = SpelledType(spelled)
            let base = MySQL.literal(parts.base)
            let withoutWidth = "CONCAT(\(c).DATA_TYPE, SUBSTRING(\(c).COLUMN_TYPE, LOCATE(')', \(c).COLUMN_TYPE) + 1))"
            var conditions = ["(LOWER(\(c).COLUMN_TYPE) = \(base) OR LOWER(\(c).DATA_TYPE) = \(base)"
                + " OR (\(c).DATA_TYPE IN ('tinyint', 'smallint', 'mediumint', 'int', 'bigint') AND LOWER(\(withoutWidth)) = \(base)))"]
            if let charset = parts.charset { conditions.append("LOWER(\(c).CHARACTER_SET_NAME) = \(MySQL.literal(charset))") }
            if let collation = parts.collation { conditions.append("LOWER(\(c).COLLATION_NAME) = \(MySQL.literal(collation))") }
            return conditions.count == 1 ? conditions[0] : "(" + conditions.joined(separator: " AND ") + ")"
        default:
            return "LOWER(\(c).COLUMN_TYPE) = \(MySQL.literal(spelled))"
        }
    }
}

/// A type as written for MySQL, split as the server stores it: the type information_schema
/// reports (COLUMN_TYPE, synonyms resolved) and the character set and collation it names.
struct SpelledType {
    var base: String
    var charset: String?
    var collation: String?

    /// Synonyms MySQL and MariaDB accept and store as another type (REAL is DOUBLE unless
    /// sql_mode has REAL_AS_FLOAT).
    private static let synonyms: [String: String] = [
        "double precision": "double", "real": "double", "integer": "int", "numeric": "decimal", "dec": "decimal",
        "fixed": "decimal", "bool": "tinyint(1)", "boolean": "tinyint(1)", "character varying": "varchar",
        "character": "char", "int4": "int", "int8": "bigint", "int2": "smallint", "float8": "double", "float4": "float",
    ]

    init(_ spelled: String) {
        var words = spelled.lowercased().split(separator: " ").map(String.init)
        func take(after keyword: [String]) -> String? {
            guard let at = (0...max(0, words.count - keyword.count)).first(where: { Array(words[$0..<min(words.count, $0 + keyword.count)]) == keyword }),
                  at + keyword.count < words.count else { return nil }
            let value = words[at + keyword.count]
            words.removeSubrange(at...(at + keyword.count))
            return value
        }
        charset = take(after: ["character", "set"]) ?? take(after: ["charset"])
        collation = take(after: ["collate"])
        var base = words.joined(separator: " ")
        // `double precision(10,2)`, `integer unsigned`: the synonym is the leading words.
        for (synonym, stored) in Self.synonyms.sorted(by: { $0.key.count > $1.key.count })
        where base == synonym || base.hasPrefix(synonym + " ") || base.hasPrefix(synonym + "(") {
            base = stored + base.dropFirst(synonym.count)
            break
        }
        self.base = base
    }
}
