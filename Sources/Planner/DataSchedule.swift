import PlanSpec

/// Keeps the spec's order across phases. Forward runs before backfill, so a change written
/// after a backfill of the same columns (the seed's own pattern: add a column, fill it, then
/// require it) cannot run in forward: its NOT NULL proof, check, key or index would meet rows
/// the backfill has not filled yet. Such a change runs in the backfill phase instead, after
/// the backfill it follows, and every later change on those columns follows it there, so the
/// order on a column is always the spec's. Changes on other columns keep their phase.
///
/// The author's `sql` changes name their phase themselves and are left where they are.
struct DataSchedule {
    /// Per table, the columns whose later changes must wait; `nil` means every column.
    private var waiting: [String: Set<String>?] = [:]

    /// Whether this change's forward steps run after the backfills before it.
    mutating func runsAfterBackfill(_ change: Change, backfills: Bool) -> Bool {
        let footprint = Self.footprint(of: change.operation)
        let waits = footprint.contains { table, columns in
            guard let held = waiting[table] else { return false }
            guard let held, let columns else { return true }
            return !held.isDisjoint(with: columns)
        }
        if waits || backfills {
            for (table, columns) in footprint {
                switch (waiting[table], columns) {
                case let (held??, columns?): waiting[table] = .some(held.union(columns))
                case (nil, let columns?): waiting[table] = .some(columns)
                default: waiting[table] = .some(nil)
                }
            }
        }
        return waits
    }

    /// The tables and columns a change reads or writes; `nil` columns when it may touch any
    /// (an expression plancc does not read, a whole table, a drop by name).
    private static func footprint(of operation: Operation) -> [(table: String, columns: Set<String>?)] {
        func on(_ table: Name, _ columns: [Name]?) -> [(table: String, columns: Set<String>?)] {
            [(table.value, columns.map { Set($0.map(\.value)) })]
        }
        switch operation {
        case let .createTable(op): return on(op.table, nil)
        case let .dropTable(op): return on(op.table, nil)
        case let .renameTable(op): return on(op.from, nil) + on(op.to, nil)
        case let .addColumn(op): return on(op.table, [op.column.name])
        case let .dropColumn(op): return on(op.table, [op.column])
        case let .renameColumn(op): return on(op.table, [op.from, op.to])
        case let .alterColumnType(op): return on(op.table, [op.column])
        case let .setNotNull(op), let .dropNotNull(op): return on(op.table, [op.column])
        case let .setDefault(op): return on(op.table, [op.column])
        case let .dropDefault(op): return on(op.table, [op.column])
        case let .createIndex(op): return on(op.table, op.filter == nil ? op.columns.map(\.name) : nil)
        case let .dropIndex(op): return on(op.table, nil)
        case let .addPrimaryKey(op): return on(op.table, op.columns)
        case let .addForeignKey(op): return on(op.table, op.foreignKey.columns)
        case let .addCheck(op): return on(op.table, nil)
        case let .dropConstraint(op): return on(op.table, nil)
        case let .backfill(op):
            // What it writes and what it reads: a later drop of a column it copies waits too.
            var columns = op.set.map(\.column)
            for assignment in op.set {
                switch assignment.value {
                case let .column(source): columns.append(source)
                case .value: break
                case .native: return on(op.table, nil)
                }
            }
            return on(op.table, op.filter == nil ? columns : nil)
        case .sql: return []
        }
    }
}
