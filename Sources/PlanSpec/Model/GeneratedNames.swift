/// Names plancc makes up for the objects of an expand/contract rollout. They live here,
/// beside the model, so that validation can hold them to the same length limits as the
/// author's names.
public enum GeneratedNames {
    /// Soft-dropped tables and columns wait under this name until contract.
    public static func graveyard(_ name: String) -> String { "_plancc_dropped_" + name }

    /// The column of the new type during an expand_contract type change.
    public static func shadow(_ column: String) -> String { "_plancc_new_" + column }

    /// The trigger (and trigger function) that keeps two columns in sync.
    public static func syncTrigger(table: String, column: String) -> String { "_plancc_sync_\(table)_\(column)" }

    /// The check constraint that proves NOT NULL before `SET NOT NULL`.
    public static func notNullCheck(table: String, column: String) -> String { "_plancc_nn_\(table)_\(column)" }

    /// The unique index of a column declared `unique` in add_column.
    public static func uniqueIndex(table: String, column: String) -> String { "\(table)_\(column)_key" }

    /// The foreign key of a column declared with `references` in add_column.
    public static func foreignKey(table: String, column: String) -> String { "\(table)_\(column)_fkey" }

    /// The names a change will create in the database besides the ones the spec gives.
    public static func created(by operation: Operation, mode: Rollout.Mode) -> [String] {
        let expand = mode == .expandContract
        switch operation {
        case let .addColumn(op):
            let t = op.table.value, c = op.column.name.value
            var names: [String] = []
            if op.column.unique { names.append(uniqueIndex(table: t, column: c)) }
            if op.column.references != nil { names.append(foreignKey(table: t, column: c)) }
            if op.column.defaultValue?.volatile == true, !op.column.nullable { names.append(notNullCheck(table: t, column: c)) }
            return names
        case let .setNotNull(op):
            return [notNullCheck(table: op.table.value, column: op.column.value)]
        case let .dropColumn(op) where expand:
            return [graveyard(op.column.value)]
        case let .dropTable(op) where expand:
            return [graveyard(op.table.value)]
        case let .renameColumn(op) where expand:
            return [syncTrigger(table: op.table.value, column: op.to.value)]
        case let .alterColumnType(op) where expand:
            let shadow = shadow(op.column.value)
            return [shadow, syncTrigger(table: op.table.value, column: shadow)]
        default:
            return []
        }
    }
}
