import PlanDiagnostics
import Planner

/// The formats `check` can print diagnostics in.
public enum DiagnosticFormat: String, CaseIterable, Sendable {
    case text, json, sarif
}

public enum DiagnosticOutput {
    public static func render(_ workspace: Workspace, format: DiagnosticFormat, colored: Bool) -> String {
        let diagnostics = workspace.diagnostics
        switch format {
        case .text:
            var out = TextRenderer(colored: colored, sources: workspace.sources).render(diagnostics)
            let errors = diagnostics.filter { $0.severity == .error }.count
            let warnings = diagnostics.filter { $0.severity == .warning }.count
            out += "\(workspace.entries.count) spec(s) checked: \(errors) error(s), \(warnings) warning(s)\n"
            return out
        case .json:
            return JSONRenderer.render(diagnostics)
        case .sarif:
            let results = (diagnostics + RuleHelpCatalog.findingResults(workspace)).sortedBySource()
            return SARIFRenderer.render(results, toolVersion: PlanccVersion.current, extraRules: RuleHelpCatalog.sarifRules)
        }
    }
}
