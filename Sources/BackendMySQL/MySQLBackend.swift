import Planner
import PlanSpec

/// MySQL 8.0 and MariaDB 10.11 scripts for `mysql < FILE` (or `mariadb`).
public struct MySQLBackend: Backend {
    public init() {}
    public var dialect: Dialect { .mysql }

    public func render(_ plan: Plan) -> [GeneratedFile] {
        Phase.allCases.map { phase in
            var script = ScriptBuilder(commentPrefix: "--")
            script.header(plan: plan, phase: phase, dialect: dialect, run: "mysql --batch DB < mysql/\(phase.rawValue).sql")
            script.nothingToDo(phase)
            return GeneratedFile(path: "mysql/\(phase.rawValue).sql", contents: script.text)
        }
    }
}
