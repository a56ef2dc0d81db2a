import PlanDiagnostics

/// Whether one listed dialect can carry out one change as written.
struct DialectCoverage {
    let change: Change
    let dialect: Dialect
    let expandContract: Bool
    let sink: DiagnosticSink

    func check() {
        switch change.operation {
        case let .createTable(op):
            op.columns.forEach { column($0) }
        case let .addColumn(op):
            column(op.column)
        case let .renameColumn(op) where dialect == .mongodb && expandContract:
            noTriggers(op.table.value, op.from.value, op.to.value)
        case let .alterColumnType(op):
            if dialect == .mongodb && expandContract { noTriggers(op.table.value, op.column.value, nil) }
            type(op.type, "type")
            op.was.map { type($0, "was") }
            if let using = op.using, !using.covers(dialect) {
                missing(using, "using", dialect == .mongodb ? "a MongoDB aggregation expression" : "SQL text")
            }
        case let .setNotNull(op), let .dropNotNull(op):
            op.type.map { type($0, "type") }
        case let .setDefault(op):
            expression(op.defaultValue.expression, "default")
            if case let .value(prior)? = op.was { expression(prior.expression, "was") }
        case let .dropDefault(op):
            if case let .value(prior)? = op.was { expression(prior.expression, "was") }
        case let .createIndex(op):
            if let filter = op.filter, !filter.covers(dialect) {
                missing(filter, "where", dialect == .mongodb ? "a partialFilterExpression document" : "SQL text")
            } else if let filter = op.filter, dialect == .mysql {
                partialIndexOnMySQL(op, filter)
            }
        case let .dropIndex(op):
            if let filter = op.was?.filter, !filter.covers(dialect) {
                missing(filter, "was.where", dialect == .mongodb ? "a partialFilterExpression document" : "SQL text")
            }
        case let .addCheck(op):
            if dialect == .mongodb {
                if op.expression.mongodb == nil {
                    sink.warning(.notEnforced, "MongoDB has no CHECK constraints; '\(op.name)' is skipped there",
                                 at: change.location, fix: "give a mongodb: query expression to enforce it in the validator")
                }
            } else if !op.expression.covers(dialect) {
                missing(op.expression, "expression", "SQL text")
            }
        case let .addForeignKey(op) where dialect == .mongodb:
            sink.warning(.notEnforced, "MongoDB has no foreign keys; '\(op.name)' is skipped there", at: change.location)
        case let .addPrimaryKey(op) where dialect == .mongodb:
            sink.warning(.notEnforced, "MongoDB keys every collection by _id; primary key '\(op.name)' is skipped there", at: change.location)
        case let .dropConstraint(op):
            if case let .check(text)? = op.was, dialect.isSQL, !text.covers(dialect) { missing(text, "was.check", "SQL text") }
        case let .backfill(op):
            op.set.forEach { expression($0.value, "set.\($0.column.value)") }
            if let filter = op.filter, !filter.covers(dialect) {
                missing(filter, "where", dialect == .mongodb ? "a query filter document" : "SQL text")
            }
        case let .sql(op):
            if !op.forward.covers(dialect) {
                if dialect == .mongodb {
                    sink.error(.notExpressible, "raw SQL cannot run on MongoDB", at: change.location,
                               fix: "give forward as a map with a mongodb: entry holding mongosh code, or drop mongodb from dialects")
                } else {
                    missing(op.forward, "forward", "SQL text")
                }
            }
            for (text, what) in [(op.rollback, "rollback"), (op.verify, "verify")] {
                if let text, !text.covers(dialect), op.forward.covers(dialect) { missing(text, what, dialect == .mongodb ? "mongosh code" : "SQL text") }
            }
        default:
            break
        }
    }

    /// MongoDB has no triggers: between forward and contract nothing copies what old code writes
    /// to the old field, so the application keeps the two equal, and backfill runs again after the deploy.
    private func noTriggers(_ table: String, _ from: String, _ to: String?) {
        let message = to.map { "MongoDB has no triggers: nothing keeps '\(table).\(from)' and '\($0)' equal while old and new code run; "
            + "new code must write both until contract" }
            ?? "MongoDB has no triggers: what code writes to '\(table).\(from)' after the backfill reaches the field of the new type "
            + "only when backfill runs again"
        sink.warning(.notEnforced, message, at: change.location,
                     fix: (to == nil ? "" : "deploy code that writes both fields; ")
                         + "run backfill again once no old code runs (it copies what old code wrote since), "
                         + "then contract, which refuses while a document is not copied")
    }

    /// MySQL and MariaDB have no partial indexes: the index covers every row. For lookups that
    /// only costs space; a unique one would refuse rows the predicate leaves out.
    private func partialIndexOnMySQL(_ op: CreateIndex, _ filter: DialectText) {
        if op.unique {
            sink.error(.uniquePartialIndexOnMySQL,
                       "MySQL has no partial indexes: unique index '\(op.name.value)' would hold every row of '\(op.table.value)' unique there, "
                           + "refusing rows its 'where' leaves out",
                       at: filter.location,
                       fix: "drop 'where' if every row must be unique; or leave mysql out of this spec's dialects and, in a MySQL spec, "
                           + "make a sql: change that adds a generated column NULL outside the predicate "
                           + "(ADD COLUMN k ... AS (CASE WHEN <where> THEN <column> END) VIRTUAL) with a unique index on it")
        } else {
            sink.warning(.notEnforced, "MySQL has no partial indexes: index '\(op.name.value)' covers every row there, not only those matching 'where'",
                         at: filter.location, fix: "nothing to change if the larger index is acceptable; queries use it the same way")
        }
    }

    private func column(_ column: Column) {
        type(column.type, "\(column.name.value).type")
        column.defaultValue.map { expression($0.expression, "\(column.name.value).default") }
    }

    private func type(_ type: ColumnType, _ what: String) {
        guard case let .perDialect(map) = type.kind, map[dialect] == nil else { return }
        sink.error(dialect == .mongodb ? .notExpressible : .missingDialectForm,
                   "type in '\(what)' gives no \(dialect.displayName) spelling, but \(dialect.rawValue) is listed in dialects",
                   at: type.location, fix: "add \(dialect.rawValue): <type> to the map")
    }

    private func expression(_ expression: Expression, _ what: String) {
        guard case let .native(sql, mongodb) = expression else { return }
        let covered = dialect == .mongodb ? mongodb != nil : sql.sql(for: dialect) != nil
        guard !covered else { return }
        if dialect == .mongodb {
            sink.error(.notExpressible, "SQL expression in '\(what)' cannot run on MongoDB", at: expression.location,
                       fix: "add mongodb: <aggregation expression> beside the SQL")
        } else {
            missing(sql, what, "SQL text")
        }
    }

    private func missing(_ text: DialectText, _ what: String, _ needed: String) {
        sink.error(dialect == .mongodb ? .notExpressible : .missingDialectForm,
                   "'\(what)' gives no \(dialect.displayName) form, but \(dialect.rawValue) is listed in dialects",
                   at: text.location, fix: "add \(dialect.rawValue): with \(needed)")
    }
}
