import PlanSpec

struct AlterColumnTypeRule: Rule {
    static let id = "alter-column-type"
    static let title = "Changing a column's type"
    static let severity = RiskLevel.high
    static let why = """
        Every stored value is converted, and code reading or writing the column must accept the new type. \
        Values that do not convert make the change fail part way, or are changed on the way.
        """
    static let advice = """
        Use rollout.mode: expand_contract: a new column of the new type is filled in batches and kept in sync \
        with the old one, and swapped in at contract. Give was: so that rollback can convert back.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .alterColumnType(op) = $0 { op } else { nil } }.map { change, op in
            let from = op.was.map { " from \($0.description)" } ?? ""
            return finding("changes '\(op.table).\(op.column)'\(from) to \(op.type.description)", at: change.location, change: change)
        }
    }
}
