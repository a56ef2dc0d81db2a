import PlanDiagnostics
import PlanSpec
import PlanSQL

/// An author `sql` change applied to the model statement by statement, from the parse of its
/// `forward` (`StatementEffect`): what a statement does plainly (CREATE TABLE / VIEW, ALTER
/// TABLE ADD / DROP / RENAME COLUMN, CREATE / DROP INDEX, ...) changes the model as the same
/// operation of a spec would; a statement not understood makes the tables it names unknown,
/// and one that names none (a DO block) makes everything unknown. Each statement's names are
/// checked against the model the statements before it left; `rollback` and `verify` against
/// the model after `forward`.
extension SpecReplay {
    mutating func applyAuthorSQL(_ change: Change) {
        if case let .sql(op) = change.operation, let mysql = op.forward.sql(for: .mysql) {
            model.mySQLFunctions.formUnion(MySQLFunctions.created(in: mysql))
        }
        let forward = change.sqlReads.first { $0.field == .statements(forward: true) }
        guard let forward else {
            // Not read (a spec without postgresql, or a MySQL-only text): it may have changed
            // anything; what is known to have been created stays so.
            let functions = model.functions, volatility = model.functionVolatility, mySQLFunctions = model.mySQLFunctions
            model = SchemaModel()
            model.functions = functions
            model.functionVolatility = volatility
            model.mySQLFunctions = mySQLFunctions
            return
        }
        if let unparsed = forward.unparsed {
            // A syntax error (E0113): whatever it is fixed to may touch the tables it names,
            // and create functions; nothing is claimed on them after it.
            guard let names = unparsed else { return apply(.forgetEverything, at: change.location, change) }
            let tables = Set(names).filter { model.table($0) != nil || model.removedTables[$0] != nil }
            apply(.forgetTables(tables.sorted()), at: change.location, change)
            if names.contains("function") || names.contains("extension") || names.contains("do") { model.functionsKnown = false }
            // It may create or rename a table into being: after a baseline, an unknown table is no longer an error.
            if names.contains("create") || names.contains("alter") { model.strict = false }
            return
        }
        replayStatements(forward, change)
        // Rollback and verify run after forward: their statements are checked one by one against
        // a copy of the model forward left, each applied to it for the ones after it.
        for read in change.sqlReads where read.field == .statements(forward: false) && read.unparsed == nil {
            let after = model
            replayStatements(read, change)
            model = after
        }
    }

    /// Checks each statement's names against the model the statements before it left, and applies it.
    private mutating func replayStatements(_ forward: SQLRead, _ change: Change) {
        // Each name goes to the statement it is in: the last one starting at or before it.
        let starts = forward.statements.map(\.location.offset)
        func statement(of location: SourceLocation) -> Int {
            var low = 0, high = starts.count
            while low < high {
                let mid = (low + high) / 2
                if starts[mid] <= location.offset { low = mid + 1 } else { high = mid }
            }
            return low - 1
        }
        func byStatement<T>(_ items: [T], _ location: (T) -> SourceLocation) -> [Int: [T]] {
            Dictionary(grouping: items) { statement(of: location($0)) }
        }
        let columnsOf = byStatement(forward.columns, \.location), tablesOf = byStatement(forward.tables, \.location)
        let functionsOf = byStatement(forward.functions, \.location)
        for (index, statement) in forward.statements.enumerated() {
            let columns = columnsOf[index] ?? [], tables = tablesOf[index] ?? []
            checkReferences(columns, tables, functionsOf[index] ?? [])
            for effect in statement.effects {
                switch effect {
                case let .dropTables(dropped):
                    for table in dropped { checkViewsOver(Name(table, at: statement.location), verb: "drop it") }
                case let .dropColumn(table, column):
                    checkViewsUsing(Name(table, at: statement.location), Name(column, at: statement.location), verb: "drop it")
                case let .alterColumnType(table, column):
                    checkViewsUsing(Name(table, at: statement.location), Name(column, at: statement.location), verb: "change its type")
                default:
                    break
                }
                apply(effect, at: statement.location, change)
                if case let .createTable(view, _, true) = effect {
                    recordView(view, uses: columns, tables: tables, at: statement.location)
                }
            }
        }
    }

