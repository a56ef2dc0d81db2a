import PlanSpec

struct AddPrimaryKeyRule: Rule {
    static let id = "add-primary-key"
    static let title = "Adding a primary key"
    static let severity = RiskLevel.high
    static let why = """
        The key's columns are checked for NULLs and duplicates and a unique index is built, with the table \
        locked against writes on PostgreSQL and rebuilt on MySQL; one duplicate fails the whole change at the end.
        """
    static let advice = """
        Check for duplicates and NULLs first. On a large table, build a unique index in its own spec \
        (create_index unique) before adding the key, and run off-peak.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .addPrimaryKey(op) = $0 { op } else { nil } }.map { change, op in
            finding("adds primary key '\(op.name)' to '\(op.table)' over \(spec.rowsText(op.table.value, at: change.index))", at: change.location, change: change)
        }
    }
}
