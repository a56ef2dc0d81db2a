import PlanDiagnostics
import PlanSupport

/// Replays the spec's changes in order over what the spec itself says about tables, to catch
/// changes to things an earlier change removed, names defined twice, columns that are not
/// there, and literals that do not fit the column they go into.
struct SchemaTracker {
    let spec: Spec
    let sink: DiagnosticSink

    /// Why a name is gone: "dropped by change 2", "renamed to 'people' by change 3".
    private struct Removal { var reason: String; var location: SourceLocation }

    private final class State {
        var removedTables: [String: Removal] = [:]
        var removedColumns: [String: [String: Removal]] = [:]
        /// Columns of tables whose full shape the spec knows (created in it).
        var knownTables: [String: [String: Column]] = [:]
        /// Columns the spec added or created, by table; their types are known.
        var knownColumns: [String: [String: Column]] = [:]
        /// Where the spec created (or renamed to) each known table, for "first defined here".
        var tableNamedAt: [String: SourceLocation] = [:]
        var indexNames: [String: SourceLocation] = [:]
        var constraintNames: [String: SourceLocation] = [:]
        /// Indexes and constraints a drop_index or drop_constraint removed, by "table.name".
        var droppedIndexes: [String: Removal] = [:]
        var droppedConstraints: [String: Removal] = [:]
    }

    func run() {
        let state = State()
        for change in spec.changes {
            checkTouched(change, state)
            apply(change, state)
        }
    }

    // MARK: what a change touches

    private func checkTouched(_ change: Change, _ state: State) {
        guard let table = change.operation.table else { return }
        if let removal = state.removedTables[table.value], !isCreate(change) {
            sink.error(.droppedTable, "table '\(table.value)' was \(removal.reason)", at: table.location,
                       notes: [.init("removed here", at: removal.location)])
            return
        }
        for column in change.operation.touchedColumns {
            if let removal = state.removedColumns[table.value]?[column.value] {
                sink.error(.droppedColumn, "column '\(table.value).\(column.value)' was \(removal.reason)", at: column.location,
                           notes: [.init("removed here", at: removal.location)])
            } else if let known = state.knownTables[table.value], known[column.value] == nil {
                sink.error(.unknownColumn, "table '\(table.value)' has no column '\(column.value)'", at: column.location,
                           fix: Self.suggestion(column.value, known.keys))
            }
        }
    }

    private func isCreate(_ change: Change) -> Bool {
        if case .createTable = change.operation { return true }
        return false
    }

    // MARK: effects

    private func apply(_ change: Change, _ state: State) {
        let reason = { (verb: String) in "\(verb) by change \(change.index) (\(change.name))" }
        switch change.operation {
        case let .createTable(op):
            if state.knownTables[op.table.value] != nil {
                duplicate("table", op.table, state.tableNamedAt[op.table.value])
            }
            state.tableNamedAt[op.table.value] = op.table.location
            var columns: [String: Column] = [:]
            for column in op.columns {
                if let first = columns[column.name.value] {
                    duplicate("column", column.name, first.name.location)
                }
                columns[column.name.value] = column
                checkDefault(column)
            }
            for key in op.primaryKey where columns[key.value] == nil {
                sink.error(.unknownColumn, "primary key column '\(key.value)' is not among the columns of '\(op.table.value)'",
                           at: key.location, fix: Self.suggestion(key.value, columns.keys))
            }
            state.removedTables[op.table.value] = nil
            state.removedColumns[op.table.value] = nil
            state.knownTables[op.table.value] = columns
            state.knownColumns[op.table.value] = columns
        case let .dropTable(op):
            state.removedTables[op.table.value] = Removal(reason: reason("dropped"), location: change.location)
            state.knownTables[op.table.value] = nil
        case let .renameTable(op):
            if op.to.value != op.from.value, state.knownTables[op.to.value] != nil {
                duplicate("table", op.to, state.tableNamedAt[op.to.value])
            }
            state.removedTables[op.from.value] = Removal(reason: reason("renamed to '\(op.to.value)'"), location: change.location)
            state.removedTables[op.to.value] = nil
            state.knownTables[op.to.value] = state.knownTables.removeValue(forKey: op.from.value)
            state.tableNamedAt[op.to.value] = op.to.location
            state.knownColumns[op.to.value] = state.knownColumns.removeValue(forKey: op.from.value)
            state.removedColumns[op.to.value] = state.removedColumns.removeValue(forKey: op.from.value)
        case let .addColumn(op):
            let t = op.table.value, c = op.column.name.value
            if let existing = state.knownColumns[t]?[c] {
                duplicate("column", op.column.name, existing.name.location)
            }
            state.removedColumns[t]?[c] = nil
            state.knownTables[t]?[c] = op.column
            state.knownColumns[t, default: [:]][c] = op.column
            checkDefault(op.column)
            if state.knownTables[t] == nil { checkFillable(op) }
        case let .dropColumn(op):
            state.removedColumns[op.table.value, default: [:]][op.column.value] = Removal(reason: reason("dropped"), location: change.location)
            state.knownTables[op.table.value]?[op.column.value] = nil
            state.knownColumns[op.table.value]?[op.column.value] = nil
        case let .renameColumn(op):
            let t = op.table.value
            if op.to.value != op.from.value, let existing = state.knownColumns[t]?[op.to.value] {
                duplicate("column", op.to, existing.name.location)
            }
            state.removedColumns[t, default: [:]][op.from.value] = Removal(reason: reason("renamed to '\(op.to.value)'"), location: change.location)
            state.removedColumns[t]?[op.to.value] = nil
            if let column = state.knownColumns[t]?.removeValue(forKey: op.from.value) {
                state.knownColumns[t]?[op.to.value] = column
            }
            if let column = state.knownTables[t]?.removeValue(forKey: op.from.value) {
                state.knownTables[t]?[op.to.value] = column
            }
        case let .alterColumnType(op):
            state.knownColumns[op.table.value]?[op.column.value]?.type = op.type
        case let .setDefault(op):
            if let column = state.knownColumns[op.table.value]?[op.column.value], case let .value(literal, at) = op.defaultValue.expression {
                checkLiteral(literal, at: at, column: column)
            }
        case let .createIndex(op):
            if let first = state.indexNames[op.name.value] { duplicate("index", op.name, first) }
            state.indexNames[op.name.value] = op.name.location
            state.droppedIndexes[op.table.value + "." + op.name.value] = nil
        case let .dropIndex(op):
            dropped("index", op.table, op.name, in: &state.droppedIndexes, Removal(reason: reason("dropped"), location: change.location))
        case let .dropConstraint(op):
            dropped("constraint", op.table, op.name, in: &state.droppedConstraints, Removal(reason: reason("dropped"), location: change.location))
        case let .addPrimaryKey(op):
            addConstraint(op.name, state)
            state.droppedConstraints[op.table.value + "." + op.name.value] = nil
        case let .addForeignKey(op):
            addConstraint(op.name, state)
            state.droppedConstraints[op.table.value + "." + op.name.value] = nil
        case let .addCheck(op):
            addConstraint(op.name, state)
            state.droppedConstraints[op.table.value + "." + op.name.value] = nil
        case let .backfill(op):
            for assignment in op.set {
                if let column = state.knownColumns[op.table.value]?[assignment.column.value],
                   case let .value(literal, at) = assignment.value {
                    checkLiteral(literal, at: at, column: column)
                }
            }
        default:
            break
        }
    }

