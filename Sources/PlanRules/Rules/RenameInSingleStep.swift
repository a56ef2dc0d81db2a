import PlanSpec

struct RenameInSingleStepRule: Rule {
    static let id = "rename-in-single-step"
    static let title = "Renaming while the application still reads the old name"
    static let severity = RiskLevel.high
    static let why = """
        In single_step the old name disappears the moment forward runs, while the deployed application still \
        reads and writes it: every request naming it fails until the new code is out.
        """
    static let advice = """
        Use rollout.mode: expand_contract: the old name keeps working (a synced column, or a view for a table) \
        until contract, after the application has moved to the new name.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        guard !spec.expandContract else { return [] }
        return spec.changes.compactMap { change in
            switch change.operation {
            case let .renameColumn(op):
                finding("'\(op.table).\(op.from)' disappears at forward while deployed code still reads it", at: change.location, change: change)
            case let .renameTable(op):
                finding("table '\(op.from)' disappears at forward while deployed code still reads it", at: change.location, change: change)
            default:
                nil
            }
        }
    }
}
