import Planner
import PlanSpec

/// One `.sql` file for the mysql/mariadb client: the shared header, then statements,
/// each run by the client as it reads them.
struct MySQLScript {
    private(set) var builder = ScriptBuilder(commentPrefix: "--")
    var text: String { builder.text }

    mutating func comment(_ text: String) { builder.comment(text) }
    mutating func origin(_ origin: StepOrigin) { builder.origin(origin) }
    mutating func line(_ text: String = "") { builder.line(text) }

    /// A statement, terminated.
    mutating func statement(_ sql: String) {
        builder.line(sql.hasSuffix(";") ? sql : sql + ";")
    }

    /// Stored-program text (procedure or trigger) between `DELIMITER $$` lines, which both
    /// the mysql and the mariadb client understand. Each item of `statements` ends with `$$`.
    mutating func compound(_ statements: [String]) {
        builder.line("DELIMITER $$")
        for statement in statements { builder.line(statement + "$$") }
        builder.line("DELIMITER ;")
    }

    /// While set, every step also needs this to hold: the table it works on still exists,
    /// when a later step renames or drops that table (so a re-run skips what was done).
    var onlyWhile: String?

    /// Runs `sql` only while `condition` holds: the guard that makes a script re-runnable.
    mutating func guarded(_ condition: String, _ sql: String) {
        guarded(condition, built: MySQL.literal(sql))
    }

    /// Like `guarded`, with the statement built at run time by a SQL expression
    /// (e.g. from a column's type in information_schema).
    mutating func guarded(_ condition: String, built expression: String) {
        let needed = onlyWhile.map { "\($0) AND \(condition)" } ?? condition
        statement("CALL \(Helpers.step)(\(needed),\n  \(expression))")
    }

    /// Stops the script with `message` unless `condition` holds.
    mutating func require(_ condition: String, _ message: String) {
        require(condition, built: MySQL.literal(message))
    }

    /// Like `require`, with the message a SQL expression evaluated when the script runs.
    mutating func require(_ condition: String, built message: String) {
        let ok = onlyWhile.map { "NOT \($0) OR \(condition)" } ?? condition
        statement("CALL \(Helpers.require)(\(ok),\n  \(message))")
    }

    mutating func header(plan: Plan, phase: Phase, notes: [String]) {
        builder.header(plan: plan, phase: phase, dialect: .mysql, notes: notes)
    }

    mutating func nothingToDo(_ phase: Phase) { builder.nothingToDo(phase) }
}
