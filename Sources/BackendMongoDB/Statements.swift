import Planner
import PlanSpec

/// The statements of a MongoDB step: one per call its writer stated (`StepCode.Call`), or a note
/// for a step that writes only comments.
enum Statements {
    static func of(_ code: StepCode, origin: StepOrigin, phase: Phase) -> [Statement] {
        func statement(_ call: StepCode.Call) -> Statement {
            Statement(dialect: .mongodb, phase: phase, origin: origin, kind: call.kind, text: call.text,
                      transaction: call.kind == .note ? .none : .outside, guard: call.guard, lock: call.lock, table: call.table,
                      hold: call.hold, retry: .none, timeouts: Statement.Timeouts(lock: Milliseconds(0), statement: Milliseconds(0)))
        }
        guard code.hasCode else {
            return [statement(.init(kind: .note, lock: .none, hold: .none, guard: .none, table: nil, text: code.lines.joined(separator: "\n")))]
        }
        return code.calls.map(statement)
    }
}
