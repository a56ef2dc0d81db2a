import Planner
import PlanSpec
import PlanSupport

/// Tables are collections; their columns live in the collection's `$jsonSchema` validator.
enum TableSteps {
    static func create(_ op: CreateTable) -> StepCode {
        let t = op.table.value
        var step = StepCode()
        var properties: [(String, JSONValue)] = []
        for column in op.columns { properties.append((column.name.value, BSONTypes.property(column))) }
        var schema: [(String, JSONValue)] = [("bsonType", .string("object"))]
        let required = op.columns.filter { !$0.nullable }.map { JSONValue.string($0.name.value) }
        if !required.isEmpty { schema.append(("required", .array(required))) }
        if !properties.isEmpty { schema.append(("properties", .object(properties))) }
        let create = "await planccCreateCollection(\(JS.string(t)), \(JS.value(.object(schema))));"
        step.code(create, StepCode.Call.create(t, create))
        for column in op.columns {
            let c = column.name.value
            if column.unique {
                // SQL lets many rows be NULL under a unique constraint; a MongoDB unique index
                // does not, unless it leaves out the documents without a value.
                var options: [(String, JSONValue)] = [("name", .string("\(t)_\(c)_key")), ("unique", .bool(true))]
                if column.nullable {
                    let types = JSONValue.array(BSONTypes.types(column.type).map(JSONValue.string))
                    options.append(("partialFilterExpression", JS.document(c, JS.document("$type", types))))
                }
                let index = "await db.getCollection(\(JS.string(t))).createIndex(\(JS.value(JS.document(c, .int(1)))), \(JS.value(.object(options))));"
                step.code(index, StepCode.Call.indexBuild(t, index))
            }
            if column.identity { step.comment("\(c): MongoDB does not number documents; writers supply \(c).") }
            if column.defaultValue != nil { step.comment("\(c): MongoDB keeps no defaults; writers supply \(c).") }
            if column.references != nil { step.comment("\(c): MongoDB has no foreign keys; the reference is not enforced.") }
        }
        if !op.primaryKey.isEmpty {
            step.comment("MongoDB keys documents by _id; primary key (\(op.primaryKey.map(\.value).joined(separator: ", "))) is not enforced.")
        }
        return step
    }

    static func drop(_ t: String) -> StepCode {
        let line = "await planccDropCollection(\(JS.string(t)));"
        return .line(line, StepCode.Call.catalog(t, line))
    }

    static func rename(from: String, to: String) -> StepCode {
        let line = "await planccRenameCollection(\(JS.string(from)), \(JS.string(to)));"
        return .line(line, StepCode.Call.catalog(from, line))
    }

    static func compatibilityView(view: String, table: String) -> StepCode {
        .comment("MongoDB: no compatibility view '\(view)'; old readers must use '\(table)' from forward on (see CHANGE.md).")
    }

    static func dropView(_ view: String) -> StepCode {
        .comment("MongoDB: no compatibility view '\(view)' was created; nothing to drop.")
    }
}
