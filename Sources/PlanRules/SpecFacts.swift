import PlanSpec

/// A table's column, as a dictionary key.
struct ColumnKey: Hashable, Sendable {
    var table: String
    var column: String
}

/// Row counts above which a table is large for the rules and the impact estimates.
public enum RowThresholds {
    /// A table scan or index build takes minutes; batching matters.
    public static let large: Int64 = 1_000_000
    /// A single pass over the table takes long enough to be an operation of its own.
    public static let veryLarge: Int64 = 10_000_000
}

/// What a spec says about itself, worked out once for every rule: what it creates,
/// what it fills, which columns its indexes lead with.
public struct SpecFacts: Sendable {
    public let spec: Spec
    /// The change that created each table (create_table).
    private let createdTables: [String: Int]
    /// Each column added by add_column or create_table, with the change that added it.
    private let addedColumns: [ColumnKey: (index: Int, column: Column)]
    /// The first backfill that sets each column.
    private let backfills: [ColumnKey: Int]
    /// Per table, the column lists of every index, primary key or unique column the spec creates.
    let indexedColumns: [String: [[String]]]
    /// The indexes the schema history knows before the spec.
    let known: KnownIndexes

    public init(_ spec: Spec, known: KnownIndexes = KnownIndexes()) {
        self.spec = spec
        self.known = known
        var tables: [String: Int] = [:], columns: [ColumnKey: (index: Int, column: Column)] = [:], filled: [ColumnKey: Int] = [:]
        var indexed: [String: [[String]]] = [:]
        for change in spec.changes {
            switch change.operation {
            case let .createTable(op):
                tables[op.table.value] = tables[op.table.value] ?? change.index
                for column in op.columns {
                    columns[ColumnKey(table: op.table.value, column: column.name.value)] = (change.index, column)
                    if column.unique { indexed[op.table.value, default: []].append([column.name.value]) }
                }
                if !op.primaryKey.isEmpty { indexed[op.table.value, default: []].append(op.primaryKey.map(\.value)) }
            case let .addColumn(op):
                columns[ColumnKey(table: op.table.value, column: op.column.name.value)] = (change.index, op.column)
                if op.column.unique { indexed[op.table.value, default: []].append([op.column.name.value]) }
            case let .createIndex(op):
                indexed[op.table.value, default: []].append(op.columns.map(\.name.value))
            case let .addPrimaryKey(op):
                indexed[op.table.value, default: []].append(op.columns.map(\.value))
            case let .backfill(op):
                for assignment in op.set {
                    let key = ColumnKey(table: op.table.value, column: assignment.column.value)
                    filled[key] = filled[key] ?? change.index
                }
            default:
                break
            }
        }
        createdTables = tables
        addedColumns = columns
        backfills = filled
        indexedColumns = indexed
    }

    public var changes: [Change] { spec.changes }

    /// Whether an index of the history or of this spec has `columns` as its leading columns, in any order.
    func isIndexed(_ columns: [String], in table: String) -> Bool {
        ((known.columns[table] ?? []) + (indexedColumns[table] ?? [])).contains { index in
            index.count >= columns.count && Set(index.prefix(columns.count)) == Set(columns)
        }
    }

    /// Each change whose operation `match` picks, with its body.
    func operations<Body>(_ match: (Operation) -> Body?) -> [(change: Change, op: Body)] {
        spec.changes.compactMap { change in match(change.operation).map { (change, $0) } }
    }

    /// The change that created `table` earlier in this spec, if one did.
    func creation(of table: String, before index: Int) -> Int? {
        createdTables[table].flatMap { $0 < index ? $0 : nil }
    }

    /// The column as an earlier change of this spec added it, if one did.
    func addedColumn(_ column: String, in table: String, before index: Int) -> Column? {
        addedColumns[ColumnKey(table: table, column: column)].flatMap { $0.index < index ? $0.column : nil }
    }

    /// Whether the table exists before the spec runs (holds rows we cannot see).
    func isExisting(_ table: String, at index: Int) -> Bool { creation(of: table, before: index) == nil }

    /// Whether an earlier change of this spec backfills `table.column`.
    func isBackfilled(_ column: String, in table: String, before index: Int) -> Bool {
        backfills[ColumnKey(table: table, column: column)].map { $0 < index } ?? false
    }

    /// The row estimate from `tables:`, when the spec gives one.
    public func rows(of table: String) -> Int64? { spec.rows(of: table) }

    var expandContract: Bool { spec.rollout.mode == .expandContract }

    /// How many rows the table holds when change `index` runs, for messages: "40000 rows",
    /// "no rows yet" for a table this spec created, or "an unknown number of rows".
    func rowsText(_ table: String, at index: Int) -> String {
        if !isExisting(table, at: index) { return "no rows yet" }
        return rows(of: table).map { "\($0) rows" } ?? "an unknown number of rows"
    }
}
