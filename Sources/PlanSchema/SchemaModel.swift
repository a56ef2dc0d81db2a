import PlanDiagnostics
import PlanSpec
import PlanSQL

/// The schema as the specs so far have left it: replayed from the baseline and every spec in
/// id order, each applied whole (forward, backfill and contract). plancc never sees the
/// database, so the model only holds what the specs state; what they never mention is unknown,
/// not absent, unless a baseline described the database (`strict`).
public struct SchemaModel: Sendable {
    public internal(set) var tables: [String: TableModel] = [:]
    /// Tables a spec dropped or renamed away, with the reason and where.
    public internal(set) var removedTables: [String: Removal] = [:]
    /// Set once a `kind: baseline` spec has been replayed: a table it does not know is an error.
    public internal(set) var strict = false
    /// Functions author SQL created (`CREATE FUNCTION`), beside those PostgreSQL ships.
    public internal(set) var functions: Set<String> = []
    /// Functions the mysql dialect's author SQL created (`MySQLFunctions.created`), lowercased.
    public internal(set) var mySQLFunctions: Set<String> = []
    /// Their volatility, the most volatile of the statements that created one of the name.
    public internal(set) var functionVolatility: [String: PostgresFunctions.Volatility] = [:]
    /// Those of them with an IMMUTABLE overload (as created, or as ALTER FUNCTION last made it):
    /// the others are refused in an index predicate.
    public internal(set) var immutableFunctions: Set<String> = []
    /// Those of them in a language PostgreSQL never inlines (plpgsql, C).
    public internal(set) var notInlinedFunctions: Set<String> = []
    /// False once author SQL may have created functions plancc cannot name (a DO block, an
    /// extension that is not contrib): an unknown function is then not reported.
    public internal(set) var functionsKnown = true

    public init() {}

    public func table(_ name: String) -> TableModel? { tables[name] }

    mutating func put(_ table: TableModel) {
        tables[table.name] = table
        removedTables[table.name] = nil
    }

    mutating func remove(_ name: String, _ removal: Removal) -> TableModel? {
        removedTables[name] = removal
        return tables.removeValue(forKey: name)
    }

    /// A table author SQL changed in a way plancc does not read: nothing is known of it but its name.
    /// The views built on it stay: whatever the statement did, they still depend on the table
    /// (a statement that could drop them, `DROP ... CASCADE`, is read as such).
    mutating func forget(_ name: String, at location: SourceLocation) {
        guard tables[name] != nil || removedTables[name] != nil || strict else { return }
        var table = TableModel(name: name, complete: false, definedAt: location)
        if let known = tables[name] {
            table.viewsUsing = known.viewsUsing
            table.viewsOver = known.viewsOver
            table.isView = known.isView
        }
        tables[name] = table
        removedTables[name] = nil
    }

    /// A view renamed (`rename_table`, `ALTER VIEW ... RENAME TO`): the tables it uses know it by its new name.
    mutating func renameView(_ from: String, to: String) {
        for (name, var table) in tables where table.viewsOver[from] != nil || table.viewsUsing.values.contains(where: { $0[from] != nil }) {
            if let location = table.viewsOver.removeValue(forKey: from) { table.viewsOver[to] = location }
            for (column, var views) in table.viewsUsing {
                guard let location = views.removeValue(forKey: from) else { continue }
                views[to] = location
                table.viewsUsing[column] = views
            }
            tables[name] = table
        }
    }

    /// The table a change works on, created as partly known when the history never saw it.
    mutating func touch(_ name: Name) -> TableModel {
        if let table = tables[name.value] { return table }
        let table = TableModel(name: name.value, complete: false, definedAt: name.location)
        tables[name.value] = table
        return table
    }
}

/// Why a name is gone: "dropped by 20261124150000_x (specs/x.yaml line 12)".
public struct Removal: Sendable {
    public var reason: String
    public var location: SourceLocation
    /// Removed by author SQL (`ALTER TABLE ... RENAME TO`, `DROP TABLE`): the spec's own
    /// validation does not read SQL, so a later change of the same spec is told here.
    public var byAuthorSQL = false
}

