import Planner
import PlanSpec

/// MySQL 8.0 and MariaDB 10.11 scripts, for `mysql --batch DB < FILE` (or `mariadb`).
///
/// Choices (docs/mysql.md says more):
/// - One text for both engines. Where they differ the common form is used: `RENAME COLUMN`
///   (MySQL 8.0, MariaDB 10.5+), `DROP CONSTRAINT` for checks (MySQL 8.0.19+, MariaDB),
///   `DELIMITER $$` around stored programs, `DEFAULT (expr)` for expression defaults.
/// - DDL is not transactional, so forward, contract and rollback guard every step: the
///   temporary procedure `_plancc_step(needed, statement)` runs a PREPAREd statement only
///   while information_schema shows it is still to do, and retries lock wait timeouts.
///   Triggers cannot be PREPAREd: they are dropped and created again on a re-run.
/// - Online DDL: `ALGORITHM=INSTANT` for metadata-only changes (add column, defaults),
///   `ALGORITHM=INPLACE, LOCK=NONE` for indexes, keys and rebuilds; table-copying changes
///   (type changes, CHECK constraints, AUTO_INCREMENT columns) say so with the row estimate,
///   and above `rollout.online_copy_rows` stop the script until gh-ost or pt-online-schema-change
///   (by the table's foreign keys and triggers) has done them.
/// - There is no NOT VALID: foreign keys are added with foreign_key_checks off and then
///   checked by a query; CHECK constraints are checked by the engine when added; the NOT
///   NULL proof is a query before MODIFY ... NOT NULL.
/// - Backfills are temporary procedures walking the key in ranges of batch_size.
/// - Types: timestamp and timestamptz are DATETIME(6) (no 2038 limit, no session time zone
///   conversion), time is TIME(6), boolean TINYINT(1), uuid CHAR(36), bytes LONGBLOB.
public struct MySQLBackend: LoweringBackend {
    public init() {}
    public var dialect: Dialect { .mysql }

    public func render(_ plan: Plan) -> [GeneratedFile] { lower(plan).files }

    /// The scripts, with the statements each step's writer recorded as it wrote them
    /// (`MySQLScript`), so the records say what the MySQL scripts do.
    public func lower(_ plan: Plan) -> Lowered {
        var statements: [Statement] = []
        let files = Phase.allCases.map { phase in
            let text: String
            if phase == .verify {
                text = verify(plan)
            } else {
                let writer = write(plan, phase)
                statements += writer.script.statements
                text = writer.script.text
            }
            return GeneratedFile(path: "mysql/\(phase.rawValue).sql", contents: text)
        }
        return Lowered(statements: statements, files: files)
    }

    /// The steps that copy a table, in script order, with the online schema change command
    /// that replaces each above `rollout.online_copy_rows` (CHANGE.md explains them).
    public func onlineCopies(_ plan: Plan) -> [OnlineCopy] {
        [Phase.forward, .backfill, .contract, .rollback].flatMap { write(plan, $0).copies }
    }

