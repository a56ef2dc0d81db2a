import PlanSpec

/// Whether two values of a synced column differ, for the sync triggers, the backfill's pending
/// rows and contract's copy check. `IS DISTINCT FROM` needs an equality operator, which `json`,
/// `xml`, `point` and other types do not have: there it fails ("could not identify an equality
/// operator"), and with it every write to the table while a sync trigger is installed. So values
/// are compared with `IS DISTINCT FROM` only where the type is known to have one (every portable
/// type, and the built-in types listed here, and arrays of them); elsewhere, and where the plan
/// does not know the type, as their text (`::text`, NULL stays NULL), which is exact for two
/// values of one type. A value `converted` from another type (the old column's, through
/// `using`) is cast to the column's type first, so it reads as the column would hold it (and
/// `jsonb` meets `jsonb`, not `json`, for which there is no operator either).
enum Distinct {
    static func sql(_ a: String, _ b: String, type: ColumnType?, converted: Bool = false) -> String {
        let right = converted ? type.map { "(\(b))::\(SQL.type($0))" } ?? b : b
        if hasEquality(type) { return "\(a) IS DISTINCT FROM \(right)" }
        return "(\(a))::text IS DISTINCT FROM (\(right))::text"
    }

    static func hasEquality(_ type: ColumnType?) -> Bool {
        guard let type else { return false }
        if type.portable != nil { return true }
        guard var spelled = type.spelled(for: .postgresql)?.lowercased() else { return false }
        if spelled.hasPrefix("pg_catalog.") { spelled.removeFirst("pg_catalog.".count) }
        while spelled.hasSuffix("[]") { spelled.removeLast(2) }
        if let open = spelled.firstIndex(of: "(") {
            // `timestamp(3) with time zone`: the words after the modifier belong to the name.
            let close = spelled[open...].firstIndex(of: ")").map { spelled.index(after: $0) } ?? spelled.endIndex
            spelled = String(spelled[..<open]) + String(spelled[close...])
        }
        let words = spelled.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return withEquality.contains(words)
    }

    /// Built-in types with a default btree or hash equality (as `IS DISTINCT FROM` finds it).
    private static let withEquality: Set<String> = [
        "smallint", "int2", "integer", "int", "int4", "bigint", "int8", "smallserial", "serial", "bigserial",
        "serial2", "serial4", "serial8", "numeric", "decimal", "real", "float4", "double precision", "float8", "float", "money",
        "text", "varchar", "character varying", "char", "character", "bpchar", "name", "citext",
        "boolean", "bool", "bytea", "uuid", "jsonb", "inet", "cidr", "macaddr", "macaddr8",
        "date", "time", "timetz", "time with time zone", "time without time zone",
        "timestamp", "timestamptz", "timestamp with time zone", "timestamp without time zone", "interval",
        "bit", "varbit", "bit varying", "oid", "tsvector", "tsquery", "int4range", "int8range", "numrange",
        "tsrange", "tstzrange", "daterange",
    ]
}
