import Planner
import PlanSpec

/// Each plan action, spelled for PostgreSQL by its family.
enum Actions {
    /// What must run before the first step of the action's change: the proof that a column
    /// adopting NOT NULL holds no NULL, while the change's sync trigger still keeps it filled.
    /// The check that every row was copied comes first of all, so a refusal leaves everything in place.
    static func preparation(_ action: Action, dropped: Set<String> = []) -> [Piece] {
        switch action {
        case let .requireCopied(table, from, to, value, type): ColumnAdoption.requireCopied(table: table, from: from, to: to, value: value, type: type)
        case let .adoptColumnAttributes(table, from, to, _): ColumnAdoption.proof(table: table, from: from, to: to, dropped: dropped)
        default: []
        }
    }

    static func pieces(_ action: Action, _ settings: Backfills.Settings) -> [Piece] {
        switch action {
        case let .createTable(op): Tables.create(op)
        case let .dropTable(table): Tables.drop(table)
        case let .renameTable(from, to): Tables.rename(from: from, to: to)
        case let .createCompatibilityView(view, table): Tables.createCompatibilityView(view: view, table: table)
        case let .dropView(view): Tables.dropView(view)

        case let .addColumn(table, column): Columns.add(table: table, column: column)
        case let .addShadowColumn(table, column, like, type): Columns.addShadow(table: table, column: column, like: like, type: type)
        case let .dropColumn(table, column): Columns.drop(table: table, column: column)
        case let .renameColumn(table, from, to): Columns.rename(table: table, from: from, to: to)
        case let .alterColumnType(table, column, type, using): Columns.alterType(table: table, column: column, type: type, using: using)
        case let .setNotNull(table, column, _): Columns.setNotNull(table: table, column: column)
        case let .dropNotNull(table, column, _): Columns.dropNotNull(table: table, column: column)
        case let .setDefault(table, column, value, _): Columns.setDefault(table: table, column: column, value: value)
        case let .dropDefault(table, column, _): Columns.dropDefault(table: table, column: column)
        case let .adoptColumnAttributes(table, from, to, includeDefault):
            ColumnAdoption.takeOver(table: table, from: from, to: to, includeDefault: includeDefault)
        case .requireCopied: [] // in `preparation`
        case let .releaseNotNull(table, column): DropColumn.releaseNotNull(table: table, column: column)
        case let .restoreNotNull(table, column, original): DropColumn.restoreNotNull(table: table, column: column, original: original)

        case let .createIndex(table, name, shape): Indexes.create(table: table, name: name, shape: shape)
        case let .dropIndex(table, name): Indexes.drop(table: table, name: name)
        case let .addPrimaryKey(table, name, columns): Constraints.primaryKey(table: table, name: name, columns: columns)
        case let .addForeignKey(table, name, shape, validated):
            Constraints.foreignKey(table: table, name: name, shape: shape, validated: validated)
        case let .addCheck(table, name, expression, validated):
            Constraints.check(table: table, name: name, expression: SQL.text(expression), validated: validated)
        case let .addNotNullCheck(table, name, column): Constraints.notNullProof(table: table, name: name, column: column)
        case let .addUnique(table, name, columns): Constraints.unique(table: table, name: name, columns: columns)
        case let .validateConstraint(table, name): Constraints.validate(table: table, name: name)
        case let .dropConstraint(table, name): Constraints.drop(table: table, name: name)

        case let .backfill(work): Backfills.render(work, settings)
        case let .installSyncTrigger(sync): SyncTriggers.install(sync)
        case let .dropSyncTrigger(table, name): SyncTriggers.drop(table: table, name: name)

        // The author's SQL runs as written: it may need to be outside a transaction (CONCURRENTLY).
        case let .raw(text): [.autocommit(SQL.statements(text), .authorCode, .unknown, skip: .none)]
        case let .authorCode(author): AuthorCodes.pieces(author, subject: settings.retries.subject)
        case let .forgetAuthorCode(entry): AuthorCodes.forget(entry)
        case let .note(text): [.note(text)]
        }
    }
}