    private mutating func apply(_ effect: StatementEffect, at location: SourceLocation, _ change: Change) {
        func name(_ text: String) -> Name { Name(text, at: location) }
        /// "renamed to 'x' by spec ..., change 2 (sql)", placed at the statement.
        func removal(_ verb: String) -> Removal {
            var removal = reason(verb, change)
            removal.location = location
            removal.byAuthorSQL = true
            return removal
        }
        switch effect {
        case let .createTable(table, columns, view):
            var model = TableModel(name: table, complete: columns != nil, definedAt: location)
            model.isView = view
            for column in columns ?? [] {
                model.put(ColumnModel(name: column, type: nil, nullable: nil, defaultValue: nil, identity: nil, definedAt: location))
            }
            self.model.put(model)
        case let .addColumn(table, column):
            onTable(name(table)) {
                $0.put(ColumnModel(name: column, type: nil, nullable: nil, defaultValue: nil, identity: nil, definedAt: location))
            }
        case let .dropColumn(table, column):
            let dropped = removal("dropped")
            onTable(name(table)) { $0.removeColumn(column, dropped) }
        case let .dropColumnCascade(table, column):
            for view in views(on: table, column: column) { _ = model.remove(view, removal("dropped by DROP COLUMN ... CASCADE")) }
            apply(.dropColumn(table: table, column: column), at: location, change)
        case let .dropTablesCascade(tables):
            for table in tables {
                for view in views(on: table, column: nil) { _ = model.remove(view, removal("dropped by DROP ... CASCADE")) }
            }
            apply(.dropTables(tables), at: location, change)
        case let .alterColumnType(table, column):
            apply(.alterColumn(table: table, column: column), at: location, change)
        case let .notInlined(function):
            model.notInlinedFunctions.insert(function)
        case let .alterFunction(function, volatility):
            model.functionVolatility[function] = volatility
            if volatility == .immutable { model.immutableFunctions.insert(function) } else { model.immutableFunctions.remove(function) }
        case let .renameColumn(table, from, to):
            let renamed = removal("renamed to '\(to)'")
            onTable(name(table)) { table in
                var column = table.column(from)
                    ?? ColumnModel(name: to, type: nil, nullable: nil, defaultValue: nil, identity: nil, definedAt: location)
                // What was built on the column may name it in text: forgotten rather than renamed.
                table.removeColumn(from, renamed)
                table.renameViewUses(from, to: to)
                column.name = to
                column.definedAt = location
                table.put(column)
            }
        case let .alterColumn(table, column):
            onTable(name(table)) { table in
                table.update(column) { $0.type = nil; $0.nullable = nil; $0.defaultValue = nil; $0.definedAt = location }
            }
        case let .renameTable(from, to):
            var table = model.remove(from, removal("renamed to '\(to)'"))
                ?? TableModel(name: to, complete: false, definedAt: location)
            table.name = to
            table.definedAt = location
            model.put(table)
            if table.isView { model.renameView(from, to: to) }
        case let .dropTables(tables):
            for table in tables { _ = model.remove(table, removal("dropped")) }
        case let .createIndex(table, index, columns, unique):
            onTable(name(table)) { table in
                if let columns {
                    let shape = IndexShape(columns: columns.map { IndexColumn(name($0)) }, unique: unique, filter: nil)
                    table.indexes[index] = IndexModel(shape: shape, definedAt: location, prefixesKnown: false)
                    table.removedIndexes[index] = nil
                } else {
                    table.indexes[index] = nil
                }
            }
        case let .dropIndexes(indexes):
            for index in indexes {
                for var table in model.tables.values where table.indexes[index] != nil {
                    table.indexes[index] = nil
                    model.put(table)
                }
            }
        case let .createFunction(function, volatility):
            model.functions.insert(function)
            model.functionVolatility[function] = max(model.functionVolatility[function] ?? volatility, volatility)
            if volatility == .immutable { model.immutableFunctions.insert(function) }
        case .none:
            break
        case let .forgetTables(tables):
            for table in tables { model.forget(table, at: location) }
        case .forgetEverything:
            let functions = model.functions, volatility = model.functionVolatility, immutable = model.immutableFunctions
            let notInlined = model.notInlinedFunctions, mySQLFunctions = model.mySQLFunctions
            model = SchemaModel()
            model.functions = functions
            model.functionVolatility = volatility
            model.immutableFunctions = immutable
            model.notInlinedFunctions = notInlined
            model.mySQLFunctions = mySQLFunctions
            model.functionsKnown = false
        }
    }
}
