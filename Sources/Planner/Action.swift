import PlanSpec

/// A dialect-neutral unit of schema or data work. Backends turn each into their own text;
/// names are plain strings here, always quoted by the backend.
public indirect enum Action: Sendable {
    // Tables
    case createTable(CreateTable)
    case dropTable(table: String)
    case renameTable(from: String, to: String)
    /// An updatable view under the old name of a renamed table, until contract.
    case createCompatibilityView(view: String, table: String)
    case dropView(view: String)

    // Columns
    case addColumn(table: String, column: Column)
    /// A column typed like `like` (its type, read from the catalog at run time) or of `type`.
    case addShadowColumn(table: String, column: String, like: String, type: ColumnType?)
    case dropColumn(table: String, column: String)
    case renameColumn(table: String, from: String, to: String)
    case alterColumnType(table: String, column: String, type: ColumnType, using: DialectText?)
    case setNotNull(table: String, column: String, type: ColumnType?)
    case dropNotNull(table: String, column: String, type: ColumnType?)
    case setDefault(table: String, column: String, value: DefaultValue, type: ColumnType?)
    case dropDefault(table: String, column: String, type: ColumnType?)
    /// At contract, while the sync trigger still runs: the new column takes over the old one's NOT NULL
    /// and, when `includeDefault`, its default, read from the catalog when the script runs
    /// (plancc never sees the database, so it cannot spell them out itself).
    case adoptColumnAttributes(table: String, from: String, to: String, includeDefault: Bool)
    /// At contract, before anything is dropped: stops the script (non-zero exit) while some row
    /// has `from` set and `to` different from `value` (what the backfill writes), naming the
    /// columns and the count. Skipped once either column is gone (a re-run after the drop).
    /// `type` is the new column's, where the plan knows it (how values are compared).
    case requireCopied(table: String, from: String, to: String, value: Expression, type: ColumnType?)
    // Indexes and constraints
    case createIndex(table: String, name: String, shape: IndexShape)
    case dropIndex(table: String, name: String)
    case addPrimaryKey(table: String, name: String, columns: [String])
    /// `validated: false` adds it without checking existing rows (`NOT VALID`).
    case addForeignKey(table: String, name: String, shape: ForeignKeyShape, validated: Bool)
    case addCheck(table: String, name: String, expression: DialectText, validated: Bool)
    /// `CHECK (column IS NOT NULL) NOT VALID`: the cheap proof before `SET NOT NULL`.
    case addNotNullCheck(table: String, name: String, column: String)
    case addUnique(table: String, name: String, columns: [String])
    case validateConstraint(table: String, name: String)
    case dropConstraint(table: String, name: String)

    // Data
    case backfill(BackfillWork)
    /// Keep `from` and `to` equal on every insert and update, both ways, until contract.
    case installSyncTrigger(SyncTrigger)
    case dropSyncTrigger(table: String, name: String)

    // Author-written code and notes
    case raw(DialectText)
    /// The forward (or contract) code of a `sql` change, run only while it is still to do.
    case authorCode(AuthorCode)
    /// Rollback of a `sql` change without a verify: its ledger row goes, so forward runs it again.
    case forgetAuthorCode(LedgerEntry)
    /// Nothing to run: a comment that says why (e.g. what rollback cannot undo).
    case note(String)

    // Soft drop_column (after the others, so that the cases before keep their order)
    /// Forward of a soft drop_column: new code no longer writes the graveyard column, so a NOT NULL
    /// without a default would refuse its inserts until contract. When the script runs, a column
    /// that is NOT NULL without a default (nor identity, nor generated) is made nullable and its
    /// comment marked (`Plan.releasedNotNullMark`), so that rollback knows to give it back.
    case releaseNotNull(table: String, column: String)
    /// Rollback of `releaseNotNull`: NOT NULL again, and the comment unmarked, where forward released
    /// it; stops (naming the count) while rows written since forward hold NULL there.
    case restoreNotNull(table: String, column: String, original: String)
}

extension Action {
    /// Whether this is the batched data work itself (not schema work scheduled in the backfill phase).
    public var isBackfill: Bool {
        if case .backfill = self { true } else { false }
    }

    /// A check of the data that contract makes before it removes anything.
    public var isProof: Bool {
        if case .requireCopied = self { true } else { false }
    }
}

/// The author's code of a `sql` change, made re-runnable: it runs while `verify` (when given)
/// does not pass yet, the check run first with its errors caught; without a verify, while the
/// ledger holds no row for `ledger`, and the row is written once the code ran.
public struct AuthorCode: Sendable {
    public var code: DialectText
    public var verify: DialectText?
    public var ledger: LedgerEntry

    public init(code: DialectText, verify: DialectText?, ledger: LedgerEntry) {
        self.code = code; self.verify = verify; self.ledger = ledger
    }
}

