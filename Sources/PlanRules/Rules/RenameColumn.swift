import PlanSpec

struct RenameColumnRule: Rule {
    static let id = "rename-column"
    static let title = "Renaming a column"
    static let severity = RiskLevel.medium
    static let why = """
        Code that names the old column breaks once it is gone. Under expand_contract both names work until \
        contract, at the cost of a sync trigger and a batched copy of the column.
        """
    static let advice = """
        Use rollout.mode: expand_contract and move every reader and writer to the new name between forward \
        and contract.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .renameColumn(op) = $0 { op } else { nil } }.map { change, op in
            finding("renames column '\(op.table).\(op.from)' to '\(op.to)'", at: change.location, change: change)
        }
    }
}
