import PlanDiagnostics
import Planner
import PlanRules
import PlanSpec
import PlanSupport

/// `plan.json`: the machine-readable plan, documented by `schema/plan.schema.json`.
/// Keys are written in a fixed order and maps are sorted, so equal inputs give equal bytes.
enum PlanJSON {
    /// Bumped when a consumer of plan.json would need to change.
    static let format = 1

    /// `files` lists every other file of `out/<id>/` (the scripts and CHANGE.md).
    static func render(_ input: RecordInput, files: [GeneratedFile]) -> GeneratedFile {
        let document: JSONValue = .object([
            ("plan_format", .int(format)),
            ("plancc", .string(PlanccVersion.current)),
            ("spec", spec(input.spec)),
            ("risk", .object([("declared", .string(input.spec.risk.rawValue)),
                              ("computed", .string(input.analysis.computedRisk.rawValue))])),
            ("changes", .array(input.spec.changes.map { change($0, input) })),
            ("findings", .array(input.analysis.findings.map(finding))),
            ("phases", .array(Phase.allCases.map { phase($0, input) })),
            ("files", .array(files.sorted { $0.path < $1.path }.map(file))),
        ])
        return GeneratedFile(path: "plan.json", contents: document.rendered())
    }

    private static func spec(_ spec: Spec) -> JSONValue {
        let rollout = spec.rollout
        return .object([
            ("path", .string(spec.path)),
            ("sha256", .string(spec.sha256)),
            ("format", .int(spec.format)),
            ("kind", .string(spec.kind.rawValue)),
            ("id", .string(spec.id.value)),
            ("title", .string(spec.title)),
            ("intent", .string(spec.intent)),
            ("rationale", .string(spec.rationale)),
            ("owner", spec.owner.map(JSONValue.string) ?? .null),
            ("links", .array(spec.links.map(JSONValue.string))),
            ("current_state", spec.currentState.map(JSONValue.string) ?? .null),
            ("dialects", .array(spec.dialects.map { .string($0.rawValue) })),
            ("tables", .object(spec.tables.keys.sorted().map { table in
                (table, .object([("rows", spec.tables[table]?.rows.map { .int(Int($0)) } ?? .null)]))
            })),
            ("rollback", .object([("strategy", .string(spec.rollback.strategy.rawValue)),
                                  ("notes", spec.rollback.notes.map(JSONValue.string) ?? .null)])),
            ("rollout", .object([
                ("mode", .string(rollout.mode.rawValue)),
                ("lock_timeout_ms", .int(Int(rollout.lockTimeout.value))),
                ("statement_timeout_ms", .int(Int(rollout.statementTimeout.value))),
                ("batch_size", .int(rollout.batchSize)),
                ("batch_pause_ms", .int(Int(rollout.batchPause.value))),
                ("lock_retries", .int(rollout.lockRetries)),
                ("max_batch_seconds", .int(rollout.maxBatchSeconds)),
                ("online_copy_rows", .int(Int(rollout.onlineCopyRows))),
            ])),
        ])
    }

    private static func location(_ location: SourceLocation) -> JSONValue {
        .object([("file", .string(location.file)), ("line", .int(location.line)), ("column", .int(location.column))])
    }

    private static func change(_ change: Change, _ input: RecordInput) -> JSONValue {
        let summary = ChangeSummary(change.operation)
        let impact = input.analysis.impacts.first { $0.changeIndex == change.index }
        return .object([
            ("index", .int(change.index)),
            ("operation", .string(change.name)),
            ("table", change.operation.table.map { .string($0.value) } ?? .null),
            ("target", .string(summary.target)),
            ("summary", .string(summary.summary)),
            ("location", location(change.location)),
            ("impact", impact.map { Self.impact($0, input) } ?? .null),
        ])
    }

    /// The analysis's estimate for one change; `rows` is `{ kind, estimate }`.
    private static func impact(_ impact: ChangeImpact, _ input: RecordInput) -> JSONValue {
        let rows: (String, Int64?) = switch impact.data.rows {
        case .none: ("none", nil)
        case let .all(estimate): ("all", estimate)
        case let .matching(atMost): ("matching", atMost)
        case .unknown: ("unknown", nil)
        }
        return .object([
            ("data", .object([
                ("rows", .object([("kind", .string(rows.0)), ("estimate", rows.1.map { .int(Int($0)) } ?? .null)])),
                ("loss", .string(impact.data.loss.rawValue)),
                ("summary", .string(impact.data.summary)),
            ])),
            ("performance", .array(impact.performance.map { StatementRecords.performance($0, change: impact.changeIndex, input) }.map { p in
                .object([("dialect", .string(p.dialect.rawValue)), ("lock", .string(p.lock)), ("hold", .string(p.hold.rawValue)),
                         ("rewrites_table", .bool(p.rewritesTable)), ("summary", .string(p.summary))])
            })),
            ("application", .array(impact.application.map { step in
                .object([("when", .string(step.when.rawValue)), ("action", .string(step.action))])
            })),
        ])
    }

