import PlanSpec

/// Each operation's effect on the model, as the whole spec leaves it (after contract).
extension SpecReplay {
    mutating func apply(_ change: Change) {
        switch change.operation {
        case let .createTable(op): createTable(op)
        case let .dropTable(op): _ = model.remove(op.table.value, reason("dropped", change))
        case let .renameTable(op): renameTable(op, change)
        case let .addColumn(op): addColumn(op)
        case let .dropColumn(op):
            let removal = reason("dropped", change)
            onTable(op.table) { $0.removeColumn(op.column.value, removal) }
        case let .renameColumn(op): renameColumn(op, change)
        case let .alterColumnType(op) where spec.rollout.mode == .expandContract:
            // The shadow column swapped in at contract takes the old NOT NULL and default (converted
            // to the new type), but none of the indexes or constraints built on the old column
            // (dropped with it).
            onTable(op.table) { table in
                let indexes = table.indexes.filter { !$0.value.shape.columns.contains { $0.name.value == op.column.value } }
                let constraints = table.constraints.filter { !$0.value.uses(op.column.value) }
                table.indexes = indexes
                table.constraints = constraints
            }
            onColumn(op.table, op.column) { $0.type = op.type }
            // The shadow column, added last, takes the old one's name: the column ends the table.
            onTable(op.table) { table in
                guard let index = table.columns.firstIndex(where: { $0.name == op.column.value }) else { return }
                table.columns.append(table.columns.remove(at: index))
            }
        case let .alterColumnType(op): onColumn(op.table, op.column) { $0.type = op.type }
        case let .setNotNull(op): onColumn(op.table, op.column) { $0.nullable = false; if let type = op.type { $0.type = type } }
        case let .dropNotNull(op): onColumn(op.table, op.column) { $0.nullable = true; if let type = op.type { $0.type = type } }
        case let .setDefault(op):
            onColumn(op.table, op.column) { $0.defaultValue = .value(op.defaultValue); $0.defaultSetAt = op.defaultValue.expression.location }
        case let .dropDefault(op): onColumn(op.table, op.column) { $0.defaultValue = PriorDefault.none; $0.defaultSetAt = op.column.location }
        case let .createIndex(op):
            let shape = IndexShape(columns: op.columns, unique: op.unique, filter: op.filter)
            onTable(op.table) {
                $0.indexes[op.name.value] = IndexModel(shape: shape, definedAt: op.name.location)
                $0.removedIndexes[op.name.value] = nil
            }
        case let .dropIndex(op):
            let removal = reason("dropped", change)
            onTable(op.table) {
                $0.indexes[op.name.value] = nil
                $0.removedIndexes[op.name.value] = removal
            }
        case let .addPrimaryKey(op):
            onTable(op.table) { table in
                table.primaryKey = op.columns.map(\.value)
                table.constraints[op.name.value] = ConstraintModel(kind: .primaryKey(op.columns.map(\.value)), definedAt: op.name.location)
                table.removedConstraints[op.name.value] = nil
                for column in op.columns { table.update(column.value) { $0.nullable = false } }
            }
        case let .addForeignKey(op):
            onTable(op.table) {
                $0.constraints[op.name.value] = ConstraintModel(kind: .shaped(.foreignKey(op.foreignKey)), definedAt: op.name.location)
                $0.removedConstraints[op.name.value] = nil
            }
        case let .addCheck(op):
            onTable(op.table) {
                $0.constraints[op.name.value] = ConstraintModel(kind: .shaped(.check(op.expression)), definedAt: op.name.location)
                $0.removedConstraints[op.name.value] = nil
            }
        case let .dropConstraint(op):
            let removal = reason("dropped", change)
            onTable(op.table) { table in
                if case .primaryKey? = table.constraints[op.name.value]?.kind { table.primaryKey = nil }
                table.constraints[op.name.value] = nil
                table.removedConstraints[op.name.value] = removal
            }
        case .backfill:
            break
        case .sql:
            applyAuthorSQL(change)
        }
    }

    mutating func onTable(_ name: Name, _ change: (inout TableModel) -> Void) {
        var table = model.touch(name)
        change(&table)
        model.put(table)
    }

    /// Applies `change` to the column, adding it as partly known when the history never saw it.
    private mutating func onColumn(_ table: Name, _ column: Name, _ change: (inout ColumnModel) -> Void) {
        onTable(table) { table in
            if table.column(column.value) == nil {
                table.put(ColumnModel(name: column.value, type: nil, nullable: nil, defaultValue: nil, identity: nil, definedAt: column.location))
            }
            table.update(column.value) {
                change(&$0)
                $0.definedAt = column.location
            }
        }
    }

    private mutating func createTable(_ op: CreateTable) {
        var table = TableModel(name: op.table.value, complete: true, definedAt: op.table.location)
        for column in op.columns { Self.add(column, to: &table) }
        if !op.primaryKey.isEmpty {
            table.primaryKey = op.primaryKey.map(\.value)
            for key in op.primaryKey { table.update(key.value) { $0.nullable = false } }
        }
        model.put(table)
    }

