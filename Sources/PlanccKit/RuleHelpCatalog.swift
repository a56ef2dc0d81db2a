import PlanDiagnostics
import PlanRules

/// The analysis rules for the command line and SARIF, from the rule registry.
public enum RuleHelpCatalog {
    /// `plancc rules`.
    public static var listing: String { RuleDocs.listing() }

    /// `plancc rules ID`: a rule or a diagnostic code explained; nil when unknown.
    public static func explain(_ id: String) -> String? { RuleDocs.explain(id) }

    /// Every id `plancc rules ID` explains, rules then codes: what shell completion offers.
    public static var ids: [String] { RuleRegistry.all.map { $0.id } + DiagnosticCode.allCases.map(\.rawValue) }

    /// The closest known id to a mistyped one.
    public static func suggestion(for id: String) -> String? { RuleDocs.suggestion(for: id) }

    /// Help for each rule id, so code-scanning shows the why and the advice beside a finding.
    static var sarifRules: [SARIFRenderer.RuleHelp] {
        RuleRegistry.all.map { rule in
            SARIFRenderer.RuleHelp(id: rule.id, name: rule.title, help: "\(rule.why) Advice: \(rule.advice)",
                                   docPath: "docs/rules.md#\(rule.id)")
        }
    }

    /// Findings as note-level results named by their rule id: annotations in code scanning,
    /// but not diagnostics of `check`'s text output, where they would drown the errors.
    static func findingResults(_ workspace: Workspace) -> [Diagnostic] {
        workspace.entries.flatMap { entry in
            (entry.analysis?.findings ?? []).map { finding in
                Diagnostic(.riskFinding, "\(finding.risk.rawValue) risk: \(finding.message)", at: finding.location,
                           severity: .note, ruleID: finding.ruleID)
            }
        }
    }
}
