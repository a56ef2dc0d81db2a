import PlanDiagnostics
import PlanSpec
import PlanSQL

/// The names a change's PostgreSQL texts use (`SQLRead`, read by the parser at load time),
/// checked against the schema at that point of the history, earlier changes of the same spec
/// included: nothing else checks a text's names. A claim is made only where the model knows:
/// a column an earlier change dropped or renamed away, or one a complete table does not have;
/// a table not known (no baseline, never seen, or forgotten after author SQL) is not claimed on.
extension SpecReplay {
    mutating func checkSQL(_ change: Change) {
        for read in change.sqlReads {
            if case .statements = read.field { continue } // checked as they are applied (AuthorSQL)
            checkReferences(read.columns, read.tables, read.functions)
        }
    }

    /// Columns, tables and functions of one text (or one statement of author SQL).
    mutating func checkReferences(_ columns: [SQLRead.Column], _ tables: [SQLRead.Table], _ functions: [SQLRead.Function]) {
        for table in tables { _ = checkTableExists(Name(table.name, at: table.location)) }
        for column in columns { checkColumn(column) }
        for function in functions { checkFunction(function) }
    }

    /// What the model says about `column` on `table`: has it, lacks it (and why), or cannot tell.
    private enum Verdict {
        case has, unknown
        case removed(Removal)
        case absent(TableModel)
    }

    private func verdict(_ column: String, on table: String) -> Verdict {
        guard model.removedTables[table] == nil, let known = model.table(table) else { return .unknown }
        if known.column(column) != nil { return .has }
        if let removal = known.removedColumns[column], removalCounts(removal) { return .removed(removal) }
        return known.complete ? .absent(known) : .unknown
    }

    /// Under expand_contract a rename or drop of this spec takes effect at contract: its
    /// texts still run while the old column is there.
    private func removalCounts(_ removal: Removal) -> Bool {
        fromEarlierSpec(removal.location) || spec.rollout.mode != .expandContract
    }

    private mutating func checkColumn(_ column: SQLRead.Column) {
        guard let tables = column.tables, let first = tables.first else { return }
        let verdicts = tables.map { verdict(column.name, on: $0) }
        for verdict in verdicts {
            switch verdict {
            case .has, .unknown: return
            case .removed, .absent: continue
            }
        }
        let scope = tables.count > 1 ? " (nor any table in scope: \(tables.joined(separator: ", ")))" : ""
        switch verdicts[0] {
        case let .removed(removal):
            let now = model.table(first)?.columns.map(\.name) ?? []
            error(.droppedColumn, "column '\(first).\(column.name)' was \(removal.reason)\(scope)", at: column.location,
                  notes: [.init("removed here", at: removal.location)],
                  fix: Self.suggestion(column.name, now, "columns of '\(first)'"))
        case let .absent(table):
            error(.unknownColumn, "table '\(first)' has no column '\(column.name)'\(scope)", at: column.location,
                  notes: [.init("table '\(first)' defined here", at: table.definedAt)],
                  fix: Self.suggestion(column.name, table.columns.map(\.name), "columns of '\(first)'"))
        case .has, .unknown:
            break
        }
    }

    private mutating func checkFunction(_ function: SQLRead.Function) {
        guard function.schema == nil || function.schema == "pg_catalog" || function.schema == "public",
              model.functionsKnown, PostgresFunctions.volatility(of: function.name) == nil,
              !model.functions.contains(function.name) else { return }
        warning(.unknownFunction,
                "PostgreSQL 15 has no function '\(function.name)' (nor its contrib extensions), and no earlier `sql` change creates it",
                at: function.location,
                fix: "check the spelling; a function of your own is created by a `sql` change before it is used")
    }
}
