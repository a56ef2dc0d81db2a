import PlanSpec

struct NarrowingTypeChangeRule: Rule {
    static let id = "narrowing-type-change"
    static let title = "Narrowing type change (data loss)"
    static let severity = RiskLevel.high
    static let losesData = true
    static let why = """
        The new type cannot hold every old value: text is cut, numbers overflow or are rounded, or values that \
        do not convert are refused. Converting back does not bring the lost part back.
        """
    static let advice = """
        Check the longest and largest stored values first. Use rollout.mode: expand_contract so the old column \
        stays beside the new until contract, or declare rollback.strategy: restore_from_backup.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .alterColumnType(op) = $0 { op } else { nil } }.compactMap { change, op in
            guard TypeChange(op).direction == .narrowing, let was = op.was else { return nil }
            return finding("'\(op.table).\(op.column)' narrows from \(was.description) to \(op.type.description): values that do not fit are cut or refused",
                           at: op.type.location, change: change)
        }
    }
}
