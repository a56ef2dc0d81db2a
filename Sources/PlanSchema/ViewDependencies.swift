import PlanDiagnostics
import PlanSpec
import PlanSQL

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
            if column.name == SQLReading.star {
                // `*` is expanded when the view is created: the view uses every column the table has then.
                for table in column.tables ?? [] where table != view {
                    guard let known = model.table(table) else { continue }
                    onTable(Name(table, at: location)) { model in
                        for column in known.columns { model.viewsUsing[column.name, default: [:]][view] = location }
                    }
                }
                continue
            }
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
        guard let target else { return }
        checkViewsUsing(target.table, target.column, verb: target.verb)
    }

    /// A column a view uses cannot be dropped or change type while the view exists.
    mutating func checkViewsUsing(_ table: Name, _ column: Name, verb: String) {
        guard let views = model.table(table.value)?.viewsUsing[column.value] else { return }
        for (view, location) in views.sorted(by: { $0.key < $1.key }) where model.table(view) != nil {
            error(.columnUsedByView,
                  "view '\(view)' uses '\(table.value).\(column.value)': PostgreSQL refuses to \(verb) while the view exists",
                  at: column.location, notes: [.init("view created here", at: location)],
                  fix: "drop the view in a `sql` change before this one and create it again after, or keep the column")
        }
    }

    /// The views that use `column` of `table` (all columns when nil) or select from it.
    func views(on table: String, column: String?) -> [String] {
        guard let known = model.table(table) else { return [] }
        var views = Set(column.map { known.viewsUsing[$0]?.keys.map { $0 } ?? [] } ?? known.viewsUsing.values.flatMap(\.keys))
        if column == nil { views.formUnion(known.viewsOver.keys) }
        return views.filter { $0 != table && model.table($0) != nil }.sorted()
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
