import PlanDiagnostics
import PlanSpec

/// E0401: the declared `risk:` may not be below the computed one; every finding above it is a note.
enum RiskCheck {
    static func diagnostics(_ spec: Spec, findings: [Finding], computed: RiskLevel) -> [Diagnostic] {
        guard computed > spec.risk else { return [] }
        let notes = findings.filter { $0.risk > spec.risk }.map { finding in
            Diagnostic.Note("\(finding.risk.rawValue) [\(finding.ruleID)]: \(finding.message)", at: finding.location)
        }
        return [Diagnostic(
            .riskUnderstated,
            "declared risk '\(spec.risk.rawValue)' is below the computed risk '\(computed.rawValue)'",
            at: spec.riskLocation, notes: notes,
            fix: "declare 'risk: \(computed.rawValue)', or make the change safer ('plancc rules ID' gives each rule's advice)"
        )]
    }
}
