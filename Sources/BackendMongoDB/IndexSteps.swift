import Planner
import PlanSpec
import PlanSupport

/// Named indexes; a partial index takes the spec's `where.mongodb` as partialFilterExpression.
enum IndexSteps {
    static func create(table t: String, name: String, shape: IndexShape) -> StepCode {
        create(table: t, name: name, fields: shape.columns.map(\.name.value), unique: shape.unique, filter: shape.filter)
    }

    static func create(table t: String, name: String, fields: [String], unique: Bool, filter: DialectText?) -> StepCode {
        let keys = JSONValue.object(fields.map { ($0, .int(1)) })
        var options: [(String, JSONValue)] = [("name", .string(name))]
        if unique { options.append(("unique", .bool(true))) }
        if let filter {
            guard let partial = filter.mongodb else { return ColumnSteps.missingForm("the where of index \(name)") }
            options.append(("partialFilterExpression", partial))
        }
        let line = "await db.getCollection(\(JS.string(t))).createIndex(\(JS.value(keys)), \(JS.value(.object(options))));"
        return .line(line, StepCode.Call.indexBuild(t, line))
    }

    static func drop(table t: String, name: String) -> StepCode {
        let line = "await planccDropIndex(\(JS.string(t)), \(JS.string(name)));"
        return .line(line, StepCode.Call.catalog(t, line))
    }
}
