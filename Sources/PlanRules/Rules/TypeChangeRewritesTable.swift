import PlanSpec

struct TypeChangeRewritesTableRule: Rule {
    static let id = "type-change-rewrites-table"
    static let title = "Type change that rewrites the table"
    static let severity = RiskLevel.high
    static let dialects: [Dialect] = [.postgresql, .mysql]
    static let why = """
        Most type changes rewrite every row: PostgreSQL holds an ACCESS EXCLUSIVE lock (no reads, no writes) \
        for the whole rewrite, and MySQL copies the table while writes wait. Only PostgreSQL keeps a few \
        widenings in the catalog, such as a longer varchar, varchar to text, or more decimal precision.
        """
    static let advice = """
        Use rollout.mode: expand_contract: a new column is filled in batches beside the old one and swapped in \
        at contract, with no long lock. On MySQL, above rollout.online_copy_rows the script hands the copy to gh-ost or pt-online-schema-change.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        guard !spec.expandContract else { return [] }
        return spec.operations { if case let .alterColumnType(op) = $0 { op } else { nil } }.compactMap { change, op in
            let typeChange = TypeChange(op)
            let rewriting = spec.spec.dialects.filter { typeChange.rewritesTable(on: $0, using: op.using != nil) }
            guard !rewriting.isEmpty else { return nil }
            let names = rewriting.map(\.displayName).joined(separator: " and ")
            return finding("changing '\(op.table).\(op.column)' to \(op.type.description) rewrites \(spec.rowsText(op.table.value, at: change.index)) under lock on \(names)",
                           at: change.location, change: change)
        }
    }
}
