import Planner
import PlanSpec

/// A planned action in words, with a stable kind for plan.json.
struct StepText {
    var kind: String
    var text: String

    /// `action` as planned, in words; where the spec's PostgreSQL target spells it otherwise
    /// (`targets.postgresql: 18`, `NotNullWording`), what the PostgreSQL script does is said too.
    init(_ action: Action, in plan: Plan) {
        self.init(action)
        if let wording = NotNullWording(plan), let text = wording.text(action, planned: text) { self.text = text }
    }

    init(_ action: Action) {
        switch action {
        case let .createTable(op):
            (kind, text) = ("create_table", "create table \(op.table.value) (\(op.columns.map(Describe.column).joined(separator: ", ")))")
        case let .dropTable(table):
            (kind, text) = ("drop_table", "drop table \(table)")
        case let .renameTable(from, to):
            (kind, text) = ("rename_table", "rename table \(from) to \(to)")
        case let .createCompatibilityView(view, table):
            (kind, text) = ("create_compatibility_view", "create view \(view) over \(table), so old code keeps reading and writing the old name")
        case let .dropView(view):
            (kind, text) = ("drop_view", "drop view \(view)")
        case let .addColumn(table, column):
            (kind, text) = ("add_column", "add column \(table).\(Describe.column(column))")
        case let .addShadowColumn(table, column, like, type):
            (kind, text) = ("add_shadow_column", "add column \(table).\(column) typed " + (type.map(\.description) ?? "like \(like)"))
        case let .dropColumn(table, column):
            (kind, text) = ("drop_column", "drop column \(table).\(column)")
        case let .renameColumn(table, from, to):
            (kind, text) = ("rename_column", "rename column \(table).\(from) to \(to)")
        case let .alterColumnType(table, column, type, using):
            (kind, text) = ("alter_column_type", "change the type of \(table).\(column) to \(type.description)"
                + (using.map { " using \(Describe.text($0))" } ?? ""))
        case let .setNotNull(table, column, _):
            (kind, text) = ("set_not_null", "set \(table).\(column) NOT NULL")
        case let .dropNotNull(table, column, _):
            (kind, text) = ("drop_not_null", "drop NOT NULL from \(table).\(column)")
        case let .setDefault(table, column, value, _):
            (kind, text) = ("set_default", "set the default of \(table).\(column) to \(Describe.defaultValue(value))")
        case let .dropDefault(table, column, _):
            (kind, text) = ("drop_default", "drop the default of \(table).\(column)")
        case let .adoptColumnAttributes(table, from, to, includeDefault):
            (kind, text) = ("adopt_column_attributes",
                            "give \(table).\(to) the NOT NULL\(includeDefault ? " and default" : "") of \(table).\(from), as the database has them"
                                + " (on PostgreSQL also its primary key, identity or serial sequence)")
        case let .requireCopied(table, from, to, value, _):
            (kind, text) = ("require_copied",
                            "stop before anything is dropped while some row of \(table) has \(from) set but \(to) not equal to \(Describe.expression(value)) (not yet copied)")
        case let .releaseNotNull(table, column):
            (kind, text) = ("release_not_null",
                            "if \(table).\(column) is NOT NULL without a default, allow NULL until contract, so new code can insert without it")
        case let .restoreNotNull(table, column, _):
            (kind, text) = ("restore_not_null",
                            "give \(table).\(column) back the NOT NULL forward released; stop while rows inserted since forward have it NULL")
        case let .createIndex(table, name, shape):
            (kind, text) = ("create_index", "create index \(name) on \(table) \(Describe.indexShape(shape)), without blocking writes where the dialect can")
        case let .dropIndex(table, name):
            (kind, text) = ("drop_index", "drop index \(name) on \(table)")
        case let .addPrimaryKey(table, name, columns):
            (kind, text) = ("add_primary_key", "add primary key \(name) on \(table) (\(columns.joined(separator: ", ")))")
        case let .addForeignKey(table, name, shape, validated):
            (kind, text) = ("add_foreign_key", "add foreign key \(name) on \(table) \(Describe.foreignKey(shape))"
                + (validated ? "" : ", not yet validated against existing rows"))
        case let .addCheck(table, name, expression, validated):
            (kind, text) = ("add_check", "add check \(name) on \(table): \(Describe.text(expression))"
                + (validated ? "" : ", not yet validated against existing rows"))
        case let .addNotNullCheck(table, name, column):
            (kind, text) = ("add_not_null_check", "add check \(name) (\(column) IS NOT NULL) on \(table) without scanning existing rows")
        case let .addUnique(table, name, columns):
            (kind, text) = ("add_unique", "add unique constraint \(name) on \(table) (\(columns.joined(separator: ", ")))")
        case let .validateConstraint(table, name):
            (kind, text) = ("validate_constraint", "validate \(name) on \(table) against existing rows")
        case let .dropConstraint(table, name):
            (kind, text) = ("drop_constraint", "drop constraint \(name) on \(table)")
        case let .backfill(work):
            (kind, text) = ("backfill", Self.backfill(work))
        case let .installSyncTrigger(sync):
            (kind, text) = ("install_sync_trigger", "keep \(sync.table).\(sync.oldColumn) and \(sync.table).\(sync.newColumn) equal on every write (\(sync.name))")
        case let .dropSyncTrigger(table, name):
            (kind, text) = ("drop_sync_trigger", "drop sync trigger \(name) on \(table)")
        case let .raw(code):
            (kind, text) = ("raw", "run the author's code: \(Describe.text(code))")
        case let .authorCode(author):
            (kind, text) = ("raw", "run the author's code: \(Describe.text(author.code))"
                + (author.verify == nil ? ", once (a row in \(LedgerEntry.name) says it ran)" : ", unless its verify passes already"))
        case let .forgetAuthorCode(entry):
            (kind, text) = ("forget_author_code", "remove the row of change \(entry.changeIndex) from \(LedgerEntry.name), so forward runs its code again")
        case let .note(note):
            (kind, text) = ("note", "nothing to run: \(note)")
        }
    }

