import Planner
import PlanRules
import PlanSpec

/// The change record and machine-readable plan written beside the scripts.
public enum Records {
    /// CHANGE.md and plan.json for one compiled spec; `scripts` are the backends' files.
    public static func render(plan: Plan, analysis: Analysis, scripts: [GeneratedFile]) -> [GeneratedFile] {
        [ChangeRecord.render(plan: plan, analysis: analysis, scripts: scripts),
         PlanJSON.render(plan: plan, analysis: analysis, scripts: scripts)]
    }
}

enum ChangeRecord {
    static func render(plan: Plan, analysis: Analysis, scripts: [GeneratedFile]) -> GeneratedFile {
        let spec = plan.spec
        var md = "# \(spec.title)\n\n"
        md += "- id: `\(spec.id.value)`\n- declared risk: \(spec.risk.rawValue)\n- computed risk: \(analysis.computedRisk.rawValue)\n\n"
        md += "## Intent\n\n\(spec.intent)\n\n## Rationale\n\n\(spec.rationale)\n"
        return GeneratedFile(path: "CHANGE.md", contents: md)
    }
}

enum PlanJSON {
    static func render(plan: Plan, analysis: Analysis, scripts: [GeneratedFile]) -> GeneratedFile {
        GeneratedFile(path: "plan.json", contents: "{}\n")
    }
}
