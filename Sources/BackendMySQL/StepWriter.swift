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
    /// How many of the next steps an earlier statement already did (the swap of a type change).
    var doneAbove = 0
    /// The phase being written, and the origin of the step being written.
    var phase: Phase = .forward
    var origin: StepOrigin?
    /// The table-copying steps written so far, with the online schema change command of each.
    var copies: [OnlineCopy] = []
    /// `change 2 (sql)`: how messages name the step being written.
    var subject: String?

    init(plan: Plan) {
        self.plan = plan
        self.constraints = ConstraintCatalog(plan)
    }

    mutating func write(_ action: Action) {
        if doneAbove > 0 {
            doneAbove -= 1
            return script.comment("Nothing to run: done by the swap above, in the same statement.")
        }
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
        case let .requireCopied(table, from, to, value, _): requireCopied(table, from: from, to: to, value: value)
        case let .releaseNotNull(table, column): releaseNotNull(table, column)
        case let .restoreNotNull(table, column, _): restoreNotNull(table, column)
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
        script.statement(text.sql(for: .mysql) ?? "", .unknown, guard: .none)
    }

    // MARK: Online DDL notes

    /// `ALTER TABLE t <clauses>, ALGORITHM=...`: the statement of an online alter, with the
    /// effect its clause and `work` give it on the target server.
    func alter(_ table: String, _ clauses: String, _ algorithm: Algorithm, _ work: AlterWork, kind: Statement.Kind = .ddl) -> Alter {
        Alter(text: "ALTER TABLE \(MySQL.ident(table)) \(clauses), \(algorithm.rawValue)",
              effect: algorithm.effect(on: table, work, server: plan.spec.targets.mySQLServer, kind: kind))
    }

    /// The effect of a statement built when the script runs, ending in `algorithm`'s clause.
    func builtEffect(_ table: String, _ algorithm: Algorithm, _ work: AlterWork) -> Effect {
        algorithm.effect(on: table, work, server: plan.spec.targets.mySQLServer)
    }

    /// A table-copying alter: writes wait while the engine copies every row. It runs only while
    /// the table has at most `rollout.online_copy_rows` rows (information_schema's estimate,
    /// read when the script runs); above that the script stops, naming the online schema change
    /// command that makes the change instead (gh-ost or pt-online-schema-change, by what the
    /// history knows of the table's foreign keys and triggers), and a re-run finds it made.
    /// `clauses` is the ALTER for those tools; `built`, when given, the statement as a SQL expression.
    mutating func copyingAlter(_ table: String, _ clauses: String, built: String? = nil, done: String) {
        let rollout = plan.spec.rollout
        let choice = OnlineCopyChoice.choose(for: table, in: plan)
        let tools = choice.tool.map { [$0] } ?? OnlineCopyTool.allCases
        let commands = tools.map { tool in
            (tool: tool, text: OnlineSchemaChange.command(tool, table: table, alter: OnlineSchemaChange.shellQuote(clauses),
                                                          choice: choice, rollout: rollout))
        }
        if let origin { copies.append(OnlineCopy(phase: phase, origin: origin, table: table, choice: choice, commands: commands)) }

        let estimate = plan.spec.rows(of: table).map { "about \($0) rows (tables.rows)" } ?? "no tables.rows estimate"
        let which = choice.tool.map { "\($0.rawValue): \(choice.reason)" } ?? "Which tool: \(choice.reason)"
        var lines = ["""
        Copies the table (ALGORITHM=COPY; writes wait until it ends): \(MySQL.ident(table)) has \(estimate). \
        Above rollout.online_copy_rows (\(rollout.onlineCopyRows)) rows the script stops here and prints the command \
        that makes the change online (HOST and DB are yours); run it, then re-run this script, which finds the change made. \(which).
        """]
        for command in commands {
            if choice.tool == nil {
                lines.append("  # \(command.tool.rawValue): \(command.tool == .ghost ? "no foreign keys and no triggers" : "foreign keys or triggers")")
            }
            lines.append("  " + command.text)
        }
        if built != nil {
            lines.append("(The printed command restates the column from information_schema, with its NOT NULL and DEFAULT, as the step below does.)")
        }
        script.comment(lines.joined(separator: "\n"))

        let rows = "(SELECT t.TABLE_ROWS FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_NAME = \(MySQL.nameLiteral(table)))"
        let condition = "\(done) OR \(rows) <= \(rollout.onlineCopyRows)"
        // The clauses as the script runs them: a MODIFY is restated from information_schema.
        let alterText: String
        if let built {
            let head = "ALTER TABLE \(MySQL.ident(table)) ".unicodeScalars.count, tail = ", \(Algorithm.copy.rawValue)".unicodeScalars.count
            alterText = "SUBSTRING(\(built), \(head + 1), CHAR_LENGTH(\(built)) - \(head + tail))"
        } else {
            alterText = MySQL.literal(clauses)
        }
        func printed(_ tool: OnlineCopyTool) -> String {
            OnlineSchemaChange.commandExpression(tool, table: table, alter: alterText, choice: choice, rollout: rollout)
        }
        func stop(_ tool: OnlineCopyTool) -> String {
            MySQL.literal("plancc: \(table) is over online_copy_rows: run the \(tool.rawValue) command printed above, then re-run")
        }
        let links = OnlineSchemaChange.hasLinks(table)
        let command = choice.tool.map(printed) ?? "IF(\(links), \(printed(.ptOnlineSchemaChange)), \(printed(.ghost)))"
        let needed = script.onlyWhile.map { "NOT \($0) OR \(condition)" } ?? condition
        script.statement("SELECT \(command) AS plancc_online_schema_change FROM DUAL WHERE NOT (\(needed))")
        script.require(condition, built: choice.tool.map(stop) ?? "IF(\(links), \(stop(.ptOnlineSchemaChange)), \(stop(.ghost)))")
        if let built {
            script.guarded("NOT \(done)", built: built, builtEffect(table, .copy, .rebuild))
        } else {
            script.guarded("NOT \(done)", alter(table, clauses, .copy, .rebuild))
        }
    }
}

extension Action {
    /// The table a step works on, where it has one: the planner's `workTable`, except for the
    /// steps on a whole table (drop, rename, compatibility view), which no column guard names.
    var table: String? {
        switch self {
        case .dropTable, .renameTable, .createCompatibilityView: nil
        default: workTable
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
enum Algorithm {
    /// Metadata only: no rows are touched.
    case instant
    /// Built or rebuilt in place while reads and writes go on.
    case inplace
    /// A full copy; writes wait (LOCK=SHARED).
    case copy

    /// `INSTANT`, `INPLACE`, `COPY`.
    var name: String {
        switch self {
        case .instant: "INSTANT"
        case .inplace: "INPLACE"
        case .copy: "COPY"
        }
    }

    /// The `LOCK=` the clause names, if any.
    var lockClause: String? {
        switch self {
        case .instant: nil
        case .inplace: "NONE"
        case .copy: "SHARED"
        }
    }

    /// `ALGORITHM=INPLACE, LOCK=NONE`: the clause as the scripts write it.
    var rawValue: String { "ALGORITHM=\(name)" + (lockClause.map { ", LOCK=\($0)" } ?? "") }
}