    private func write(_ plan: Plan, _ phase: Phase) -> StepWriter {
        let steps = plan.steps(in: phase)
        var writer = StepWriter(plan: plan)
        writer.phase = phase
        var notes = ["Assumes the default sql_mode's STRICT_TRANS_TABLES; takes NO_BACKSLASH_ESCAPES out for this session."]
        if phase != .backfill {
            notes.insert("""
            Safe to re-run after a failure part-way: MySQL DDL is not transactional, so each step \
            checks information_schema first and runs only if it is still to do.
            """, at: 0)
        } else {
            notes.insert("Safe to re-run: each batch updates only the rows still to change.", at: 0)
            if plan.backfill.contains(where: { !$0.action.isBackfill }) {
                notes.insert("The changes the spec lists after a backfill run after it, here: they need its rows filled. Each checks information_schema first.", at: 1)
            }
        }
        if plan.spec.rollout.statementTimeout.value > 0 {
            notes.append("rollout.statement_timeout is not applied: MySQL's max_execution_time covers SELECT only.")
        }
        writer.script.header(plan: plan, phase: phase, notes: notes)
        guard !steps.isEmpty else {
            writer.script.nothingToDo(phase)
            return writer
        }
        for statement in Helpers.session(plan.spec.rollout) { writer.script.statement(statement) }
        let passes = StepWriter.needsPasses(steps)
        writer.script.compound(Helpers.createStep(plan.spec.rollout, server: plan.spec.targets.mySQLServer) + Helpers.createRequire + (passes ? StepWriter.createPasses : []))
        let timeouts = Statement.Timeouts(lock: Milliseconds(Helpers.lockWaitSeconds(plan.spec.rollout) * 1000), statement: Milliseconds(0))
        for (index, step) in steps.enumerated() {
            writer.script.line()
            writer.script.origin(step.origin)
            writer.upcoming = steps[(index + 1)...]
            writer.origin = step.origin
            writer.subject = "change \(step.origin.changeIndex) (\(step.origin.operation))"
            writer.script.recording = .init(phase: phase, origin: step.origin, policy: LockRetry(plan.spec.rollout), timeouts: timeouts)
            let (recorded, written) = (writer.script.statements.count, writer.script.text.utf8.count)
            writer.write(step.action)
            // A step that runs nothing is a note: the comment it wrote.
            if writer.script.statements.count == recorded {
                writer.script.record(String(String(decoding: writer.script.text.utf8.dropFirst(written), as: UTF8.self).drop { $0 == "\n" }.reversed().drop { $0 == "\n" }.reversed()), .note, retried: false, guard: .none)
            }
            writer.script.recording = nil
        }
        writer.script.line()
        for drop in Helpers.dropAll { writer.script.statement(drop) }
        if passes { writer.script.statement("DROP PROCEDURE IF EXISTS \(StepWriter.passes)") }
        return writer
    }

    private func verify(_ plan: Plan) -> String {
        var writer = VerifyWriter(constraints: ConstraintCatalog(plan), script: MySQLScript())
        writer.script.header(plan: plan, phase: .verify, notes: [
            "Fails with SQLSTATE 45000 naming every check that does not hold; changes nothing.",
        ])
        guard !plan.verify.isEmpty else {
            writer.script.nothingToDo(.verify)
            return writer.script.text
        }
        writer.script.compound(VerifyWriter.createExpect + VerifyWriter.createCount + Helpers.createRequire)
        writer.script.statement("SET @plancc_problems = NULL")
        // Author-written checks fail the script themselves, so they run after plancc's verdict,
        // which would not be reached otherwise.
        let isAuthors: (Check) -> Bool = { if case .raw = $0.expectation { true } else { false } }
        for check in plan.verify.filter({ !isAuthors($0) }) {
            writer.script.line()
            writer.script.origin(check.origin)
            writer.write(check.expectation)
        }
        writer.script.line()
        writer.script.statement("DROP PROCEDURE IF EXISTS \(VerifyWriter.expect)")
        writer.script.statement("DROP PROCEDURE IF EXISTS \(VerifyWriter.count)")
        writer.script.comment("The verdict: fails here, naming what is missing, unless every check held.")
        writer.script.statement("CALL \(Helpers.require)(@plancc_problems IS NULL,\n  CONCAT('plancc verify failed: ', @plancc_problems))")
        writer.script.statement("DROP PROCEDURE IF EXISTS \(Helpers.require)")
        for check in plan.verify.filter(isAuthors) {
            writer.script.line()
            writer.script.origin(check.origin)
            writer.write(check.expectation)
        }
        writer.script.line()
        writer.script.statement("SELECT \(MySQL.literal("plancc verify passed: \(plan.verify.count) checks hold")) AS plancc_verify")
        return writer.script.text
    }
}
