import PlanSpec

struct AddCheckRule: Rule {
    static let id = "add-check"
    static let title = "Adding a check constraint"
    static let severity = RiskLevel.medium
    static let why = """
        Existing rows are checked, and a row that fails fails the change; writes of old code that break the \
        rule are refused from then on. MySQL copies the table to add it.
        """
    static let advice = """
        Backfill rows that break the rule first. plancc adds the check NOT VALID and validates it separately on \
        PostgreSQL, so writes continue.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .addCheck(op) = $0 { op } else { nil } }.map { change, op in
            finding("adds check '\(op.name)' on '\(op.table)': \(spec.rowsText(op.table.value, at: change.index)) are checked", at: change.location, change: change)
        }
    }
}
