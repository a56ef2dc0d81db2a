import PlanSpec

/// What a spec does to stored data, to the database's load, and to running code, read from
/// the spec's own facts (operations, `tables.rows`, rollout settings).
struct ChangeImpact {
    var data: [String] = []
    var performance: [String] = []
    var application: [String] = []

    init(spec: Spec) {
        let soft = spec.rollout.mode == .expandContract
        for change in spec.changes {
            let at = "Change \(change.index): "
            if let text = Self.data(change.operation, soft: soft) { data.append(at + text) }
            if let text = Self.application(change.operation, soft: soft) { application.append(at + text) }
        }
        let touched = Self.tables(spec)
        for table in touched {
            if let rows = spec.rows(of: table) { performance.append("\(Markdown.code(table)) holds about \(rows) rows (from `tables`).") }
        }
        if !touched.isEmpty, touched.allSatisfy({ spec.rows(of: $0) == nil }) {
            performance.append("No row counts are given under `tables`, so size-based checks could not run.")
        }
        performance.append("Every DDL step waits at most \(spec.rollout.lockTimeout) for its lock and is retried up to "
            + "\(spec.rollout.lockRetries) times (`lock_timeout`, `lock_retries`).")
        if spec.rollout.statementTimeout.value > 0 {
            performance.append("Statements are cancelled after \(spec.rollout.statementTimeout) (`statement_timeout`).")
        }
        if spec.changes.contains(where: { if case .backfill = $0.operation { true } else { false } }) {
            performance.append("Backfills update \(spec.rollout.batchSize) rows per batch and pause \(spec.rollout.batchPause) between batches.")
        }
    }

    /// The tables a spec's changes act on, in order of first mention.
    private static func tables(_ spec: Spec) -> [String] {
        var seen: [String] = []
        for change in spec.changes {
            if let table = change.operation.table?.value, !seen.contains(table) { seen.append(table) }
        }
        return seen
    }

    private static func data(_ operation: Operation, soft: Bool) -> String? {
        switch operation {
        case let .dropTable(op):
            soft ? "Table \(Markdown.code(op.table.value)) is kept under a graveyard name until contract, which deletes its rows."
                : "Deletes table \(Markdown.code(op.table.value)) and all its rows."
        case let .dropColumn(op):
            soft ? "Column \(Markdown.code("\(op.table.value).\(op.column.value)")) is kept under a graveyard name until contract, which deletes its values."
                : "Deletes every value of \(Markdown.code("\(op.table.value).\(op.column.value)"))."
        case let .alterColumnType(op):
            "Converts every value of \(Markdown.code("\(op.table.value).\(op.column.value)")) to \(op.type.description)."
        case let .backfill(op):
            "Updates the rows of \(Markdown.code(op.table.value)) that match, in batches."
        case let .addColumn(op) where op.column.defaultValue != nil:
            "Gives every existing row of \(Markdown.code(op.table.value)) the default of \(Markdown.code(op.column.name.value))."
        case .sql:
            "Runs hand-written code whose effect on data plancc cannot see."
        default:
            nil
        }
    }

    private static func application(_ operation: Operation, soft: Bool) -> String? {
        let before = soft ? "before contract" : "before forward"
        switch operation {
        case let .dropTable(op):
            return "Code must stop using table \(Markdown.code(op.table.value)) \(before)."
        case let .dropColumn(op):
            return "Code must stop reading and writing \(Markdown.code("\(op.table.value).\(op.column.value)")) \(before)."
        case let .renameTable(op):
            return soft ? "Old code may keep using \(Markdown.code(op.from.value)) (a view, on SQL dialects) until contract; on MongoDB the old name is gone after forward."
                : "Code must switch from \(Markdown.code(op.from.value)) to \(Markdown.code(op.to.value)) at forward."
        case let .renameColumn(op):
            return soft ? "Both \(Markdown.code(op.from.value)) and \(Markdown.code(op.to.value)) work, kept in sync, until contract drops the old one."
                : "Code must switch from \(Markdown.code(op.from.value)) to \(Markdown.code(op.to.value)) at forward."
        case let .alterColumnType(op):
            return "Code must accept \(op.type.description) values in \(Markdown.code("\(op.table.value).\(op.column.value)"))."
        case let .setNotNull(op):
            return "Every write must give \(Markdown.code("\(op.table.value).\(op.column.value)")) a value."
        case let .dropDefault(op):
            return "Inserts must give \(Markdown.code("\(op.table.value).\(op.column.value)")) a value; it no longer has a default."
        case let .addColumn(op) where !op.column.nullable && op.column.defaultValue == nil:
            return "Inserts must give the new \(Markdown.code("\(op.table.value).\(op.column.name.value)")) a value."
        case let .addCheck(op):
            return "Writes to \(Markdown.code(op.table.value)) that break \(Markdown.code(op.name.value)) are refused."
        case let .addForeignKey(op):
            return "Writes to \(Markdown.code(op.table.value)) must reference existing rows of \(Markdown.code(op.foreignKey.referencedTable.value))."
        case let .createIndex(op) where op.unique:
            return "Writes that duplicate (\(Describe.indexColumns(op.columns))) in \(Markdown.code(op.table.value)) are refused."
        case let .addPrimaryKey(op):
            return "Writes that duplicate or leave NULL (\(Describe.columns(op.columns))) in \(Markdown.code(op.table.value)) are refused."
        default:
            return nil
        }
    }
}
