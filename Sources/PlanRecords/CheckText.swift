import Planner
import PlanSpec

/// What one verify check asserts, in words, with a stable kind for plan.json.
struct CheckText {
    var kind: String
    var text: String

    init(_ expectation: Expectation) {
        switch expectation {
        case let .tableExists(table):
            (kind, text) = ("table_exists", "table \(table) exists")
        case let .tableAbsent(table):
            (kind, text) = ("table_absent", "table \(table) does not exist")
        case let .viewAbsent(view):
            (kind, text) = ("view_absent", "view \(view) does not exist")
        case let .columnExists(table, column, type, nullable, hasDefault):
            var facts: [String] = []
            if let type { facts.append("of type \(type.description)") }
            if let nullable { facts.append(nullable ? "nullable" : "NOT NULL") }
            if let hasDefault { facts.append(hasDefault ? "with a default" : "without a default") }
            (kind, text) = ("column_exists", "column \(table).\(column) exists" + (facts.isEmpty ? "" : ", " + facts.joined(separator: ", ")))
        case let .columnAbsent(table, column):
            (kind, text) = ("column_absent", "column \(table).\(column) does not exist")
        case let .indexValid(table, name, shape):
            let columns = shape.columns.map(\.name.value).joined(separator: ", ")
            (kind, text) = ("index_valid", "\(shape.unique ? "unique " : "")\(shape.filter != nil ? "partial " : "")index \(name) on \(table) (\(columns)) exists and is valid")
        case let .indexAbsent(table, name):
            (kind, text) = ("index_absent", "index \(name) on \(table) does not exist")
        case let .constraintValid(table, name):
            (kind, text) = ("constraint_valid", "constraint \(name) on \(table) exists and is validated")
        case let .constraintAbsent(table, name):
            (kind, text) = ("constraint_absent", "constraint \(name) on \(table) does not exist")
        case let .backfillDone(work):
            let assignments = work.set.map { "\($0.column.value) = \(Describe.expression($0.value))" }.joined(separator: ", ")
            (kind, text) = ("backfill_done", "no row of \(work.table) still needs \(assignments)"
                + (work.filter.map { " where \(Describe.text($0))" } ?? ""))
        case let .triggerAbsent(table, name):
            (kind, text) = ("trigger_absent", "sync trigger \(name) on \(table) is gone")
        case let .raw(code):
            (kind, text) = ("raw", "the author's check succeeds: \(Describe.text(code))")
        }
    }
}
