import Planner
import PlanRules
import PlanSpec

/// Impact (data, performance, application) per change, as the analysis estimates it, and the
/// findings behind the computed risk.
enum ImpactSection {
    static func render(_ input: RecordInput) -> String {
        let spec = input.spec
        var md = "## Impact and risk\n\n"
        md += "Risk: \(RiskText.summary(declared: spec.risk, computed: input.analysis.computedRisk)).\n\n"
        md += findings(input)
        let impacts = input.analysis.impacts
        guard !impacts.isEmpty else { return md }
        md += "\n### Data\n\n" + impacts.map { data($0, input) }.joined()
        md += "\n### Performance\n\n" + performance(impacts, input) + "\n" + limits(input)
        md += "\n### Application\n\n" + application(impacts, input)
        return md
    }

    private static func findings(_ input: RecordInput) -> String {
        let findings = input.analysis.findings
        guard !findings.isEmpty else { return "No analysis rule flagged this change.\n" }
        var md = "| Risk | Rule | Change | Reason |\n|---|---|---|---|\n"
        for finding in findings {
            let change = finding.changeIndex.flatMap(input.change).map { "\($0.index) (\(Markdown.code($0.name)), line \($0.location.line))" }
                ?? "line \(finding.location.line)"
            md += "| \(finding.risk.rawValue) | \(Markdown.code(finding.ruleID)) | \(change) | \(Markdown.cell(finding.message)) |\n"
        }
        md += "\nRun `plancc rules RULE-ID` for why a rule flags a change and what to do instead.\n"
        return md
    }

    /// `Change 2 (`backfill`)`
    static func label(_ index: Int, _ input: RecordInput) -> String {
        "Change \(index)" + (input.change(index).map { " (\(Markdown.code($0.name)))" } ?? "")
    }

    private static func data(_ impact: ChangeImpact, _ input: RecordInput) -> String {
        "- \(label(impact.changeIndex, input)): \(Markdown.cell(impact.data.summary)) "
            + "Rows: \(ImpactText.rows(impact.data.rows)). Loss: \(ImpactText.loss(impact.data.loss)).\n"
    }

    private static func performance(_ impacts: [ChangeImpact], _ input: RecordInput) -> String {
        var md = "| Change | Dialect | Lock | Held | Rewrites rows | What happens |\n|---|---|---|---|---|---|\n"
        for impact in impacts {
            for p in impact.performance.map({ StatementRecords.performance($0, change: impact.changeIndex, input) }) {
                md += "| \(label(impact.changeIndex, input)) | \(p.dialect.displayName) | \(Markdown.cell(p.lock)) "
                    + "| \(ImpactText.hold(p.hold)) | \(p.rewritesTable ? "yes" : "no") | \(Markdown.cell(p.summary)) |\n"
            }
        }
        return md
    }

    /// The retries per dialect, folded from its statements (MongoDB scripts take no lock timeout,
    /// so they retry nothing), and the statement timeout where the statements run under one.
    private static func limits(_ input: RecordInput) -> String {
        let spec = input.spec
        let rollout = spec.rollout
        var md = ""
        for dialect in spec.dialects where dialect != .mongodb && input.lowers(dialect) {
            md += "- " + StatementRecords.retries(dialect, input.statements(dialect)) + "\n"
        }
        guard rollout.statementTimeout.value > 0 else { return md }
        let lowered = spec.dialects.filter(input.lowers)
        let under = lowered.filter { d in input.statements(d).contains { $0.timeouts.statement.value > 0 } }
        if under.count == lowered.count {
            md += "- Statements are cancelled after \(rollout.statementTimeout) (`statement_timeout`).\n"
        } else if !under.isEmpty {
            md += "- Statements are cancelled after \(rollout.statementTimeout) (`statement_timeout`) on "
                + StatementRecords.list(under.map(\.displayName)) + "; the "
                + StatementRecords.list(lowered.filter { !under.contains($0) }.map(\.displayName)) + " scripts set no statement timeout.\n"
        } else {
            md += "- `statement_timeout` (\(rollout.statementTimeout)) is not applied: the "
                + StatementRecords.list(lowered.map(\.displayName)) + " scripts set no statement timeout.\n"
        }
        return md
    }

    private static func application(_ impacts: [ChangeImpact], _ input: RecordInput) -> String {
        var md = ""
        for when in ApplicationStep.When.allCases {
            let items = ImpactText.applicationSteps(impacts, when: when, input)
            guard !items.isEmpty else { continue }
            md += "**\(ImpactText.when(when))**\n\n" + items.map { "- \($0)\n" }.joined() + "\n"
        }
        return md.isEmpty ? "Code written for the old schema keeps working.\n" : String(md.dropLast())
    }
}

/// The analysis's impact values in words.
enum ImpactText {
    static func rows(_ rows: DataImpact.Rows) -> String {
        switch rows {
        case .none: "none"
        case let .all(estimate): "all" + (estimate.map { " (about \($0))" } ?? "")
        case let .matching(atMost): "those matching" + (atMost.map { " (at most \($0))" } ?? "")
        case .unknown: "unknown (hand-written code)"
        }
    }

    static func loss(_ loss: DataImpact.Loss) -> String {
        switch loss {
        case .none: "none"
        case .overwritten: "old values are overwritten and not kept"
        case .atContract: "at contract; until then rollback brings everything back"
        case .atRollback: "none going forward; a rollback drops what was written to it since forward"
        case .atForward: "at forward; only a backup brings it back"
        }
    }

    static func hold(_ hold: PerformanceImpact.Hold) -> String {
        switch hold {
        case .none: "nothing existing"
        case .brief: "briefly"
        case .whileScanning: "while scanning, writes continue"
        case .blocking: "**for the whole pass, writes wait**"
        case .perBatch: "per batch"
        case .unknown: "unknown"
        }
    }

    static func when(_ when: ApplicationStep.When) -> String {
        switch when {
        case .beforeForward: "Before forward"
        case .afterForward: "After forward"
        case .afterBackfill: "After backfill"
        case .beforeContract: "Before contract"
        }
    }

    /// `Change 1 (`drop_column`): Remove every read ...` for the steps due at `when`.
    static func applicationSteps(_ impacts: [ChangeImpact], when: ApplicationStep.When, _ input: RecordInput) -> [String] {
        impacts.flatMap { impact in
            impact.application.filter { $0.when == when }.map { "\(ImpactSection.label(impact.changeIndex, input)): \(Markdown.cell($0.action))" }
        }
    }
}
