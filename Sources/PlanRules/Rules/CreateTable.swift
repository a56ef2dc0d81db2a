import PlanSpec

struct CreateTableRule: Rule {
    static let id = "create-table"
    static let title = "Creating a table"
    static let severity = RiskLevel.low
    static let why = "A new table is empty and nothing reads it yet; creating it locks no existing table."
    static let advice = "Nothing to change. Add its indexes and foreign keys in the same spec, while it is still empty."

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .createTable(op) = $0 { op } else { nil } }.map { change, op in
            finding("creates table '\(op.table)': new and empty, no existing table is locked", at: change.location, change: change)
        }
    }
}
