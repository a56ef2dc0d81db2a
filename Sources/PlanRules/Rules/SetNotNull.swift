import PlanSpec

struct SetNotNullRule: Rule {
    static let id = "set-not-null"
    static let title = "Making a column NOT NULL"
    static let severity = RiskLevel.medium
    static let why = """
        The table is scanned to prove no row holds NULL, and from then on every insert and update of old \
        code must write a value.
        """
    static let advice = """
        Backfill NULLs first in the same spec. plancc proves NOT NULL with a NOT VALID check validated without \
        blocking writes; under expand_contract NOT NULL itself waits for contract.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .setNotNull(op) = $0 { op } else { nil } }.map { change, op in
            finding("makes '\(op.table).\(op.column)' NOT NULL: \(spec.rowsText(op.table.value, at: change.index)) are scanned", at: change.location, change: change)
        }
    }
}
