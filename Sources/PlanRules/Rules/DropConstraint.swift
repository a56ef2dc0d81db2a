import PlanSpec

struct DropConstraintRule: Rule {
    static let id = "drop-constraint"
    static let title = "Dropping a constraint"
    static let severity = RiskLevel.medium
    static let why = """
        Rows that break the old rule can be written from then on, and putting the constraint back later fails \
        on them.
        """
    static let advice = """
        Make sure the application no longer relies on the rule. Under expand_contract the drop waits for \
        contract; give was: so that rollback can add it back.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .dropConstraint(op) = $0 { op } else { nil } }.map { change, op in
            finding("drops constraint '\(op.name)' on '\(op.table)'", at: change.location, change: change)
        }
    }
}
