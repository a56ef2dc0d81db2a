import PlanDiagnostics
import PlanSpec

/// A view's columns are read from its SELECT: the columns of tables it uses are recorded, and a
/// later `drop_column` or `alter_column_type` of one of them is an error, as PostgreSQL refuses
/// it at run time ("cannot drop column ... because other objects depend on it", "cannot alter
/// type of a column used by a view or rule").
extension SpecReplay {
    /// Records the table columns the view `view` names (those that belong to one table only).
    mutating func recordView(_ view: String, uses columns: [SQLRead.Column], tables: [SQLRead.Table], at location: SourceLocation) {
        for table in tables where table.name != view && model.table(table.name) != nil {
            onTable(Name(table.name, at: location)) { $0.viewsOver[view] = location }
        }
        for column in columns {
            guard let tables = column.tables, tables.count == 1, let table = tables.first, model.table(table) != nil else { continue }
            onTable(Name(table, at: location)) { $0.viewsUsing[column.name, default: [:]][view] = location }
        }
    }

    mutating func checkViewDependencies(_ change: Change) {
        let target: (table: Name, column: Name, verb: String)?
        switch change.operation {
        case let .dropColumn(op): target = (op.table, op.column, "drop it")
        case let .alterColumnType(op): target = (op.table, op.column, "change its type")
        case let .renameColumn(op) where spec.rollout.mode == .expandContract:
            // Contract drops the old column, which the view still uses.
            target = (op.table, op.from, "drop it at contract, after the copy")
        default: target = nil
        }
        if case let .dropTable(op) = change.operation { checkViewsOver(op.table, verb: "drop it") }
        guard let target, let views = model.table(target.table.value)?.viewsUsing[target.column.value] else { return }
        for (view, location) in views.sorted(by: { $0.key < $1.key }) where model.table(view) != nil {
            error(.columnUsedByView,
                  "view '\(view)' uses '\(target.table.value).\(target.column.value)': PostgreSQL refuses to \(target.verb) while the view exists",
                  at: target.column.location, notes: [.init("view created here", at: location)],
                  fix: "drop the view in a `sql` change before this one and create it again after, or keep the column")
        }
    }

    /// A table a view selects from cannot be dropped while the view exists ("cannot drop table
    /// ... because other objects depend on it"); plancc's drop_table does not CASCADE.
    mutating func checkViewsOver(_ table: Name, verb: String) {
        guard let known = model.table(table.value) else { return }
        var views = known.viewsOver
        for (_, using) in known.viewsUsing { views.merge(using) { a, _ in a } }
        for (view, location) in views.sorted(by: { $0.key < $1.key }) where model.table(view) != nil && view != table.value {
            error(.columnUsedByView,
                  "view '\(view)' selects from table '\(table.value)': PostgreSQL refuses to \(verb) while the view exists",
                  at: table.location, notes: [.init("view created here", at: location)],
                  fix: "drop the view in a `sql` change before this one (DROP VIEW), or keep the table")
        }
    }
}
