import PlanSpec

struct RawSQLWithoutRollbackRule: Rule {
    static let id = "raw-sql-without-rollback"
    static let title = "Hand-written SQL without a rollback"
    static let severity = RiskLevel.high
    static let losesData = true
    static let why = """
        A forward-phase sql change with no rollback: cannot be undone by the rollback script; whatever it \
        changed stays changed, so it counts as losing data.
        """
    static let advice = """
        Give rollback: with code that undoes forward, or declare rollback.strategy: restore_from_backup or \
        forward_fix.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { operation -> RawSQL? in
            if case let .sql(op) = operation, op.phase == .forward, op.rollback == nil { op } else { nil }
        }.map { change, _ in
            finding("this sql change has no rollback: what it changes stays changed", at: change.location, change: change)
        }
    }
}
