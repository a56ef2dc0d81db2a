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
            if case .createIndex = change.operation, case let .onTable(table) = read.field {
                checkTypedUses(read, on: table.value)
                checkOwnFunctionsImmutable(read)
            }
        }
    }

    /// A function author SQL created (or altered) with no IMMUTABLE overload, in a language
    /// PostgreSQL does not inline (plpgsql, C), called in an index predicate: refused, as a
    /// built-in's is at load time. (A SQL function's simple body is inlined first, and judged by
    /// what it calls: `LANGUAGE sql VOLATILE AS 'SELECT 1'` passes.)
    private mutating func checkOwnFunctionsImmutable(_ read: SQLRead) {
        for function in read.functions where function.schema == nil || function.schema == "public" {
            guard model.functions.contains(function.name), model.notInlinedFunctions.contains(function.name),
                  !model.immutableFunctions.contains(function.name),
                  let volatility = model.functionVolatility[function.name] else { continue }
            error(.sqlNotAllowed,
                  "'\(read.key)': PostgreSQL refuses this at run time: functions in index predicate must be marked IMMUTABLE (\(function.name)() is \(volatility.rawValue.uppercased()), as an earlier `sql` change created or altered it)",
                  at: function.location,
                  fix: "mark the function IMMUTABLE if its result depends only on its arguments (CREATE OR REPLACE FUNCTION ... IMMUTABLE), or leave it out of the predicate")
        }
    }

    /// An index predicate takes only IMMUTABLE calls: a cast, an overload or an operator that is
    /// STABLE for the column's type (the history knows it) is refused at run time, as a call of
    /// `now()` is (which the load finds without types).
    private mutating func checkTypedUses(_ read: SQLRead, on table: String) {
        guard let known = model.table(table) else { return }
        func type(_ column: String) -> PortableType? { known.column(column)?.type?.portable }
        for use in read.typedUses {
            guard let columnType = type(use.column), let why = Self.stableUse(use.kind, of: columnType, other: type) else { continue }
            error(.sqlNotAllowed,
                  "'\(read.key)': PostgreSQL refuses this at run time: functions in index predicate must be marked IMMUTABLE (\(why))",
                  at: use.location,
                  fix: "compare the column itself with a constant of its type (created_at > '2026-01-01'); a conversion that depends on TimeZone or DateStyle is not fixed")
        }
    }

    /// Why `kind` of a column of type `type` is STABLE; nil when it is IMMUTABLE or not known.
    private static func stableUse(_ kind: SQLReading.TypedUse.Kind, of type: PortableType, other: (String) -> PortableType?) -> String? {
        let name = type.description
        let clock: Set<String> = ["date", "time", "timestamp", "timestamptz"]
        switch kind {
        case let .cast(target):
            let texts: Set<String> = ["text", "varchar", "char", "bpchar", "character varying", "character"]
            let target = target == "timestamp" || target == "timestamptz" || target == "date" || target == "time" || texts.contains(target) ? target : nil
            guard let target else { return nil }
            let stable = switch type {
            case .timestamptz: target != "timestamptz"
            case .date, .timestamp: target == "timestamptz" || texts.contains(target)
            case .text, .varchar, .char: target == "date" || target == "timestamp" || target == "timestamptz"
            default: false
            }
            return stable ? "a cast of the \(name) column to \(target) is STABLE: it depends on the TimeZone or DateStyle setting" : nil
        case let .argument(function):
            // A name with no IMMUTABLE overload at all is refused at load time, whatever its arguments.
            guard !PostgresFunctions.isNeverImmutable(function) else { return nil }
            let stable = type == .timestamptz || (function == "to_char" && type == .timestamp)
            return stable ? "\(function)() of a \(name) column is STABLE" : nil
        case let .arithmetic(op):
            return type == .timestamptz ? "\(name) \(op) interval is STABLE: a day's length depends on the TimeZone" : nil
        case let .compared(column):
            guard let otherType = other(column), otherType != type, clock.contains(name), clock.contains(otherType.description),
                  [type, otherType].contains(.timestamptz) else { return nil }
            return "comparing a \(name) column with a \(otherType.description) one converts through the TimeZone: STABLE"
        }
    }

    /// Columns, tables and functions of one text (or one statement of author SQL).
    mutating func checkReferences(_ columns: [SQLRead.Column], _ tables: [SQLRead.Table], _ functions: [SQLRead.Function]) {
        for table in tables { checkTableInText(table) }
        for column in columns { checkColumn(column) }
        for function in functions { checkFunction(function) }
    }

    /// A table a text names (in a subquery, or author SQL): dropped or renamed away by an
    /// earlier change, of this spec too (a text runs after the changes before it), unless
    /// `expand_contract` defers that removal to contract.
    private mutating func checkTableInText(_ table: SQLRead.Table) {
        if let removal = model.removedTables[table.name], !fromEarlierSpec(removal.location) {
            if removalCounts(removal) {
                error(.droppedTable, "table '\(table.name)' was \(removal.reason)", at: table.location,
                      notes: [.init("removed here", at: removal.location)])
            }
            return
        }
        _ = checkTableExists(Name(table.name, at: table.location))
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

    /// The `$field` references of a change's MongoDB forms (aggregation expressions of a
    /// backfill `set`, filter documents of `where`, a check's validator rule, a `using`),
    /// checked as the columns of its PostgreSQL texts are: a field is a column of the table.
    /// Only specs listing mongodb are read; `_id` is on every document.
    mutating func checkMongo(_ change: Change) {
        guard spec.dialects.contains(.mongodb) else { return }
        for (table, fields) in Self.mongoForms(change.operation) {
            for field in fields where field.name != "_id" {
                checkColumn(SQLRead.Column(name: field.name, location: field.location, tables: [table.value]), mongo: true)
            }
        }
    }

    private static func mongoForms(_ operation: Operation) -> [(Name, [MongoField])] {
        switch operation {
        case let .alterColumnType(op):
            return op.using.map { [(op.table, $0.mongoFields)] } ?? []
        case let .createIndex(op):
            return op.filter.map { [(op.table, $0.mongoFields)] } ?? []
        case let .dropIndex(op):
            return op.was?.filter.map { [(op.table, $0.mongoFields)] } ?? []
        case let .addCheck(op):
            return [(op.table, op.expression.mongoFields)]
        case let .dropConstraint(op):
            if case let .check(text)? = op.was { return [(op.table, text.mongoFields)] }
            return []
        case let .backfill(op):
            var forms: [(Name, [MongoField])] = op.set.compactMap { assignment in
                if case let .native(sql, _) = assignment.value { return (op.table, sql.mongoFields) }
                return nil
            }
            op.filter.map { forms.append((op.table, $0.mongoFields)) }
            return forms
        default:
            return []
        }
    }

    private mutating func checkColumn(_ column: SQLRead.Column, mongo: Bool = false) {
        guard column.name != SQLReading.star, let tables = column.tables, let first = tables.first else { return }
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
            let what = mongo ? "field '\(first).\(column.name)' of the MongoDB form" : "column '\(first).\(column.name)'"
            error(.droppedColumn, "\(what) was \(removal.reason)\(scope)", at: column.location,
                  notes: [.init("removed here", at: removal.location)],
                  fix: Self.suggestion(column.name, now, "columns of '\(first)'"))
        case let .absent(table):
            let what = mongo ? "collection '\(first)' has no field '\(column.name)' (used in the MongoDB form)"
                : "table '\(first)' has no column '\(column.name)'"
            error(.unknownColumn, "\(what)\(scope)", at: column.location,
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
                fix: model.functions.first { $0.lowercased() == function.name.lowercased() }
                    .map { "write \(SQLForm.quoted($0))(...) in double quotes: the function was created quoted as '\($0)', and an unquoted name is folded to lower case" }
                    ?? "check the spelling; a function of your own is created by a `sql` change before it is used")
    }
}
