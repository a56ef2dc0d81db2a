import PlanSpec

struct DropColumnRule: Rule {
    static let id = "drop-column"
    static let title = "Dropping a column"
    static let severity = RiskLevel.high
    static let losesData = true
    static let why = """
        Every value in the column is gone once the drop runs, and code that still selects or writes it fails. \
        Only a backup brings the values back.
        """
    static let advice = """
        Remove every read and write of the column first. Use rollout.mode: expand_contract to rename it to a \
        graveyard name that contract drops later, or declare rollback.strategy: restore_from_backup.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .dropColumn(op) = $0 { op } else { nil } }.map { change, op in
            let when = spec.expandContract
                ? "renamed away in forward and dropped with its values at contract"
                : "dropped with its values in forward"
            return finding("column '\(op.table).\(op.column)' is \(when)", at: op.column.location, change: change)
        }
    }
}