    static func backfill(_ work: BackfillWork) -> String {
        let key = work.key?.joined(separator: ", ") ?? "primary key"
        let assignments = work.set.map { "\($0.column.value) = \(Describe.expression($0.value))" }.joined(separator: ", ")
        var text = "update \(work.table) in batches of \(work.batchSize) by \(key), pausing \(work.batchPause) between batches: set \(assignments)"
        if let filter = work.filter { text += " where \(Describe.text(filter))" }
        if let rows = work.estimatedRows { text += " (about \(rows) rows)" }
        return text
    }
}

/// PostgreSQL 18 proves NOT NULL by its own not-null constraint, added NOT VALID and validated
/// apart, where the plan (and the other dialects) use a check (`PostgresTarget` in
/// BackendPostgreSQL): the record says what the PostgreSQL script runs. When the spec lists
/// only PostgreSQL that is the whole text; beside other dialects, the planned text is kept and
/// PostgreSQL's way follows it.
struct NotNullWording {
    /// The proof checks of the plan by name, with their table and column.
    private let proofs: [String: (table: String, column: String)]
    private let only: Bool

    init?(_ plan: Plan) {
        guard plan.spec.dialects.contains(.postgresql), plan.spec.targets.postgreSQLVersion >= 18 else { return nil }
        var proofs: [String: (table: String, column: String)] = [:]
        for phase in Phase.allCases {
            for step in plan.steps(in: phase) {
                if case let .addNotNullCheck(table, name, column) = step.action { proofs[name] = (table, column) }
            }
        }
        self.proofs = proofs
        only = plan.spec.dialects == [.postgresql]
    }

    private func constraint(_ table: String, _ column: String) -> String {
        GeneratedNames.notNullConstraint(table: table, column: column)
    }

    private func say(_ planned: String, _ postgres: String) -> String {
        only ? postgres : planned + "; on PostgreSQL 18 (targets.postgresql): " + postgres
    }

    func text(_ action: Action, planned: String) -> String? {
        switch action {
        case let .addNotNullCheck(table, _, column):
            return say(planned, "add NOT NULL constraint \(constraint(table, column)) on \(table) (\(column)) NOT VALID, without scanning existing rows")
        case let .validateConstraint(table, name):
            guard let proof = proofs[name] else { return nil }
            return say(planned, "validate \(constraint(proof.table, proof.column)) on \(table) against existing rows (reads and writes go on); "
                        + "validated, it is the column's NOT NULL")
        case let .setNotNull(table, column, _) where proofs.values.contains(where: { $0 == (table, column) }):
            return say(planned, "nothing to run for \(table).\(column): the validated constraint \(constraint(table, column)) is its NOT NULL")
        case let .dropConstraint(table, name) where proofs[name] != nil:
            return say(planned, "drop check \(name) on \(table) only if a run of scripts for an older target left it")
        case let .addPrimaryKey(table, name, columns):
            return planned + "; on PostgreSQL 18 a nullable key column is first made NOT NULL by its own NOT VALID constraint "
                + "(\(columns.map { constraint(table, $0) }.joined(separator: ", "))), validated apart, and the key attached to "
                + "the unique index \(name) built without blocking writes"
        case let .restoreNotNull(table, _, original):
            return planned + "; on PostgreSQL 18 by the NOT VALID constraint \(constraint(table, original)), validated apart"
        case .adoptColumnAttributes:
            return planned + "; on PostgreSQL 18 the NOT NULL is the new column's own not-null constraint, added NOT VALID and validated apart "
                + "before anything is dropped"
        default:
            return nil
        }
    }
}
