import PlanSpec

struct DropNotNullRule: Rule {
    static let id = "drop-not-null"
    static let title = "Allowing NULL in a column"
    static let severity = RiskLevel.low
    static let why = "A catalog change on SQL dialects; readers must now expect NULL where there never was one."
    static let advice = "Make sure every reader handles NULL before new code starts writing it."

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .dropNotNull(op) = $0 { op } else { nil } }.map { change, op in
            finding("allows NULL in '\(op.table).\(op.column)'", at: change.location, change: change)
        }
    }
}
