import PlanDiagnostics
import PlanSpec

/// One thing the analysis noticed about a change, from a rule with a stable id.
public struct Finding: Sendable, Equatable {
    public var ruleID: String
    public var risk: RiskLevel
    public var message: String
    /// The spec line of the change, or of the field the finding is about.
    public var location: SourceLocation
    /// The change (numbered from 1) the finding is about; nil for the spec as a whole.
    public var changeIndex: Int?

    public init(ruleID: String, risk: RiskLevel, message: String, location: SourceLocation, changeIndex: Int?) {
        self.ruleID = ruleID; self.risk = risk; self.message = message; self.location = location; self.changeIndex = changeIndex
    }
}

/// The analysis of one spec: findings, the computed risk, the impact of each change, and the
/// diagnostics that hold the spec to them (a declared risk below the computed one, E0401; a
/// rollback strategy that cannot undo a data-losing change, E0402).
public struct Analysis: Sendable {
    /// In source order; at one place, in registry order.
    public var findings: [Finding]
    /// The highest risk over the findings; low when there are none.
    public var computedRisk: RiskLevel
    /// One per change, in change order (none for a baseline spec).
    public var impacts: [ChangeImpact]
    public var diagnostics: [Diagnostic]

    public init(findings: [Finding], computedRisk: RiskLevel, impacts: [ChangeImpact] = [], diagnostics: [Diagnostic]) {
        self.findings = findings; self.computedRisk = computedRisk; self.impacts = impacts; self.diagnostics = diagnostics
    }
}

public enum Analyzer {
    /// Runs every rule that concerns one of the spec's dialects. A baseline spec describes what
    /// already exists and runs nothing, so it is not analysed.
    /// `known`: the indexes the schema history knows before the spec.
    public static func analyze(_ spec: Spec, known: KnownIndexes = KnownIndexes()) -> Analysis {
        guard spec.kind == .change else { return Analysis(findings: [], computedRisk: .low, diagnostics: []) }
        let facts = SpecFacts(spec, known: known)
        let findings = RuleRegistry.all
            .filter { rule in rule.dialects.contains { spec.dialects.contains($0) } }
            .flatMap { $0.findings(in: facts) }
            .sorted { a, b in
                a.location != b.location ? a.location < b.location : RuleRegistry.order(of: a.ruleID) < RuleRegistry.order(of: b.ruleID)
            }
        let computed = findings.map(\.risk).max() ?? .low
        let impacts = spec.changes.map { ImpactEstimator.impact(of: $0, in: facts) }
        let diagnostics = RiskCheck.diagnostics(spec, findings: findings, computed: computed)
            + RollbackCheck.diagnostics(spec, findings: findings, impacts: impacts)
        return Analysis(findings: findings, computedRisk: computed, impacts: impacts, diagnostics: diagnostics)
    }
}
