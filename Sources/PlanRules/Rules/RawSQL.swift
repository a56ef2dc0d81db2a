import PlanSpec

struct RawSQLRule: Rule {
    static let id = "raw-sql"
    static let title = "Hand-written SQL"
    static let severity = RiskLevel.medium
    static let why = """
        plancc cannot see what hand-written code does: its locks, the rows it touches and whether it can be \
        undone are the author's word. It is medium at least, or the risk the change itself declares.
        """
    static let advice = """
        Prefer an operation where one exists. Otherwise give rollback: and verify:, and declare the change's \
        risk: when it is above medium.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .sql(op) = $0 { op } else { nil } }.map { change, op in
            let risk = max(severity, op.risk ?? severity)
            return finding("runs hand-written code in \(op.phase.rawValue) at \(risk.rawValue) risk", at: change.location, change: change, risk: risk)
        }
    }
}
