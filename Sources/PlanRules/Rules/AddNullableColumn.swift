import PlanSpec

struct AddNullableColumnRule: Rule {
    static let id = "add-nullable-column"
    static let title = "Adding a nullable column"
    static let severity = RiskLevel.low
    static let why = """
        A nullable column with no default, or a constant one, is a catalog change on every dialect: existing rows \
        read NULL or the default and nothing is rewritten.
        """
    static let advice = "Nothing to change. Old code keeps working; new code must expect NULL in old rows."

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .addColumn(op) = $0 { op } else { nil } }
            .filter { $0.op.column.nullable && !($0.op.column.defaultValue?.volatile ?? false) }
            .map { change, op in
                finding("adds nullable column '\(op.table).\(op.column.name)': a catalog change, no rows rewritten",
                        at: op.column.name.location, change: change)
            }
    }
}
