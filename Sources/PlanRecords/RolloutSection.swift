import Planner
import PlanRules
import PlanSpec

/// The runbook: each phase in order, its steps, the command per dialect, and what the
/// application team does between phases (expand -> migrate -> contract).
enum RolloutSection {
    static func settings(_ rollout: Rollout) -> String {
        "\(Markdown.code(rollout.mode.rawValue)); lock_timeout \(rollout.lockTimeout), statement_timeout \(rollout.statementTimeout), "
            + "batch_size \(rollout.batchSize), batch_pause \(rollout.batchPause)"
    }

    static func render(_ input: RecordInput) -> String {
        var md = "## Rollout\n\n"
        md += input.expandContract
            ? "Mode `expand_contract`: forward only adds, so the running application keeps working; the new application version is deployed between backfill and contract, and contract removes what only the old version used.\n"
            : "Mode `single_step`: the change is complete after forward and backfill; contract has nothing to do but is run anyway, so that every change has the same runbook.\n"
        md += "\n\(input.commandBase) \(RunCommand.legend)\n"
        var number = 0
        func heading(_ title: String) -> String {
            number += 1
            return "\n### \(number). \(title)\n\n"
        }
        md += heading("Before you start") + before(input)
        md += heading("Forward (expand)") + phase(.forward, input) + application(.afterForward, "Application, after forward:", input)
        md += heading("Backfill (migrate)") + phase(.backfill, input) + application(.afterBackfill, "Application, after backfill:", input)
        if input.expandContract {
            md += heading("Deploy the new application version") + deploy(input)
            md += heading("Contract") + phase(.contract, input)
        } else {
            md += heading("Contract") + phase(.contract, input)
            md += heading("Deploy the new application version")
                + "Deploy the code that uses the change now that it is in place.\n"
                + application(.beforeContract, "Application:", input)
        }
        md += heading("Verify") + "Fails, with a non-zero exit, unless the whole change is in place; see [Verification](#verification).\n\n"
            + commands(.verify, input)
        return md
    }

    private static func before(_ input: RecordInput) -> String {
        var items = ["Review the scripts under \(Markdown.code(input.folder + "/")) and this record."]
        switch input.spec.rollback.strategy {
        case .restoreFromBackup:
            items.append("Take a backup or snapshot of the affected tables and note its time: rollback restores from it.")
        case .reverse, .forwardFix:
            items.append("Make sure a recent backup exists.")
        }
        var md = items.map { "- \($0)\n" }.joined()
        md += application(.beforeForward, "Application, deployed before forward:", input)
        md += mongoRenameWarnings(input)
        md += OnlineCopySection.render(input)
        return md
    }

    /// MongoDB has no views: under expand_contract a renamed collection has no old name left
    /// after forward, unlike the SQL dialects, so old readers must be warned.
    private static func mongoRenameWarnings(_ input: RecordInput) -> String {
        guard input.expandContract, input.dialects.contains(.mongodb) else { return "" }
        return input.spec.changes.compactMap { change -> String? in
            guard case let .renameTable(op) = change.operation else { return nil }
            return "\n> **MongoDB, change \(change.index):** collection \(Markdown.code(op.from.value)) is renamed to "
                + "\(Markdown.code(op.to.value)) at forward and, with no views on MongoDB, the old name is gone at once: "
                + "code that reads or writes \(Markdown.code(op.from.value)) there fails from forward on. "
                + "Deploy code that uses \(Markdown.code(op.to.value)) before or together with forward.\n"
        }.joined()
    }

    private static func deploy(_ input: RecordInput) -> String {
        "Forward and backfill are done, so both the old and the new schema work. Now:\n\n"
            + "1. Deploy the application version that uses the new schema.\n"
            + "2. Wait until no instance of the old version runs (workers, cron jobs and other services included).\n"
            + "3. Watch errors and latency; while old code may still run, roll back with `rollback` (see [Rollback](#rollback)) rather than contract.\n"
            + application(.beforeContract, "Application, before contract:", input)
    }

    /// The application steps due at `when`, under a lead-in; nothing when there are none.
    private static func application(_ when: ApplicationStep.When, _ lead: String, _ input: RecordInput) -> String {
        let items = ImpactText.applicationSteps(input.analysis.impacts, when: when, input)
        return items.isEmpty ? "" : "\n\(lead)\n\n" + items.map { "- \($0)\n" }.joined()
    }

    private static func phase(_ phase: Phase, _ input: RecordInput) -> String {
        let steps = input.plan.steps(in: phase)
        var md = steps.isEmpty ? "Nothing to do in this phase; its scripts say so.\n\n" : ""
        for step in steps {
            md += "- change \(step.origin.changeIndex) (\(Markdown.code(step.origin.operation)), line \(step.origin.location.line)): "
                + Markdown.cell(StepText(step.action, in: input.plan).text + noTrigger(step.action, input)) + "\n"
        }
        if !steps.isEmpty { md += "\n" }
        if phase == .backfill, steps.contains(where: { !$0.action.isBackfill }) {
            md += "The schema steps here follow the spec's order: they come after a backfill of the same table because they need its rows filled, "
                + "so they run in this script, after the batches, and not in forward.\n\n"
        }
        return md + commands(phase, input)
    }

    /// What a sync trigger step does not do on MongoDB, where there are none.
    private static func noTrigger(_ action: Action, _ input: RecordInput) -> String {
        guard input.dialects.contains(.mongodb) else { return "" }
        switch action {
        case let .installSyncTrigger(sync) where sync.newType != nil:
            return "; MongoDB has no triggers: nothing is installed there, so backfill runs again once no old code runs"
        case .installSyncTrigger: return "; MongoDB has no triggers: nothing is installed there, so new code writes both fields until contract"
        case .dropSyncTrigger: return "; nothing to drop on MongoDB"
        default: return ""
        }
    }

    /// One fenced block with a command per dialect.
    static func commands(_ phase: Phase, _ input: RecordInput) -> String {
        let lines = input.dialects.map { dialect in
            "# \(dialect.displayName)\n" + input.command(dialect, phase)
        }
        return "```sh\n" + lines.joined(separator: "\n") + "\n```\n"
    }
}
