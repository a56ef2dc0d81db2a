import PlanSupport
import Planner
import PlanSpec

/// Writes the SQL of each action into a script. One file per action family extends it
/// (Tables, Columns, AdoptAttributes, Indexes, Constraints, SyncTriggers, Backfill).
struct StepWriter {
    let plan: Plan
    let constraints: ConstraintCatalog
    var script = MySQLScript()
    /// Numbers the temporary backfill procedures of a script.
    var backfillCount = 0
    /// The steps after the one being written, for guards that depend on what follows.
    var upcoming: ArraySlice<Step> = []
    /// `change 2 (sql)`: how messages name the step being written.
    var subject: String?

    init(plan: Plan) {
        self.plan = plan
        self.constraints = ConstraintCatalog(plan)
    }

    mutating func write(_ action: Action) {
        if let table = action.table, action.dropsIndexOrConstraint, upcomingDrops(table) {
            // MySQL refuses to drop an index a foreign key still needs; the table goes anyway.
            return script.comment("Nothing to run: a later step drops table \(MySQL.ident(table)).")
        }
        script.onlyWhile = action.table.flatMap { table in
            upcomingDrops(table) || upcomingRenames(table) ? Catalog.tableExists(table) : nil
        }
        switch action {
        case let .createTable(op): createTable(op)
        case let .dropTable(table): dropTable(table)
        case let .renameTable(from, to): renameTable(from: from, to: to)
        case let .createCompatibilityView(view, table): createCompatibilityView(view: view, table: table)
        case let .dropView(view): dropView(view)
        case let .addColumn(table, column): addColumn(table, column)
        case let .addShadowColumn(table, column, like, type): addShadowColumn(table, column, like: like, type: type)
        case let .dropColumn(table, column): dropColumn(table, column)
        case let .renameColumn(table, from, to): renameColumn(table, from: from, to: to)
        case let .alterColumnType(table, column, type, using): alterColumnType(table, column, type: type, using: using)
        case let .setNotNull(table, column, type): changeNullability(table, column, type: type, nullable: false)
        case let .dropNotNull(table, column, type): changeNullability(table, column, type: type, nullable: true)
        case let .setDefault(table, column, value, type): setDefault(table, column, value: value, type: type)
        case let .dropDefault(table, column, _): dropDefault(table, column)
        case let .adoptColumnAttributes(table, from, to, includeDefault):
            adoptColumnAttributes(table, from: from, to: to, includeDefault: includeDefault)
        case let .requireCopied(table, from, to, value): requireCopied(table, from: from, to: to, value: value)
        case let .createIndex(table, name, shape): createIndex(table, name: name, shape: shape)
        case let .dropIndex(table, name): dropIndex(table, name: name)
        case let .addPrimaryKey(table, _, columns): addPrimaryKey(table, columns: columns)
        case let .addForeignKey(table, name, shape, _): addForeignKey(table, name: name, shape: shape)
        case let .addCheck(table, name, expression, _): addCheck(table, name: name, expression: expression)
        case let .addNotNullCheck(table, name, column): addNotNullCheck(table, name: name, column: column)
        case let .addUnique(table, name, columns): addUnique(table, name: name, columns: columns)
        case let .validateConstraint(table, name): validateConstraint(table, name: name)
        case let .dropConstraint(table, name): dropConstraint(table, name: name)
        case let .backfill(work): backfill(work)
        case let .installSyncTrigger(trigger): installSyncTrigger(trigger)
        case let .dropSyncTrigger(table, name): dropSyncTrigger(table, name: name)
        case let .raw(text): raw(text)
        case let .authorCode(author): authorCode(author, subject: subject ?? "change (sql)")
        case let .forgetAuthorCode(entry): forgetAuthorCode(entry)
        case let .note(text): script.comment("Nothing to run: \(text).")
        }
    }

    private func upcomingDrops(_ table: String) -> Bool {
        upcoming.contains { if case let .dropTable(t) = $0.action { t == table } else { false } }
    }

    private func upcomingRenames(_ table: String) -> Bool {
        upcoming.contains { if case let .renameTable(from, _) = $0.action { from == table } else { false } }
    }

