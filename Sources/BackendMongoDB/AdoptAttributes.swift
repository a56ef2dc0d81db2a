import Planner

/// At contract, the new field takes over what the validator said of the old one: whether it
/// is required and, for a rename, its schema (type and whether null is allowed).
enum AdoptAttributes {
    static func render(table t: String, from: String, to: String, includeSchema: Bool) -> StepCode {
        var body = ["if (schema.required.includes(\(JS.string(from)))) planccRequire(schema, \(JS.string(to)), true);"]
        if includeSchema {
            body.append("if (schema.properties[\(JS.string(from))] !== undefined) schema.properties[\(JS.string(to))] = schema.properties[\(JS.string(from))];")
        }
        return ColumnSteps.edit(t, level: nil, body)
    }
}