    private static func finding(_ finding: Finding) -> JSONValue {
        .object([
            ("rule", .string(finding.ruleID)),
            ("risk", .string(finding.risk.rawValue)),
            ("message", .string(finding.message)),
            ("change", finding.changeIndex.map(JSONValue.int) ?? .null),
            ("location", location(finding.location)),
        ])
    }

    private static func origin(_ origin: StepOrigin) -> JSONValue {
        .object([("change", .int(origin.changeIndex)), ("operation", .string(origin.operation)), ("line", .int(origin.location.line))])
    }

    /// A phase: its steps (dialect-neutral, as planned) and the script each dialect runs for it.
    private static func phase(_ phase: Phase, _ input: RecordInput) -> JSONValue {
        let steps: [JSONValue] = phase == .verify
            ? input.plan.verify.map { check in
                let text = CheckText(check.expectation)
                return .object([("origin", origin(check.origin)), ("kind", .string(text.kind)), ("description", .string(text.text))])
            }
            : input.plan.steps(in: phase).map { step in
                let text = StepText(step.action, in: input.plan)
                return .object([("origin", origin(step.origin)), ("kind", .string(text.kind)), ("description", .string(text.text))])
            }
        let scripts: [JSONValue] = input.dialects.compactMap { dialect in
            input.script(dialect, phase).map { script in
                .object([("dialect", .string(dialect.rawValue)), ("path", .string(script.path)),
                         ("command", .string(input.command(dialect, phase)))])
            }
        }
        return .object([
            ("name", .string(phase.rawValue)),
            ("summary", .string(phase.summary)),
            ("steps", .array(steps)),
            ("scripts", .array(scripts)),
            ("statements", .array(input.statements.filter { $0.phase == phase }.map(statement))),
        ])
    }

    /// One statement a script runs: how it runs, what it locks and for how long, how it is
    /// retried, its hazards, and its text (as the script runs it, without the retry around it;
    /// for a MySQL statement built when the script runs, the SQL expression that builds it) with
    /// the text's sha256, so an exporter can read it and tell when it changed.
    private static func statement(_ statement: Statement) -> JSONValue {
        let skip: String = switch statement.guard {
        case .none: "none"
        case .idempotent: "idempotent"
        case .condition: "condition"
        case .pendingRows: "pending_rows"
        case .ledger: "ledger"
        case .verify: "verify"
        }
        return .object([
            ("dialect", .string(statement.dialect.rawValue)),
            ("origin", origin(statement.origin)),
            ("kind", .string(statement.kind.rawValue)),
            ("transaction", .string(statement.transaction.rawValue)),
            ("guard", .string(skip)),
            ("lock", .string(statement.lock.name)),
            ("table", statement.table.map(JSONValue.string) ?? .null),
            ("hold", .string(statement.hold.rawValue)),
            ("rewrites_table", .bool(statement.rewritesTable)),
            ("scans_table", .bool(statement.scansTable)),
            ("timeouts", .object([("lock_timeout_ms", .int(Int(statement.timeouts.lock.value))),
                                  ("statement_timeout_ms", .int(Int(statement.timeouts.statement.value)))])),
            ("retry", .object([("on", .string(statement.retry.kind)),
                               ("attempts", .int(statement.retry.policy?.attempts ?? 1))])),
            ("fallback_lock", statement.fallback.map { .string($0.name) } ?? .null),
            ("hazards", .array(statement.hazards.map(JSONValue.string))),
            ("text", .string(statement.text)),
            ("sha256", .string(SHA256.hex(Array(statement.text.utf8)))),
        ])
    }

    private static func file(_ file: GeneratedFile) -> JSONValue {
        let bytes = Array(file.contents.utf8)
        return .object([("path", .string(file.path)), ("bytes", .int(bytes.count)), ("sha256", .string(SHA256.hex(bytes)))])
    }
}
