import PlanSpec

struct AddPrimaryKeyRule: Rule {
    static let id = "add-primary-key"
    static let title = "Adding a primary key"
    static let severity = RiskLevel.high
    static let why = """
        A unique index is built over the whole table and the key's columns become NOT NULL, which PostgreSQL \
        checks under an exclusive lock and MySQL does by rebuilding the table; one duplicate or NULL fails the \
        change at the end of the build.
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
