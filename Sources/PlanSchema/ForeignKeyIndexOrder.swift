import PlanDiagnostics
import PlanSpec

/// MySQL refuses to drop an index a foreign key needs ("needed in a foreign key constraint"),
/// unless another index can serve the key: one whose leading columns are the key's columns, in
/// order, whole (not a prefix of a string column) and not partial. The scripts run the changes
/// in the spec's order, so a drop_index of a foreign key's index (its name, or its columns led
/// by the key's) listed before the drop_constraint of that key fails there, unless the table
/// has such another index at that point: as the history and the spec's earlier changes leave
/// the table (its primary key, indexes, unique constraints). An index the history does not
/// know cannot be counted. A key that stays after the spec (no drop_constraint of it follows)
/// makes the drop of its index an error too: MySQL refuses it with ERROR 1553.
extension SpecReplay {
    mutating func checkForeignKeyIndexOrder(_ change: Change, at position: Int) {
        guard spec.dialects.contains(.mysql), case let .dropIndex(index) = change.operation else { return }
        let table = index.table.value.lowercased()
        /// Whether the dropped index is the one MySQL keeps for a key over `keyColumns` named `keyName`.
        func isKeysIndex(_ keyName: String, _ keyColumns: [String]) -> Bool {
            let leading = index.was.map { Array($0.columns.prefix(keyColumns.count)).map { $0.name.value.lowercased() } == keyColumns } ?? false
            return index.name.value.lowercased() == keyName.lowercased() || leading
        }
        var droppedLater: Set<String> = []
        for later in spec.changes.dropFirst(position + 1) {
            guard case let .dropConstraint(constraint) = later.operation, constraint.table.value.lowercased() == table else { continue }
            droppedLater.insert(constraint.name.value.lowercased())
            guard let key = foreignKey(constraint) else { continue }
            let keyColumns = key.columns.map { $0.value.lowercased() }
            guard isKeysIndex(constraint.name.value, keyColumns) else { continue }
            if otherIndex(serving: keyColumns, on: index.table, besides: index.name.value) != nil { break }
            error(.foreignKeyIndexDroppedFirst,
                  "MySQL refuses to drop index '\(index.name.value)' while foreign key '\(constraint.name.value)' of '\(index.table.value)' needs it, "
                      + "and change \(later.index) drops that key only after it",
                  at: change.location, notes: [.init("the foreign key is dropped here", at: later.location)],
                  fix: "list the drop_constraint of '\(constraint.name.value)' before this drop_index")
            return
        }
        // A key that stays: the history's, or one this spec made before the drop.
        guard let known = model.table(index.table.value) else { return }
        for (name, constraint) in known.constraints.sorted(by: { $0.key < $1.key }) where !droppedLater.contains(name.lowercased()) {
            guard case let .shaped(.foreignKey(key)?) = constraint.kind else { continue }
            let keyColumns = key.columns.map { $0.value.lowercased() }
            guard isKeysIndex(name, keyColumns),
                  otherIndex(serving: keyColumns, on: index.table, besides: index.name.value) == nil else { continue }
            let columns = key.columns.map(\.value).joined(separator: ", ")
            error(.foreignKeyIndexDroppedFirst,
                  "MySQL refuses to drop index '\(index.name.value)' (ERROR 1553, needed in a foreign key constraint): foreign key '\(name)' of "
                      + "'\(index.table.value)' over (\(columns)) needs it, stays after this spec, and no other index is led by its columns",
                  at: change.location, notes: [.init("the foreign key is made here", at: constraint.definedAt)],
                  fix: "create an index led by (\(columns)) in a change before this drop_index, or drop foreign key '\(name)' before it")
            return
        }
    }

    /// The key's definition: as the drop_constraint states it, else as the history knows it.
    private func foreignKey(_ op: DropConstraint) -> ForeignKeyShape? {
        if case let .foreignKey(key)? = op.was { return key }
        if case let .shaped(.foreignKey(key)?)? = model.table(op.table.value)?.constraints[op.name.value]?.kind { return key }
        return nil
    }

    /// The name of another index the table has now that can serve a foreign key over `columns`.
    private func otherIndex(serving columns: [String], on table: Name, besides dropped: String) -> String? {
        guard let known = model.table(table.value) else { return nil }
        func serves(_ leading: [String]) -> Bool { Array(leading.prefix(columns.count)) == columns }
        if let key = known.primaryKey, serves(key.map { $0.lowercased() }) { return "PRIMARY" }
        for (name, index) in known.indexes.sorted(by: { $0.key < $1.key }) where name.lowercased() != dropped.lowercased() {
            guard index.shape.filter == nil, !index.shape.columns.prefix(columns.count).contains(where: { $0.prefix != nil }) else { continue }
            if serves(index.shape.columns.map { $0.name.value.lowercased() }) { return name }
        }
        for (name, constraint) in known.constraints.sorted(by: { $0.key < $1.key }) where name.lowercased() != dropped.lowercased() {
            if case let .shaped(.unique(unique)?) = constraint.kind, serves(unique.map { $0.value.lowercased() }) { return name }
        }
        return nil
    }
}
