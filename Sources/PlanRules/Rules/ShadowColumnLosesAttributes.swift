import PlanSpec

struct ShadowColumnLosesAttributesRule: Rule {
    static let id = "shadow-column-loses-attributes"
    static let title = "A column swapped in at contract does not inherit the old column's attributes"
    static let severity = RiskLevel.medium
    static let why = """
        Under expand_contract, rename_column and alter_column_type build a new column beside the old one and \
        drop the old one at contract. plancc compiles offline and cannot see the old column's NOT NULL, \
        default, indexes or constraints, so the new column starts without them, and dropping the old column \
        drops its indexes and constraints with it.
        """
    static let advice = """
        Restate in the same spec, on the new column, what the old one had: set_not_null, set_default, \
        create_index, add_check or add_foreign_key. Or use rollout.mode: single_step, where the column is \
        renamed or retyped in place and keeps them.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        guard spec.expandContract else { return [] }
        return spec.changes.compactMap { change in
            switch change.operation {
            case let .renameColumn(op):
                finding("after contract, '\(op.table).\(op.to)' has no NOT NULL, default, index or constraint of '\(op.from)' unless this spec adds them",
                        at: change.location, change: change)
            case let .alterColumnType(op):
                finding("after contract, the retyped '\(op.table).\(op.column)' has no NOT NULL, default, index or constraint of the old column unless this spec adds them",
                        at: change.location, change: change)
            default:
                nil
            }
        }
    }
}
