import PlanSpec

struct ShadowColumnLosesAttributesRule: Rule {
    static let id = "shadow-column-loses-attributes"
    static let title = "A column swapped in at contract does not inherit the old column's indexes and constraints"
    static let severity = RiskLevel.medium
    static let why = """
        Under expand_contract, rename_column and alter_column_type build a new column beside the old one and \
        drop the old one at contract. Contract hands the old column's NOT NULL and default over to the new one \
        (a type change's default converted to the new type; contract stops if it does not convert), reading \
        them from the database when it runs; but indexes, unique, check and foreign key constraints on the old \
        column are dropped with it.
        """
    static let advice = """
        After a rename, restate on the new name, in the same spec, the indexes and constraints the old column \
        had (create_index, add_check, add_foreign_key): the new column exists from forward on. After a type \
        change, create them on the new column (_plancc_new_<column>) and drop the old ones before contract: on \
        PostgreSQL, MySQL and MariaDB contract refuses while an index or check still uses the old column, naming them, and what is on \
        the new column keeps the column's name after the swap. Or use rollout.mode: single_step, where the column is renamed or retyped in \
        place and keeps them.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        guard spec.expandContract else { return [] }
        return spec.changes.compactMap { change in
            switch change.operation {
            case let .renameColumn(op):
                finding("after contract, '\(op.table).\(op.to)' has none of the indexes or constraints of '\(op.from)' unless this spec adds them",
                        at: change.location, change: change)
            case let .alterColumnType(op):
                finding("after contract, the retyped '\(op.table).\(op.column)' has no index or constraint of the old column until a later spec adds them",
                        at: change.location, change: change)
            default:
                nil
            }
        }
    }
}
