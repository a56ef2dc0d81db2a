import PlanSpec

struct RenameTableRule: Rule {
    static let id = "rename-table"
    static let title = "Renaming a table"
    static let severity = RiskLevel.high
    static let why = """
        Every query, report, grant and ETL job that names the old table fails unless something still answers \
        under the old name.
        """
    static let advice = """
        Use rollout.mode: expand_contract: an updatable view keeps the old name working on SQL until contract. \
        MongoDB renames at forward, so move its readers first.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .renameTable(op) = $0 { op } else { nil } }.map { change, op in
            finding("renames table '\(op.from)' to '\(op.to)': everything naming '\(op.from)' must move", at: change.location, change: change)
        }
    }
}
