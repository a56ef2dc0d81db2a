import PlanSpec

struct DropIndexRule: Rule {
    static let id = "drop-index"
    static let title = "Dropping an index"
    static let severity = RiskLevel.medium
    static let why = """
        Queries that used the index fall back to scans, which can overload a busy database; a unique index \
        also stops keeping duplicates out. Rebuilding it takes a full build.
        """
    static let advice = """
        Check that no query plan still uses the index. Under expand_contract the drop waits for contract; give \
        was: so that rollback rebuilds it.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .dropIndex(op) = $0 { op } else { nil } }.map { change, op in
            finding("drops index '\(op.name)' on '\(op.table)': queries using it fall back to scans", at: change.location, change: change)
        }
    }
}