    /// A second drop of an index or constraint this spec already dropped (E0321, as the history reports one an earlier spec dropped).
    private func dropped(_ what: String, _ table: Name, _ name: Name, in removed: inout [String: Removal], _ removal: Removal) {
        let key = table.value + "." + name.value
        if let first = removed[key] {
            sink.error(.droppedIndexOrConstraint, "\(what) '\(name.value)' of '\(table.value)' was \(first.reason)", at: name.location,
                       notes: [.init("dropped here", at: first.location)], fix: "remove this change: the \(what) no longer exists")
        } else {
            removed[key] = removal
        }
    }

    private func addConstraint(_ name: Name, _ state: State) {
        if let first = state.constraintNames[name.value] { duplicate("constraint", name, first) }
        state.constraintNames[name.value] = name.location
    }

    private func duplicate(_ what: String, _ name: Name, _ first: SourceLocation?) {
        sink.error(.duplicateName, "\(what) '\(name.value)' is defined twice in this spec", at: name.location,
                   notes: first.map { [.init("first defined here", at: $0)] } ?? [])
    }

    /// A NOT NULL column added to a table that exists before the spec (one it did not create)
    /// needs a value for every row it already holds: `ADD COLUMN ... NOT NULL` without a default
    /// fails on the first one, on PostgreSQL and MySQL alike. An identity column numbers them.
    private func checkFillable(_ op: AddColumn) {
        let column = op.column
        guard !column.nullable, column.defaultValue == nil, !column.identity else { return }
        let name = "\(op.table.value).\(column.name.value)"
        sink.error(.notNullWithoutDefault,
                   "NOT NULL column '\(name)' has no default, and '\(op.table.value)' exists before this spec: adding it fails on the first existing row",
                   at: column.name.location,
                   fix: "add it nullable, fill it, then make it NOT NULL: add_column { nullable: true }, "
                       + "backfill { table: \(op.table.value), set: { \(column.name.value): ... }, where: \"\(column.name.value) IS NULL\" }, "
                       + "set_not_null { table: \(op.table.value), column: \(column.name.value) }; "
                       + "or give it a default: (a constant, or { sql: ..., volatile: true } for a value per row)")
    }

    private func checkDefault(_ column: Column) {
        if case let .value(literal, at)? = column.defaultValue?.expression {
            checkLiteral(literal, at: at, column: column)
        }
    }

    private func checkLiteral(_ literal: Literal, at location: SourceLocation, column: Column) {
        guard let type = column.type.portable, let problem = LiteralFit.problem(literal, type) else { return }
        sink.error(.literalDoesNotFit, "\(problem) for column '\(column.name.value)' of type \(type)", at: location)
    }

    private static func suggestion(_ name: String, _ candidates: some Collection<String>) -> String? {
        if let close = Suggestions.closest(to: name, in: candidates.sorted()) { return "did you mean '\(close)'?" }
        return candidates.isEmpty ? nil : "columns: \(candidates.sorted().joined(separator: ", "))"
    }
}

extension Operation {
    /// Columns that must exist before the change runs.
    public var touchedColumns: [Name] {
        switch self {
        case let .dropColumn(op): [op.column]
        case let .renameColumn(op): [op.from]
        case let .alterColumnType(op): [op.column]
        case let .setNotNull(op), let .dropNotNull(op): [op.column]
        case let .setDefault(op): [op.column]
        case let .dropDefault(op): [op.column]
        case let .createIndex(op): op.columns.map(\.name)
        case let .addPrimaryKey(op): op.columns
        case let .addForeignKey(op): op.foreignKey.columns
        case let .backfill(op): op.set.map(\.column) + (op.key ?? [])
        default: []
        }
    }
}
