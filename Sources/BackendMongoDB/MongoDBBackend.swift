import Planner
import PlanSpec

/// mongosh scripts for `mongosh "$URI" FILE`.
public struct MongoDBBackend: Backend {
    public init() {}
    public var dialect: Dialect { .mongodb }

    public func render(_ plan: Plan) -> [GeneratedFile] {
        Phase.allCases.map { phase in
            var script = ScriptBuilder(commentPrefix: "//")
            script.header(plan: plan, phase: phase, dialect: dialect, run: "mongosh \"$URI\" mongodb/\(phase.rawValue).js")
            script.nothingToDo(phase)
            return GeneratedFile(path: "mongodb/\(phase.rawValue).js", contents: script.text)
        }
    }
}
