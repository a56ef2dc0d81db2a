import Planner
import PlanSpec

/// PostgreSQL 11+ scripts for `psql -v ON_ERROR_STOP=1 -f FILE`.
public struct PostgreSQLBackend: Backend {
    public init() {}
    public var dialect: Dialect { .postgresql }

    public func render(_ plan: Plan) -> [GeneratedFile] {
        Phase.allCases.map { phase in
            var script = ScriptBuilder(commentPrefix: "--")
            script.header(plan: plan, phase: phase, dialect: dialect, run: "psql -v ON_ERROR_STOP=1 -f postgresql/\(phase.rawValue).sql")
            script.nothingToDo(phase)
            return GeneratedFile(path: "postgresql/\(phase.rawValue).sql", contents: script.text)
        }
    }
}
