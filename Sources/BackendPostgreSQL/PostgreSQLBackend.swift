import Planner
import PlanSpec

/// PostgreSQL 11+ scripts for `psql -v ON_ERROR_STOP=1 -f FILE` (checked on PostgreSQL 15).
///
/// Safety by construction: every script sets `lock_timeout` and `statement_timeout` first;
/// DDL runs in short transactions (one per change, `VALIDATE` alone); indexes are built and
/// dropped `CONCURRENTLY` outside transactions; constraints go in `NOT VALID` and are validated
/// apart; backfills commit per batch and only touch pending rows. Work PostgreSQL cannot guard
/// with `IF [NOT] EXISTS` is guarded with psql's `\if`, so a stopped script can be run again.
public struct PostgreSQLBackend: Backend {
    public init() {}
    public var dialect: Dialect { .postgresql }

    public func render(_ plan: Plan) -> [GeneratedFile] {
        Phase.allCases.map { phase in
            var script = ScriptBuilder(commentPrefix: "--")
            script.header(plan: plan, phase: phase, dialect: dialect,
                          run: "psql -v ON_ERROR_STOP=1 -f postgresql/\(phase.rawValue).sql", notes: notes(plan, phase))
            if phase == .verify {
                if plan.verify.isEmpty { script.nothingToDo(phase) } else { Verify.render(plan, into: &script) }
            } else {
                renderSteps(plan.steps(in: phase), plan: plan, phase: phase, into: &script)
            }
            return GeneratedFile(path: "postgresql/\(phase.rawValue).sql", contents: script.text)
        }
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

    private func renderSteps(_ steps: [Step], plan: Plan, phase: Phase, into script: inout ScriptBuilder) {
        guard !steps.isEmpty else { return script.nothingToDo(phase) }
        let rollout = plan.spec.rollout
        script.comment("Fail fast rather than queue behind a long lock; literals are read exactly as written.")
        script.line("SET standard_conforming_strings = on;")
        script.line("SET lock_timeout = \(SQL.duration(rollout.lockTimeout));")
        script.line("SET statement_timeout = \(SQL.duration(rollout.statementTimeout));")
        let settings = Backfills.Settings(lockRetries: rollout.lockRetries, maxBatchSeconds: rollout.maxBatchSeconds,
                                          statementTimeout: rollout.statementTimeout)
        var writer = PieceWriter()
        for change in consecutiveChanges(steps) {
            let preparation = change.flatMap { Actions.preparation($0.action) }
            if !preparation.isEmpty { writer.write(preparation, origin: change[0].origin, into: &script) }
            for step in change {
                writer.write(Actions.pieces(step.action, settings), origin: step.origin, into: &script)
            }
        }
        writer.finish(into: &script)
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
private struct PieceWriter {
    private var openTransaction: StepOrigin?

    mutating func write(_ pieces: [Piece], origin: StepOrigin, into script: inout ScriptBuilder) {
        var commented = false
        for piece in pieces {
            let merges = piece.mode == .transaction && piece.onlyIf == nil && openTransaction == origin
            if !merges { finish(into: &script) }
            if !commented && !merges {
                script.line()
                script.origin(origin)
            }
            commented = true
            switch piece.mode {
            case .note:
                script.comment("NOTE: " + piece.text)
            case .transaction where piece.onlyIf == nil:
                if !merges { script.line("BEGIN;") }
                script.raw(piece.text)
                openTransaction = origin
            case .transaction, .ownTransaction:
                guarded(piece.onlyIf, into: &script) {
                    $0.line("BEGIN;")
                    $0.raw(piece.text)
                    $0.line("COMMIT;")
                }
            case .autocommit:
                guarded(piece.onlyIf, into: &script) { $0.raw(piece.text) }
            }
        }
    }

    mutating func finish(into script: inout ScriptBuilder) {
        if openTransaction != nil { script.line("COMMIT;") }
        openTransaction = nil
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
