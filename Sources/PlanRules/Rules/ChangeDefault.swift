import PlanSpec

struct ChangeDefaultRule: Rule {
    static let id = "change-default"
    static let title = "Setting or dropping a column default"
    static let severity = RiskLevel.low
    static let why = "A catalog change: only rows inserted afterwards see it; stored rows keep their values."
    static let advice = """
        Nothing to change. When dropping a default, make sure every insert sets the column itself; give was: \
        so that rollback restores the old default.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.changes.compactMap { change in
            switch change.operation {
            case let .setDefault(op):
                finding("sets the default of '\(op.table).\(op.column)' for new rows", at: change.location, change: change)
            case let .dropDefault(op):
                finding("drops the default of '\(op.table).\(op.column)': inserts must now set it", at: change.location, change: change)
            default:
                nil
            }
        }
    }
}
