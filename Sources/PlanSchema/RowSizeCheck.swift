import PlanDiagnostics
import PlanSpec

/// MySQL and MariaDB refuse a table whose row could exceed 65,535 bytes: the sum of every
/// column's maximum size, a utf8mb4 varchar(n) counting 4n bytes plus its length prefix (1 byte
/// up to 255, else 2), text and blob columns 10 to 12 (their contents are stored apart), plus a
/// bit per nullable column. The per-column limit (varchar up to 16383) is the decoder's; this
/// is the sum over the table as the history knows it after the change. Only what the specs
/// state is counted (a column of unknown type, or given per dialect, counts nothing), so the
/// sum is a lower bound and an error is never a false one.
extension SpecReplay {
    static let mySQLRowLimit = 65_535

    mutating func checkRowSize(_ change: Change) {
        guard spec.kind == .change, spec.dialects.contains(.mysql) else { return }
        let added: [(name: Name, type: ColumnType)]
        let table: Name
        switch change.operation {
        case let .createTable(op): table = op.table; added = op.columns.map { ($0.name, $0.type) }
        case let .addColumn(op): table = op.table; added = [(op.column.name, op.column.type)]
        case let .alterColumnType(op): table = op.table; added = [(op.column, op.type)]
        default: return
        }
        guard let known = model.table(table.value) else { return }
        let sizes = known.columns.map { (name: $0.name, bytes: $0.type.map(Self.mySQLRowBytes) ?? 0) }
        let nullable = known.columns.filter { $0.nullable == true }.count
        let total = sizes.reduce(0) { $0 + $1.bytes } + (nullable + 7) / 8
        guard total > Self.mySQLRowLimit else { return }
        // Said at the widest column this change adds or retypes, the one that tipped it over.
        guard let culprit = added.max(by: { Self.mySQLRowBytes($0.type) < Self.mySQLRowBytes($1.type) }) else { return }
        let widest = sizes.sorted { $0.bytes > $1.bytes }.prefix(3).filter { $0.bytes > 0 }
            .map { "\($0.name) \($0.bytes)" }.joined(separator: ", ")
        error(.invalidType,
              "table '\(table.value)' is too wide for MySQL and MariaDB: its row would take at least \(total) bytes "
                  + "(limit \(Self.mySQLRowLimit); widest: \(widest) bytes), counting utf8mb4 as 4 bytes a character",
              at: culprit.type.location,
              fix: "use text for long values (a text column counts 10 bytes of the row), or shorter varchar/char lengths")
    }

    /// The bytes a column of `type` counts toward MySQL's row limit (utf8mb4), 0 when unknown.
    static func mySQLRowBytes(_ type: ColumnType) -> Int {
        guard let portable = type.portable else { return 0 }
        switch portable {
        case let .varchar(n): return 4 * n + (4 * n > 255 ? 2 : 1)
        case let .char(n): return 4 * n
        case .uuid: return 4 * 36  // char(36)
        case .text: return 10
        case .json, .bytes: return 12  // json (longtext on MariaDB), longblob
        case .smallint: return 2
        case .integer, .real: return 4
        case .bigint, .double: return 8
        case .boolean: return 1
        case .date: return 3
        case .time: return 6  // time(6)
        case .timestamp, .timestamptz: return 8  // datetime(6)
        case let .decimal(p, s): return decimalBytes(p - s) + decimalBytes(s)
        }
    }

    /// MySQL's packed decimal: 4 bytes per 9 digits, the rest by how many are left.
    private static func decimalBytes(_ digits: Int) -> Int {
        let rest = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4]
        return digits / 9 * 4 + rest[digits % 9]
    }
}
