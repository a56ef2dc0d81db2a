import Planner
import PlanSpec

/// One `.sql` file for the mysql/mariadb client: the shared header, then statements,
/// each run by the client as it reads them.
///
/// The statements of the steps are recorded as they are written (`statements`), each with the
/// effect its writer states (`Effect`) and the retry and guard the way it is written gives it: a
/// statement run through `_plancc_step` is retried on lock wait timeout and deadlock and runs only
/// while its condition holds; one written bare is not retried. What only serves the script is not
/// a statement: the session settings, the helper procedures, and `_plancc_require`'s stops, which
/// read only information_schema and session variables.
struct MySQLScript {
    private(set) var builder = ScriptBuilder(commentPrefix: "--")
    var text: String { builder.text }

    /// Where recorded statements come from, set for each step (nil: nothing is recorded, as in verify).
    var recording: Recording?
    /// The statements written so far, in script order.
    private(set) var statements: [Statement] = []

    struct Recording {
        var phase: Phase
        var origin: StepOrigin
        var policy: LockRetry
        var timeouts: Statement.Timeouts
    }

    /// Records a statement the script runs (written by the caller, or by one of the methods below).
    mutating func record(_ text: String, _ effect: Effect, retried: Bool, guard: Statement.Guard) {
        guard let recording else { return }
        statements.append(Statement(
            dialect: .mysql, phase: recording.phase, origin: recording.origin, kind: effect.kind, text: text,
            transaction: effect.kind == .note ? .none : .outside, guard: `guard`, lock: effect.lock, table: effect.table,
            hold: effect.hold, retry: retried ? .lockTimeoutAndDeadlock(recording.policy) : .none,
            timeouts: recording.timeouts, fallback: effect.fallback))
    }

    mutating func comment(_ text: String) { builder.comment(text) }
    mutating func origin(_ origin: StepOrigin) { builder.origin(origin) }
    mutating func line(_ text: String = "") { builder.line(text) }

    /// A statement, terminated.
    mutating func statement(_ sql: String) {
        builder.line(sql.hasSuffix(";") ? sql : sql + ";")
    }

    /// A statement of a step, run bare: not retried, and skipped on a re-run only by its own text
    /// (`IF [NOT] EXISTS`) unless `guard` says otherwise.
    mutating func statement(_ sql: String, _ effect: Effect, guard: Statement.Guard = .idempotent) {
        statement(sql)
        record(sql, effect, retried: false, guard: `guard`)
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
    /// `_plancc_step` retries it on lock wait timeout and deadlock.
    mutating func guarded(_ condition: String, _ sql: String, _ effect: Effect, guard: Statement.Guard? = nil) {
        write(condition, MySQL.literal(sql), recorded: sql, effect, guard: `guard`)
    }

    /// An `ALTER TABLE` with its ALGORITHM clause, run only while `condition` holds.
    mutating func guarded(_ condition: String, _ alter: Alter) {
        guarded(condition, alter.text, alter.effect)
    }

    /// Like `guarded`, with the statement built at run time by a SQL expression
    /// (e.g. from a column's type in information_schema); the expression is what is recorded.
    mutating func guarded(_ condition: String, built expression: String, _ effect: Effect) {
        write(condition, expression, recorded: expression, effect, guard: nil)
    }

    private mutating func write(_ condition: String, _ expression: String, recorded: String, _ effect: Effect, guard: Statement.Guard?) {
        let needed = onlyWhile.map { "\($0) AND \(condition)" } ?? condition
        statement("CALL \(Helpers.step)(\(needed),\n  \(expression))")
        record(recorded, effect, retried: true, guard: `guard` ?? .condition(needed))
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