/// One row of the ledger the scripts keep in the target database (a table on PostgreSQL and
/// MySQL, a collection on MongoDB, all named `plancc_ledger`): the `sql` changes without a
/// verify that already ran, keyed by spec id and change number.
public struct LedgerEntry: Sendable, Equatable {
    public static let name = "plancc_ledger"
    public var specID: String
    public var changeIndex: Int

    public init(specID: String, changeIndex: Int) {
        self.specID = specID; self.changeIndex = changeIndex
    }
}

/// A batched update: `set` on rows matching `filter` that still differ, `batchSize` rows at a time by `key`.
public struct BackfillWork: Sendable {
    /// Which rows still need the update, so that a re-run only touches those.
    public enum Pending: Sendable {
        /// Rows matching `filter` where some assigned column differs from its new value.
        case differs
        /// Rows where some assigned column is still NULL (for per-row volatile values).
        case targetIsNull
        /// Rows where some assigned column is still NULL while its value is not: a copy into a
        /// column that writers already fill (a rename's new column, kept by the sync trigger),
        /// so a re-run never overwrites what a writer put there.
        case unfilled
    }

    public var table: String
    public var set: [Backfill.Assignment]
    public var filter: DialectText?
    /// The batching key; nil means the table's primary key, looked up by the script.
    public var key: [String]?
    public var batchSize: Int
    public var batchPause: Milliseconds
    /// The estimate from `tables.rows`, for progress.
    public var estimatedRows: Int64?
    public var pending: Pending
    /// The assigned column's type, where the plan gave it (a type change's shadow column): how
    /// its values are compared with the new ones. nil: as the engine compares them.
    public var columnType: ColumnType?

    public init(table: String, set: [Backfill.Assignment], filter: DialectText?, key: [String]?,
                batchSize: Int, batchPause: Milliseconds, estimatedRows: Int64?, pending: Pending,
                columnType: ColumnType? = nil) {
        self.table = table; self.set = set; self.filter = filter; self.key = key
        self.batchSize = batchSize; self.batchPause = batchPause; self.estimatedRows = estimatedRows
        self.pending = pending; self.columnType = columnType
    }
}

/// Two columns kept equal while old and new code run side by side.
public struct SyncTrigger: Sendable {
    public var table: String
    public var name: String
    public var oldColumn: String
    public var newColumn: String
    /// Converts old values to new ones (an alter_column_type's `using`); nil copies as is.
    public var toNew: DialectText?
    /// The new type, when it differs from the old one; old values are cast back on writes to the new column.
    public var newType: ColumnType?
    public var oldType: ColumnType?

    public init(table: String, name: String, oldColumn: String, newColumn: String, toNew: DialectText?,
                newType: ColumnType?, oldType: ColumnType?) {
        self.table = table; self.name = name; self.oldColumn = oldColumn; self.newColumn = newColumn
        self.toNew = toNew; self.newType = newType; self.oldType = oldType
    }
}

extension Action {
    /// The table a step works on, where it has one (a rename: its old name).
    public var workTable: String? {
        switch self {
        case let .createTable(op): op.table.value
        case let .dropTable(t), let .renameTable(t, _): t
        case let .createCompatibilityView(_, t): t
        case let .addColumn(t, _), let .addShadowColumn(t, _, _, _), let .dropColumn(t, _), let .renameColumn(t, _, _),
             let .alterColumnType(t, _, _, _), let .setNotNull(t, _, _), let .dropNotNull(t, _, _),
             let .setDefault(t, _, _, _), let .dropDefault(t, _, _), let .adoptColumnAttributes(t, _, _, _),
             let .requireCopied(t, _, _, _, _), let .releaseNotNull(t, _), let .restoreNotNull(t, _, _),
             let .createIndex(t, _, _), let .dropIndex(t, _),
             let .addPrimaryKey(t, _, _), let .addForeignKey(t, _, _, _), let .addCheck(t, _, _, _),
             let .addNotNullCheck(t, _, _), let .addUnique(t, _, _), let .validateConstraint(t, _),
             let .dropConstraint(t, _), let .dropSyncTrigger(t, _):
            t
        case let .backfill(work): work.table
        case let .installSyncTrigger(sync): sync.table
        case .dropView, .raw, .authorCode, .forgetAuthorCode, .note: nil
        }
    }
}

extension Plan {
    /// The new name of `step`'s table when a step after position `index` of `steps` renames it
    /// (the step itself excluded): such a step must not run again once the rename is done.
    public static func renameTarget(of step: Step, after index: Int, in steps: [Step]) -> String? {
        if case .renameTable = step.action { return nil }
        guard let table = step.action.workTable else { return nil }
        for later in steps.dropFirst(index + 1) {
            if case let .renameTable(from, to) = later.action, from == table { return to }
        }
        return nil
    }
}
