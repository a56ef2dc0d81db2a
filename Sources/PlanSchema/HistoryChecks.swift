import PlanDiagnostics
import PlanSpec

/// What a change needs to exist, checked against the model before it is applied.
extension SpecReplay {
    mutating func checkAgainstHistory(_ change: Change) {
        guard let table = change.operation.table else { return }
        if case .createTable = change.operation {
            checkCreate(table)
        } else if checkTableExists(table) {
            let known = model.table(table.value)
            if let known, known.isView { checkNotAView(change.operation, table, known) }
            for column in change.operation.touchedColumns {
                checkColumn(column, of: table, in: known)
            }
            if let known { checkDroppedEarlier(change.operation, of: table, in: known) }
        }
        for reference in references(change.operation) {
            if checkTableExists(reference.table) {
                checkColumn(reference.column, of: reference.table, in: model.table(reference.table.value))
            }
        }
    }

    /// Whether the table may exist; reports it when an earlier spec removed it or, after a
    /// baseline, when no spec ever created it.
    mutating func checkTableExists(_ table: Name) -> Bool {
        if let removal = model.removedTables[table.value] {
            if fromEarlierSpec(removal.location) || removal.byAuthorSQL {
                error(.droppedTable, "table '\(table.value)' was \(removal.reason)", at: table.location,
                      notes: [.init("removed here", at: removal.location)])
            }
            return false
        }
        if model.table(table.value) == nil, model.strict {
            error(.unknownTable, "table '\(table.value)' is not in the baseline or created by an earlier spec", at: table.location,
                  fix: Self.suggestion(table.value, Array(model.tables.keys), "known tables"))
            return false
        }
        return true
    }

    /// A view author SQL created takes no constraint, column or key change: PostgreSQL's
    /// ALTER TABLE refuses them ("... is not a table"), as DROP TABLE refuses a view. Renames
    /// and backfills (an UPDATE of a simple view) are left to PostgreSQL.
    private mutating func checkNotAView(_ operation: Operation, _ table: Name, _ view: TableModel) {
        let what: String
        switch operation {
        case .addCheck: what = "add a check constraint to it"
        case .addForeignKey: what = "add a foreign key to it"
        case .addPrimaryKey: what = "add a primary key to it"
        case .dropConstraint: what = "drop a constraint of it"
        case .addColumn: what = "add a column to it"
        case .dropColumn: what = "drop a column of it"
        case .alterColumnType: what = "change a column's type"
        case .setNotNull, .dropNotNull: what = "change a column's NOT NULL"
        case .dropTable: what = "DROP TABLE it"
        default: return
        }
        error(.viewNotTable, "'\(table.value)' is a view, not a table: PostgreSQL refuses to \(what)",
              at: table.location, notes: [.init("view created here", at: view.definedAt)],
              fix: "change the table the view selects from, or replace the view in a `sql` change (CREATE OR REPLACE VIEW, DROP VIEW)")
    }

    private mutating func checkCreate(_ table: Name) {
        guard let existing = model.table(table.value), fromEarlierSpec(existing.definedAt) else { return }
        error(.duplicateName, "table '\(table.value)' already exists", at: table.location,
              notes: [.init("created or first changed here", at: existing.definedAt)])
    }

    private mutating func checkColumn(_ column: Name, of table: Name, in known: TableModel?) {
        guard let known else { return }
        if let removal = known.removedColumns[column.value], known.column(column.value) == nil {
            if fromEarlierSpec(removal.location) || removal.byAuthorSQL {
                error(.droppedColumn, "column '\(table.value).\(column.value)' was \(removal.reason)", at: column.location,
                      notes: [.init("removed here", at: removal.location)])
            }
        } else if known.complete, known.column(column.value) == nil, fromEarlierSpec(known.definedAt) {
            error(.unknownColumn, "table '\(table.value)' has no column '\(column.value)'", at: column.location,
                  notes: [.init("table '\(table.value)' defined here", at: known.definedAt)],
                  fix: Self.suggestion(column.value, known.columns.map(\.name), "columns"))
        }
    }

    /// A drop_index or drop_constraint of what an earlier spec's drop_index or drop_constraint
    /// removed (and nothing made again since). Names the history never saw are left alone:
    /// databases name primary keys and NOT NULL constraints themselves.
    private mutating func checkDroppedEarlier(_ operation: Operation, of table: Name, in known: TableModel) {
        if let (what, name, removal) = droppedEarlier(operation, known), fromEarlierSpec(removal.location) {
            error(.droppedIndexOrConstraint, "\(what) '\(name.value)' of '\(table.value)' was \(removal.reason)", at: name.location,
                  notes: [.init("dropped here", at: removal.location)],
                  fix: "remove this change: the \(what) no longer exists")
        }
    }

    /// The earlier drop (of this spec or an earlier one) of the index or constraint `operation` drops, if any.
    func droppedEarlier(_ operation: Operation, _ known: TableModel?) -> (String, Name, Removal)? {
        guard let known else { return nil }
        switch operation {
        case let .dropIndex(op):
            guard known.indexes[op.name.value] == nil, let removal = known.removedIndexes[op.name.value] else { return nil }
            return ("index", op.name, removal)
        case let .dropConstraint(op):
            guard known.constraints[op.name.value] == nil, let removal = known.removedConstraints[op.name.value] else { return nil }
            return ("constraint", op.name, removal)
        default:
            return nil
        }
    }

    /// The columns of other tables a change points at (foreign keys).
    private func references(_ operation: Operation) -> [(table: Name, column: Name)] {
        switch operation {
        case let .createTable(op):
            op.columns.compactMap { $0.references.map { ($0.table, $0.column) } }
                .filter { $0.0.value != op.table.value }
        case let .addColumn(op):
            op.column.references.map { [($0.table, $0.column)] } ?? []
        case let .addForeignKey(op):
            op.foreignKey.referencedColumns.map { (op.foreignKey.referencedTable, $0) }
        default:
            []
        }
    }
}