    private mutating func addColumn(_ op: AddColumn) {
        let existing = model.table(op.table.value)?.column(op.column.name.value)
        if let existing, fromEarlierSpec(existing.definedAt) {
            error(.duplicateName, "column '\(op.table.value).\(op.column.name.value)' already exists", at: op.column.name.location,
                  notes: [.init("last stated here", at: existing.definedAt)])
        }
        onTable(op.table) { Self.add(op.column, to: &$0) }
    }

    /// A column as the spec states it, with the unique index and foreign key plancc names for it.
    private static func add(_ column: Column, to table: inout TableModel) {
        let t = table.name, c = column.name.value
        table.put(ColumnModel(name: c, type: column.type, nullable: column.nullable,
                              defaultValue: column.defaultValue.map { .value($0) } ?? PriorDefault.none,
                              defaultSetAt: column.defaultValue?.expression.location ?? column.name.location,
                              identity: column.identity, definedAt: column.name.location))
        if column.unique {
            table.removedIndexes[GeneratedNames.uniqueIndex(table: t, column: c)] = nil
            table.indexes[GeneratedNames.uniqueIndex(table: t, column: c)] = IndexModel(
                shape: IndexShape(columns: [IndexColumn(column.name)], unique: true, filter: nil), definedAt: column.name.location)
        }
        if let ref = column.references {
            let shape = ForeignKeyShape(columns: [column.name], referencedTable: ref.table, referencedColumns: [ref.column],
                                        onDelete: ref.onDelete, onUpdate: ref.onUpdate)
            table.removedConstraints[GeneratedNames.foreignKey(table: t, column: c)] = nil
            table.constraints[GeneratedNames.foreignKey(table: t, column: c)] = ConstraintModel(kind: .shaped(.foreignKey(shape)),
                                                                                               definedAt: column.name.location)
        }
    }

    private mutating func renameTable(_ op: RenameTable, _ change: Change) {
        guard op.from.value != op.to.value else { return }
        var table = model.remove(op.from.value, reason("renamed to '\(op.to.value)'", change))
            ?? TableModel(name: op.to.value, complete: false, definedAt: op.to.location)
        table.name = op.to.value
        table.definedAt = op.to.location
        model.put(table)
        if table.isView { model.renameView(op.from.value, to: op.to.value) }
    }

    private mutating func renameColumn(_ op: RenameColumn, _ change: Change) {
        let from = op.from.value, to = op.to.value
        guard from != to else { return }
        let removal = reason("renamed to '\(to)'", change)
        let expand = spec.rollout.mode == .expandContract
        onTable(op.table) { table in
            var column = table.column(from)
                ?? ColumnModel(name: to, type: nil, nullable: nil, defaultValue: nil, identity: nil, definedAt: op.to.location)
            // Under expand_contract the new column is a copy: what was built on the old one is
            // dropped with it at contract.
            let carried = !expand
            let indexes = carried ? table.indexes : [:], constraints = carried ? table.constraints : [:]
            // In place (single_step: RENAME COLUMN); under expand_contract the copy is added last.
            let position = carried ? table.columns.firstIndex { $0.name == from } : nil
            table.removeColumn(from, removal)
            let kept = (table.indexes, table.constraints)
            column.name = to
            column.definedAt = op.to.location
            table.put(column)
            if let position, let index = table.columns.firstIndex(where: { $0.name == to }), index != position {
                table.columns.insert(table.columns.remove(at: index), at: min(position, table.columns.count))
            }
            // Indexes and keys follow the column under its new name; a check's text would not.
            func renamed(_ name: Name) -> Name { name.value == from ? Name(to, at: name.location) : name }
            guard carried else {
                (table.indexes, table.constraints) = kept
                return
            }
            table.renameViewUses(from, to: to)
            // A partial index's predicate is text that may name the old column: its definition is forgotten.
            table.indexes = indexes.filter { $0.value.shape.filter == nil }
                .mapValues { index in
                    var index = index
                    index.shape.columns = index.shape.columns.map { IndexColumn(renamed($0.name), prefix: $0.prefix) }
                    return index
                }
            table.constraints = constraints.mapValues { constraint in
                var constraint = constraint
                switch constraint.kind {
                case let .primaryKey(columns): constraint.kind = .primaryKey(columns.map { $0 == from ? to : $0 })
                case var .shaped(.foreignKey(shape)?):
                    shape.columns = shape.columns.map(renamed)
                    constraint.kind = .shaped(.foreignKey(shape))
                case let .shaped(.unique(columns)?): constraint.kind = .shaped(.unique(columns.map(renamed)))
                case .shaped(.check?): constraint.kind = .shaped(nil)
                case .shaped(nil): break
                }
                return constraint
            }
            if let key = table.primaryKey { table.primaryKey = key.map { $0 == from ? to : $0 } }
        }
    }
}
