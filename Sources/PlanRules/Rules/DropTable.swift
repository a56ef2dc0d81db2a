import PlanSpec

struct DropTableRule: Rule {
    static let id = "drop-table"
    static let title = "Dropping a table"
    static let severity = RiskLevel.high
    static let losesData = true
    static let why = """
        Every row of the table is gone once the drop runs, and any reader or writer still using it fails. \
        Only a backup brings the rows back.
        """
    static let advice = """
        Remove every reader and writer first. Use rollout.mode: expand_contract to rename the table to a graveyard \
        name that contract drops later, or declare rollback.strategy: restore_from_backup.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .dropTable(op) = $0 { op } else { nil } }.map { change, op in
            let when = spec.expandContract
                ? "renamed away in forward and dropped with its rows at contract"
                : "dropped with its rows in forward"
            return finding("table '\(op.table)' is \(when): \(spec.rowsText(op.table.value, at: change.index))", at: change.location, change: change)
        }
    }
}
