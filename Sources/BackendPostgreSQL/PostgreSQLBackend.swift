import Planner
import PlanSpec

/// Scripts for `psql -f FILE`, written for `targets.postgresql` (PostgreSQL 14 unstated; run by
/// the tests on PostgreSQL 15 and 18, `PostgresTarget` says what 18 changes); each sets
/// `ON_ERROR_STOP` itself.
///
/// Safety by construction: every script sets `lock_timeout` and `statement_timeout` first,
/// and retries a step that hit it as `LockRetry` says (`LockRetries` spells it);
/// DDL runs in short transactions (one per change, `VALIDATE` alone); indexes are built and
/// dropped `CONCURRENTLY` outside transactions; constraints go in `NOT VALID` and are validated
/// apart; backfills commit per batch and only touch pending rows. Work PostgreSQL cannot guard
/// with `IF [NOT] EXISTS` is guarded with psql's `\if`, so a stopped script can be run again.
public struct PostgreSQLBackend: LoweringBackend {
    public init() {}
    public var dialect: Dialect { .postgresql }

    public func render(_ plan: Plan) -> [GeneratedFile] { lower(plan).files }

    /// The statements of the scripts, in script order, and the scripts written from them.
    public func lower(_ plan: Plan) -> Lowered {
        var statements: [Statement] = []
        let files = Phase.allCases.map { phase in
            var script = ScriptBuilder(commentPrefix: "--")
            script.header(plan: plan, phase: phase, dialect: dialect, notes: notes(plan, phase))
            // The scripts stop on their first error even when run with a plain `psql -f`.
            script.line("\\set ON_ERROR_STOP on")
            PostgresTarget(plan).requireServer(into: &script)
            if phase == .verify {
                if plan.verify.isEmpty { script.nothingToDo(phase) } else { Verify.render(plan, into: &script) }
            } else {
                statements += renderSteps(plan.steps(in: phase), plan: plan, phase: phase, into: &script)
            }
            return GeneratedFile(path: "postgresql/\(phase.rawValue).sql", contents: script.text)
        }
        return Lowered(statements: statements, files: files)
    }

    private func notes(_ plan: Plan, _ phase: Phase) -> [String] {
        switch phase {
        case .forward, .contract:
            return ["If the script stops (e.g. on lock_timeout), run it again: work already done is skipped (IF [NOT] EXISTS,",
                    "psql \\if, DO guards). The author's own sql and a finished column-type swap are not: they stop a re-run with",
                    "an error (a swap's transaction rolls back, nothing is lost), so go on by hand after them."]
        case .backfill:
            var notes = ["Each batch commits on its own; if the run stops, run the script again: it only touches rows still pending."]
            if plan.backfill.contains(where: { !$0.action.isBackfill }) {
                notes.append("The changes the spec lists after a backfill run after it, here: they need its rows filled. Like forward, what is done is skipped on a re-run.")
            }
            return notes
        case .rollback:
            var notes = ["Run before contract: contract removes what this script would restore."]
            if plan.spec.rollback.strategy != .reverse {
                notes.append("rollback strategy: \(plan.spec.rollback.strategy.rawValue). This script only undoes what can be undone safely;")
                notes.append("the steps marked NOTE below need the backup or a forward fix.")
            }
            if let text = plan.spec.rollback.notes { notes.append("notes: " + text.trimmingTrailingNewlines) }
            return notes
        default:
            return []
        }
    }

    private func renderSteps(_ steps: [Step], plan: Plan, phase: Phase, into script: inout ScriptBuilder) -> [Statement] {
        guard !steps.isEmpty else {
            script.nothingToDo(phase)
            return []
        }
        let rollout = plan.spec.rollout
        let policy = LockRetry(rollout)
        script.comment("Fail fast rather than queue behind a long lock; literals are read exactly as written.")
        script.line("SET standard_conforming_strings = on;")
        script.line("SET lock_timeout = \(SQL.duration(rollout.lockTimeout));")
        script.line("SET statement_timeout = \(SQL.duration(rollout.statementTimeout));")
        let target = PostgresTarget(plan)
        // The steps go into a script of their own first: the retry procedure is defined above
        // them only when some transaction calls it.
        var body = ScriptBuilder(commentPrefix: "--")
        var writer = PieceWriter(policy: policy, phase: phase, timeouts: .init(lock: rollout.lockTimeout, statement: rollout.statementTimeout))
        var position = 0
        // The indexes and constraints the phase drops itself: a type change's contract need not keep them.
        let dropped = Set(steps.compactMap { step -> String? in
            switch step.action {
            case let .dropIndex(_, name), let .dropConstraint(_, name): name
            default: nil
            }
        })
        for change in consecutiveChanges(steps) {
            let retries = LockRetries(policy: policy, subject: Self.subject(change[0]))
            let preparation = change.flatMap { target.preparation($0.action, dropped: dropped) ?? Actions.preparation($0.action, dropped: dropped) }
            if !preparation.isEmpty { writer.write(preparation, origin: change[0].origin, retries: retries, into: &body) }
            for step in change {
                let retries = LockRetries(policy: policy, subject: Self.subject(step))
                let settings = Backfills.Settings(retries: retries, maxBatchSeconds: rollout.maxBatchSeconds,
                                                  statementTimeout: rollout.statementTimeout)
                var pieces = target.pieces(step.action) ?? Actions.pieces(step.action, settings)
                if !Self.rewrites(step, plan) { pieces = pieces.map { $0.effect.hold == .rewrite ? $0.catalogOnly : $0 } }
                // A step on a table that a later step renames runs only while the rename is still
                // to do: on a re-run, the old name is gone (or, if this spec created it, would be made again).
                if let target = Plan.renameTarget(of: step, after: position, in: steps) {
                    pieces = pieces.map { $0.mode == .note ? $0 : $0.requiring("\(SQL.regclass(target)) IS NULL") }
                }
                position += 1
                writer.write(pieces, origin: step.origin, retries: retries, into: &body)
            }
        }
        writer.finish(into: &body)
        if writer.callsProcedure {
            script.line()
            script.raw(LockRetries.definition(policy))
        }
        script.raw(body.text)
        return writer.statements
    }

