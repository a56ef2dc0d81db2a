import PlanSpec

struct BackfillRule: Rule {
    static let id = "backfill"
    static let title = "Updating existing rows"
    static let severity = RiskLevel.medium
    static let why = """
        A data migration rewrites stored values: the old ones are not kept, so rollback cannot put them back, \
        and every batch adds write load and replication lag.
        """
    static let advice = """
        Keep the where: narrow so a re-run only touches rows still to do, and take a backup of the columns you \
        overwrite if the old values matter.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .backfill(op) = $0 { op } else { nil } }.map { change, op in
            let columns = op.set.map(\.column.value).joined(separator: ", ")
            return finding("updates \(columns) of '\(op.table)' (\(spec.rowsText(op.table.value, at: change.index))) in batches", at: change.location, change: change)
        }
    }
}