public struct TableModel: Sendable {
    public var name: String
    /// In the order they were created.
    public var columns: [ColumnModel] = []
    /// Every column is known (created by create_table or a baseline); otherwise only those a spec mentioned.
    public var complete: Bool
    public var primaryKey: [String]?
    public var indexes: [String: IndexModel] = [:]
    public var constraints: [String: ConstraintModel] = [:]
    public var definedAt: SourceLocation
    public var removedColumns: [String: Removal] = [:]
    /// Indexes and constraints a drop_index or drop_constraint removed (by name), and where.
    public var removedIndexes: [String: Removal] = [:]
    public var removedConstraints: [String: Removal] = [:]
    /// Views author SQL created over this table, by the column they use: name and where.
    public var viewsUsing: [String: [String: SourceLocation]] = [:]
    /// Views author SQL created that select from this table: name and where.
    public var viewsOver: [String: SourceLocation] = [:]
    /// A view (or materialized view) author SQL created, kept under its name like a table: its
    /// columns are known by name only, and no table's ALTER TABLE applies to it.
    public var isView = false

    init(name: String, complete: Bool, definedAt: SourceLocation) {
        self.name = name; self.complete = complete; self.definedAt = definedAt
    }

    public func column(_ name: String) -> ColumnModel? { columns.first { $0.name == name } }

    mutating func update(_ name: String, _ change: (inout ColumnModel) -> Void) {
        guard let index = columns.firstIndex(where: { $0.name == name }) else { return }
        change(&columns[index])
    }

    mutating func put(_ column: ColumnModel) {
        removedColumns[column.name] = nil
        if let index = columns.firstIndex(where: { $0.name == column.name }) { columns[index] = column } else { columns.append(column) }
    }

    /// A column renamed: the views that used it use it under its new name (PostgreSQL's
    /// dependencies are on the column, not its name).
    mutating func renameViewUses(_ from: String, to: String) {
        guard let views = viewsUsing.removeValue(forKey: from) else { return }
        viewsUsing[to, default: [:]].merge(views) { a, _ in a }
    }

    mutating func removeColumn(_ name: String, _ removal: Removal) {
        columns.removeAll { $0.name == name }
        removedColumns[name] = removal
        // What was built on the column goes with it (PostgreSQL and MySQL drop such indexes and constraints).
        indexes = indexes.filter { !$0.value.shape.columns.contains { $0.name.value == name } }
        constraints = constraints.filter { !$0.value.uses(name) }
    }
}

public struct ColumnModel: Sendable {
    public var name: String
    /// nil: no spec stated it.
    public var type: ColumnType?
    public var nullable: Bool?
    /// nil: unknown; `.some(.none)`: known to have none.
    public var defaultValue: PriorDefault?
    /// Where the spec that made `defaultValue` what it is said so (the default's value, or the
    /// column or change that left it without one).
    public var defaultSetAt: SourceLocation? = nil
    public var identity: Bool?
    /// Where a spec last stated a fact about it.
    public var definedAt: SourceLocation
}

public struct IndexModel: Sendable {
    public var shape: IndexShape
    public var definedAt: SourceLocation
    /// False for an index author SQL created: PostgreSQL's parse has no prefix lengths.
    public var prefixesKnown = true
}

public struct ConstraintModel: Sendable {
    public enum Kind: Sendable {
        case primaryKey([String])
        /// A shape rollback can rebuild; nil when a rename made its text stale.
        case shaped(ConstraintShape?)
    }
    public var kind: Kind
    public var definedAt: SourceLocation

    /// Whether the constraint is built on `column` (a check's text is not read: it may be).
    func uses(_ column: String) -> Bool {
        switch kind {
        case let .primaryKey(columns): columns.contains(column)
        case let .shaped(.foreignKey(shape)?): shape.columns.contains { $0.value == column }
        case let .shaped(.unique(columns)?): columns.contains { $0.value == column }
        case .shaped(.check?), .shaped(nil): false
        }
    }
}
