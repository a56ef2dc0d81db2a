import Planner
import PlanRules
import PlanSpec

/// `plancc explain`: the parts of CHANGE.md a reviewer needs in the terminal (the risk with its
/// reasons, the locks each step takes per dialect, the phases with their steps and what the
/// application must do between them), rendered by the same sections CHANGE.md uses; the commands
/// name the scripts under `plan.outputDir`, like the records `compile -o` writes.
public enum Explanation {
    public static func render(plan: Plan, analysis: Analysis, scripts: [GeneratedFile], statements: [Statement] = [],
                              onlineCopies: [OnlineCopy] = []) -> String {
        let input = RecordInput(plan: plan, analysis: analysis, scripts: scripts, statements: statements, onlineCopies: onlineCopies,
                                outputDir: plan.outputDir)
        let spec = input.spec
        var text = "# \(spec.id.value): \(Markdown.cell(spec.title))\n\n"
        text += "Risk: \(RiskText.summary(declared: spec.risk, computed: analysis.computedRisk))\n"
        text += "Dialects: \(spec.dialects.map(\.displayName).joined(separator: ", "))\n"
        text += "Rollout: \(RolloutSection.settings(spec.rollout))\n"
        text += "Rollback: \(Markdown.code(spec.rollback.strategy.rawValue))\n\n"
        if spec.kind == .baseline {
            return text + "This is a baseline: it records tables that already exist, so nothing is run or analysed for it.\n"
        }
        return text + ImpactSection.render(input) + "\n" + RolloutSection.render(input)
    }
}
