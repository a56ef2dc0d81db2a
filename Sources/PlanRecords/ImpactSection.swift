import PlanRules
import PlanSpec

/// Impact (data, performance, application) and the findings behind the computed risk.
enum ImpactSection {
    static func render(_ input: RecordInput) -> String {
        let spec = input.spec
        var md = "## Impact and risk\n\n"
        md += "Risk: \(RiskText.summary(declared: spec.risk, computed: input.analysis.computedRisk)).\n\n"
        md += findings(input)
        let impact = ChangeImpact(spec: spec)
        md += "\n### Data\n\n" + list(impact.data, empty: "No stored values change.")
        md += "\n### Performance\n\n" + list(impact.performance, empty: "No step scans or rewrites a table.")
        md += "\n### Application\n\n" + list(impact.application, empty: "Code written for the old schema keeps working.")
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

    private static func list(_ items: [String], empty: String) -> String {
        items.isEmpty ? empty + "\n" : items.map { "- \($0)\n" }.joined()
    }
}
