import PlanSpec

struct CreateIndexRule: Rule {
    static let id = "create-index"
    static let title = "Creating an index"
    static let severity = RiskLevel.low
    static let why = """
        plancc builds indexes online (CONCURRENTLY on PostgreSQL, in place on MySQL): writes continue, but the \
        build reads the whole table and takes time and I/O in proportion to its rows.
        """
    static let advice = "Nothing to change. Run large builds off-peak; state tables.<name>.rows so the impact is estimated."

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .createIndex(op) = $0 { op } else { nil } }.map { change, op in
            let columns = op.columns.map(\.name.value).joined(separator: ", ")
            return finding("builds index '\(op.name)' on '\(op.table)' (\(columns)) over \(spec.rowsText(op.table.value, at: change.index))",
                           at: change.location, change: change)
        }
    }
}
