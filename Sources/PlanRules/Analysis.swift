import PlanDiagnostics
import PlanSpec

/// One thing the analysis noticed about a change, from a rule with a stable id.
public struct Finding: Sendable, Equatable {
    public var ruleID: String
    public var risk: RiskLevel
    public var message: String
    public var location: SourceLocation
    public var changeIndex: Int?

    public init(ruleID: String, risk: RiskLevel, message: String, location: SourceLocation, changeIndex: Int?) {
        self.ruleID = ruleID; self.risk = risk; self.message = message; self.location = location; self.changeIndex = changeIndex
    }
}

/// The analysis of one spec: findings, the computed risk, and the diagnostics that hold
/// the spec to it (a declared risk below the computed one, a rollback that cannot work).
public struct Analysis: Sendable {
    public var findings: [Finding]
    public var computedRisk: RiskLevel
    public var diagnostics: [Diagnostic]

    public init(findings: [Finding], computedRisk: RiskLevel, diagnostics: [Diagnostic]) {
        self.findings = findings; self.computedRisk = computedRisk; self.diagnostics = diagnostics
    }
}

public enum Analyzer {
    public static func analyze(_ spec: Spec) -> Analysis {
        // Interim: the seed risk of each operation; the rules replace this.
        let findings: [Finding] = []
        let computed = findings.map(\.risk).max() ?? .low
        return Analysis(findings: findings, computedRisk: computed, diagnostics: [])
    }
}
