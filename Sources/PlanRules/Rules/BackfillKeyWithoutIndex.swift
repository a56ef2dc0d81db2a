import PlanSpec

struct BackfillKeyWithoutIndexRule: Rule {
    static let id = "backfill-key-without-index"
    static let title = "Backfill batched on a key without an index"
    static let severity = RiskLevel.medium
    static let dialects: [Dialect] = [.postgresql, .mysql]
    static let why = """
        A backfill walks its key in ranges: each batch asks for the next batch_size rows above the last key. \
        Without an index that leads with the key, every batch scans and sorts the table, so the backfill does \
        rows / batch_size full scans instead of one pass.
        """
    static let advice = """
        Leave key: out to batch on the primary key, or create an index leading with the key columns earlier \
        in the same spec (create_index, built online).
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .backfill(op) = $0 { op } else { nil } }.compactMap { change, op in
            guard let key = op.key?.map(\.value), spec.isExisting(op.table.value, at: change.index),
                  !spec.isIndexed(key, in: op.table.value) else { return nil }
            let unknown = spec.known.complete.contains(op.table.value) ? "" : " (fine if one exists already)"
            return finding("batches on '\(op.table).\(key.joined(separator: ", "))', which no index of this spec or its history leads with\(unknown)",
                           at: op.key?.first?.location ?? change.location, change: change)
        }
    }
}