    /// Author-written SQL, as written. plancc cannot guard it, so re-running it is the author's care.
    private mutating func raw(_ text: DialectText) {
        script.comment("Author-written SQL, run as written (not guarded by plancc).")
        script.statement(text.sql(for: .mysql) ?? "")
    }

    // MARK: Online DDL notes

    /// `ALTER TABLE t <clauses>, ALGORITHM=...`: the statement text of an online alter.
    func alter(_ table: String, _ clauses: String, _ algorithm: Algorithm) -> String {
        "ALTER TABLE \(MySQL.ident(table)) \(clauses), \(algorithm.rawValue)"
    }

    /// A table-copying alter: writes wait while the engine copies every row. It runs only while
    /// the table has at most `rollout.online_copy_rows` rows (information_schema's estimate,
    /// read when the script runs); above that the script stops until gh-ost has made the change.
    /// `clauses` is the ALTER for gh-ost; `built`, when given, the statement as a SQL expression.
    mutating func copyingAlter(_ table: String, _ clauses: String, built: String? = nil, done: String) {
        let limit = plan.spec.rollout.onlineCopyRows
        let estimate = plan.spec.rows(of: table).map { "about \($0) rows (tables.rows)" } ?? "no tables.rows estimate"
        script.comment("""
        Copies the table (ALGORITHM=COPY; writes wait until it ends): \(MySQL.ident(table)) has \(estimate). \
        Above rollout.online_copy_rows (\(limit)) rows, make the change with gh-ost or pt-online-schema-change \
        first, then re-run this script:
          gh-ost --database=DB --table=\(shellQuote(table)) --alter=\(shellQuote(clauses)) --execute
        """)
        if clauses.hasPrefix("MODIFY") {
            script.comment("(MODIFY restates the column: add its NOT NULL and DEFAULT to that --alter, as the step below does.)")
        }
        let rows = "(SELECT t.TABLE_ROWS FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_NAME = \(MySQL.nameLiteral(table)))"
        script.require("\(done) OR \(rows) <= \(limit)",
                       "plancc: \(table) is over online_copy_rows: run the gh-ost command in the comment, then re-run")
        if let built {
            script.guarded("NOT \(done)", built: built)
        } else {
            script.guarded("NOT \(done)", alter(table, clauses, .copy))
        }
    }

    private func shellQuote(_ text: String) -> String {
        "'" + Escaping.replacing(text) { $0 == "'" ? "'\\''" : nil } + "'"
    }
}

extension Action {
    /// The table a step works on, where it has one.
    var table: String? {
        switch self {
        case let .createTable(op): op.table.value
        case let .addColumn(t, _), let .addShadowColumn(t, _, _, _), let .dropColumn(t, _), let .renameColumn(t, _, _),
             let .alterColumnType(t, _, _, _), let .setNotNull(t, _, _), let .dropNotNull(t, _, _),
             let .setDefault(t, _, _, _), let .dropDefault(t, _, _), let .adoptColumnAttributes(t, _, _, _),
             let .requireCopied(t, _, _, _),
             let .createIndex(t, _, _), let .dropIndex(t, _),
             let .addPrimaryKey(t, _, _), let .addForeignKey(t, _, _, _), let .addCheck(t, _, _, _),
             let .addNotNullCheck(t, _, _), let .addUnique(t, _, _), let .validateConstraint(t, _),
             let .dropConstraint(t, _), let .dropSyncTrigger(t, _):
            t
        case let .backfill(work): work.table
        case let .installSyncTrigger(sync): sync.table
        case .dropTable, .renameTable, .createCompatibilityView, .dropView, .raw, .authorCode, .forgetAuthorCode, .note: nil
        }
    }

    var dropsIndexOrConstraint: Bool {
        switch self {
        case .dropIndex, .dropConstraint: true
        default: false
        }
    }
}

/// The online DDL clauses MySQL 8 and MariaDB 10.11 both accept for an operation.
enum Algorithm: String {
    /// Metadata only: no rows are touched.
    case instant = "ALGORITHM=INSTANT"
    /// Built or rebuilt in place while reads and writes go on.
    case inplace = "ALGORITHM=INPLACE, LOCK=NONE"
    /// A full copy; writes wait (LOCK=SHARED).
    case copy = "ALGORITHM=COPY, LOCK=SHARED"
}