    /// Whether a type change rewrites the table: PostgreSQL relabels binary-compatible widenings
    /// in the catalog (`TypeChange`); rollback changes the type back, from `type` to `was`.
    private static func rewrites(_ step: Step, _ plan: Plan) -> Bool {
        guard case let .alterColumnType(_, _, type, using) = step.action,
              case let .alterColumnType(op)? = plan.spec.changes.first(where: { $0.index == step.origin.changeIndex })?.operation
        else { return true }
        let change = type == op.type ? TypeChange(op) : TypeChange(from: op.type.portable, to: op.was?.portable)
        return change.rewritesTable(on: .postgresql, using: using != nil)
    }

    /// `change 2 (create_index) on table "users"`, as retry notices and errors name a step.
    private static func subject(_ step: Step) -> String {
        let change = "change \(step.origin.changeIndex) (\(step.origin.operation))"
        return step.action.workTable.map { "\(change) on table \(SQL.ident($0))" } ?? change
    }

    /// Runs of consecutive steps from one change (one origin), in order.
    private func consecutiveChanges(_ steps: [Step]) -> [[Step]] {
        var changes: [[Step]] = []
        for step in steps {
            if let last = changes.last?.last, last.origin == step.origin {
                changes[changes.count - 1].append(step)
            } else {
                changes.append([step])
            }
        }
        return changes
    }
}

/// Writes pieces in order, merging consecutive transactional pieces of one change into one
/// transaction, so a change's DDL is applied whole (e.g. a shadow column never lacks its trigger).
/// Every transaction is a call of the script's retry procedure (`LockRetries.procedure`), which
/// retries it on lock timeout; `CONCURRENTLY` statements are retried by psql.
private struct PieceWriter {
    let policy: LockRetry
    let phase: Phase
    /// The script's own lock_timeout and statement_timeout.
    let timeouts: Statement.Timeouts
    /// What was written, piece by piece.
    private(set) var statements: [Statement] = []
    /// The transaction being gathered: its change, how it is retried, and its statements.
    private var open: (origin: StepOrigin, retries: LockRetries, statements: [String])?
    /// Whether some transaction was written as a call of the retry procedure.
    private(set) var callsProcedure = false

    init(policy: LockRetry, phase: Phase, timeouts: Statement.Timeouts) {
        self.policy = policy
        self.phase = phase
        self.timeouts = timeouts
    }

    /// A piece as the script runs it: its retry is the procedure's (transactions), psql's
    /// (`CONCURRENTLY`) or the batch loop's (backfills, which also retry deadlocks); the author's
    /// code and the checks are not retried.
    private func statement(_ piece: Piece, origin: StepOrigin) -> Statement {
        let retry: Statement.Retry = switch piece.mode {
        case .transaction, .ownTransaction, .concurrently: .lockTimeout(policy)
        case .autocommit: piece.kind == .backfill ? .lockTimeoutAndDeadlock(policy) : .none
        case .note: .none
        }
        return Statement(dialect: .postgresql, phase: phase, origin: origin, kind: piece.kind, text: piece.text,
                         transaction: piece.transaction, guard: piece.guard, lock: piece.effect.lock, table: piece.effect.table,
                         hold: piece.effect.hold, retry: retry,
                         timeouts: .init(lock: timeouts.lock, statement: piece.liftsStatementTimeout ? Milliseconds(0) : timeouts.statement))
    }

    mutating func write(_ pieces: [Piece], origin: StepOrigin, retries: LockRetries, into script: inout ScriptBuilder) {
        var commented = false
        for piece in pieces {
            let merges = piece.mode == .transaction && piece.onlyIf == nil && open?.origin == origin
            if !merges { finish(into: &script) }
            if !commented && !merges {
                script.line()
                script.origin(origin)
            }
            commented = true
            statements.append(statement(piece, origin: origin))
            switch piece.mode {
            case .note:
                script.comment("NOTE: " + piece.text)
            case .transaction where piece.onlyIf == nil:
                if merges { open?.statements.append(piece.text) } else { open = (origin, retries, [piece.text]) }
            case .transaction, .ownTransaction:
                callsProcedure = true
                guarded(piece.onlyIf, into: &script) { $0.raw(retries.transaction([piece.text])) }
            case .autocommit:
                guarded(piece.onlyIf, into: &script) { $0.raw(piece.text) }
            case .concurrently:
                guarded(piece.onlyIf, into: &script) { $0.raw(retries.concurrently(piece.text, cleanup: piece.cleanup)) }
            }
        }
    }

    mutating func finish(into script: inout ScriptBuilder) {
        if let open {
            callsProcedure = true
            script.raw(open.retries.transaction(open.statements))
        }
        open = nil
    }

    /// psql runs the body only while `condition` holds, so a re-run skips what is already done.
    private func guarded(_ condition: String?, into script: inout ScriptBuilder, _ body: (inout ScriptBuilder) -> Void) {
        guard let condition else { return body(&script) }
        script.line("SELECT \(condition) AS plancc_needed \\gset")
        script.line("\\if :plancc_needed")
        body(&script)
        script.line("\\endif")
    }
}

private extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
