import Planner
import PlanSpec
import PlanSupport

/// Columns are fields: each change edits the validator, then migrates the documents in
/// batches. A step that makes documents invalid until they are migrated sets validationLevel
/// "moderate" first (the application can still update them) and settles back to "strict" once
/// every document passes (`planccSettle`).
enum ColumnSteps {
    static func add(table t: String, column: Column, _ context: StepContext) -> StepCode {
        let c = column.name.value
        let schemaEdit = [setProperty(c, JS.value(BSONTypes.property(column.type)), nullable: column.nullable)]
            + (column.nullable ? [] : [require(c, true)])
        var step = StepCode()
        guard let defaultValue = column.defaultValue else {
            if !column.nullable {
                step.comment("No default: every existing document must already have \(c).")
                step.code(expectValues(t, c))
            }
            step.code(edit(t, level: nil, schemaEdit))
            return step
        }
        step.comment("MongoDB keeps no defaults: existing documents are given the default here; writers supply \(c).")
        guard let value = BSONTypes.expression(defaultValue.expression, for: column.type) else {
            return step + missingForm("the default of \(t).\(c)")
        }
        if !column.nullable && context.rollout.mode == .expandContract {
            // Old code, which knows nothing of the field, keeps inserting until contract: the
            // field is required only then (`requireAdded`), once those documents have the default too.
            step.comment("Not required until contract: old code inserts without \(c) until then.")
            step.code(edit(t, level: nil, [setProperty(c, JS.value(BSONTypes.property(column.type)), nullable: false)]))
            step.code(batches(t, "default for \(t).\(c)", pending: JS.document(c, JS.document("$exists", .bool(false))),
                              update: .array([JS.document("$set", JS.document(c, value))]), context))
            return step
        }
        // Required before the fill: documents not filled yet stay updatable under "moderate".
        step.code(edit(t, level: column.nullable ? nil : "moderate", schemaEdit))
        step.code(batches(t, "default for \(t).\(c)", pending: JS.document(c, JS.document("$exists", .bool(false))),
                          update: .array([JS.document("$set", JS.document(c, value))]), context))
        if !column.nullable { step.code(settle(t)) }
        return step
    }

    /// At contract, for an expand/contract add of a NOT NULL field with a default: required
    /// from now on, and the documents old code inserted without it since forward given the default.
    static func requireAdded(table t: String, column: Column, _ context: StepContext) -> StepCode? {
        let c = column.name.value
        guard !column.nullable, let defaultValue = column.defaultValue, !defaultValue.volatile,
              let value = BSONTypes.expression(defaultValue.expression, for: column.type) else { return nil }
        var step = StepCode()
        step.comment("Required from now on; documents old code inserted without \(c) since forward get the default.")
        step.code(edit(t, level: "moderate", [require(c, true)]))
        step.code(batches(t, "default for \(t).\(c)", pending: JS.document(c, JS.document("$exists", .bool(false))),
                          update: .array([JS.document("$set", JS.document(c, value))]), context))
        step.code(settle(t))
        return step
    }

    /// The field that replaces `like` at contract: typed like it (or as `type`); it takes over
    /// `like`'s NOT NULL only at contract (adoptColumnAttributes), so old writers keep working.
    static func addShadow(table t: String, field: String, like: String, type: ColumnType?) -> StepCode {
        let property = type.map { "\(JS.value(BSONTypes.property($0)))" } ?? "schema.properties[\(JS.string(like))]"
        var step = StepCode()
        step.code("await planccEditValidator(\(JS.string(t)), null, (schema) => {", StepCode.Call.catalog(t, "await planccEditValidator(\(JS.string(t)), null, (schema) => {"))
        step.code("  if (schema.properties[\(JS.string(like))]) planccSetProperty(schema, \(JS.string(field)), Object.assign({}, \(property)), planccAllowsNull(schema, \(JS.string(like))));")
        step.code("});")
        return step
    }

    static func drop(table t: String, field c: String, _ context: StepContext) -> StepCode {
        var step = StepCode()
        step.code(edit(t, level: nil, removeField(c), checks: true))
        step.code(unset(t, c, context))
        return step
    }

    static func rename(table t: String, from: String, to: String, _ context: StepContext) -> StepCode {
        var step = StepCode()
        step.code(edit(t, level: "moderate", ["planccRenameField(schema, \(JS.string(from)), \(JS.string(to)));"]))
        step.code(batches(t, "rename \(t).\(from) to \(to)", pending: JS.document(from, JS.document("$exists", .bool(true))),
                          update: JS.document("$rename", JS.document(from, .string(to))), context))
        step.code(settle(t))
        return step
    }

    /// Forward of a soft drop: new code no longer writes the graveyard field, so it leaves the
    /// validator's `required` list until contract. Where it stood there, and the property's
    /// own description, are kept in the property's `description` behind
    /// `Plan.releasedNotNullMark`, so that rollback gives the validator back exactly.
    static func releaseRequired(table t: String, field c: String) -> StepCode {
        let f = JS.string(c), mark = JS.string(Plan.releasedNotNullMark)
        return edit(t, level: nil, [
            "const at = schema.required.indexOf(\(f));",
            "if (at >= 0) {",
            "  const property = schema.properties[\(f)];",
            "  const kept = { at: at, property: property !== undefined, description: property ? property.description : undefined };",
            "  schema.properties[\(f)] = Object.assign(property || {}, { description: \(mark) + JSON.stringify(kept) });",
            "  schema.required.splice(at, 1);",
            "}",
        ])
    }

    /// Rollback of `releaseRequired`: the field is required again where it stood, and its
    /// property as it was; stops (naming the count) while documents inserted since forward lack it.
    static func restoreRequired(table t: String, field c: String, original: String) -> StepCode {
        let f = JS.string(c), mark = JS.string(Plan.releasedNotNullMark)
        let message = JS.string(" document(s) of \(t) have no \(c) (inserted since forward, without \(original)); nothing was changed. "
            + "Fill or delete them, then run rollback.js again")
        let count = "    const missing = await db.getCollection(\(JS.string(t))).countDocuments({ \(f): null });"
        return StepCode(lines: [
            "{",
            "  const property = (await planccValidator(\(JS.string(t)))).schema.properties[\(f)];",
            "  if (property && typeof property.description === \"string\" && property.description.startsWith(\(mark))) {",
            count,
            "    if (missing > 0) throw new Error(\"plancc rollback: \" + missing + \(message));",
            "  }",
            "}",
        ], calls: StepCode.Call.count(t, count)) + edit(t, level: nil, [
                "const property = schema.properties[\(f)];",
                "if (property && typeof property.description === \"string\" && property.description.startsWith(\(mark))) {",
                "  const kept = JSON.parse(property.description.slice(\(mark).length));",
                "  if (kept.description === undefined) delete property.description; else property.description = kept.description;",
                "  if (!kept.property) delete schema.properties[\(f)];",
                "  if (!schema.required.includes(\(f))) schema.required.splice(kept.at, 0, \(f));",
                "}",
            ])
    }

    /// Documents whose value is not of the new type are converted (`using`, else `$convert`);
    /// values that already fit are left alone, so a re-run never converts twice.
    static func alterType(table t: String, field c: String, type: ColumnType, using: DialectText?, _ context: StepContext) -> StepCode {
        var step = StepCode()
        let property = JS.value(BSONTypes.property(type))
        step.code(edit(t, level: "moderate", [setProperty(c, property, nullable: nil)]))
        let types = BSONTypes.types(type)
        let conversion: JSONValue? = using?.mongodb ?? (BSONTypes.convertible.contains(types[0])
            ? JS.document("$convert", .object([("input", JS.fieldPath(c)), ("to", .string(types[0]))])) : nil)
        if let conversion {
            let pending = JS.document(c, .object([("$exists", .bool(true)),
                                                  ("$not", JS.document("$type", .array((types + ["null"]).map(JSONValue.string))))]))
            step.code(batches(t, "convert \(t).\(c)", pending: pending, update: .array([JS.document("$set", JS.document(c, conversion))]), context))
        } else {
            step.comment("$convert cannot produce \(types[0]) and no mongodb 'using' is given: documents are left as they are.")
        }
        step.code(settle(t))
        return step
    }

    /// The proof before NOT NULL, like PostgreSQL's `CHECK (c IS NOT NULL) NOT VALID`: a query
    /// check new writes must pass, kept apart from the schema so that dropping it never drops
    /// a NOT NULL the field already had.
    static func proveNotNull(table t: String, field c: String) -> StepCode {
        edit(t, level: "moderate", ["planccAddCheck(checks, \(JS.value(PlanFacts.notNullQuery(c))));"], checks: true)
    }

    static func setNotNull(table t: String, field c: String) -> StepCode {
        expectValues(t, c) + edit(t, level: nil, [require(c, true), "planccAllowNull(schema, \(JS.string(c)), false);"]) + settle(t)
    }

    static func dropNotNull(table t: String, field c: String) -> StepCode {
        edit(t, level: nil, [require(c, false), "planccAllowNull(schema, \(JS.string(c)), true);"])
    }

    static func defaultChange(table t: String, field c: String) -> StepCode {
        .comment("MongoDB keeps no defaults: writers supply \(t).\(c); nothing to change on the server.")
    }

    // MARK: shared pieces

    /// `await planccEditValidator(t, level, (schema) => { ... });`: a `collMod`.
    static func edit(_ t: String, level: String?, _ body: [String], checks: Bool = false) -> StepCode {
        let params = checks ? "(schema, checks)" : "(schema)"
        let head = "await planccEditValidator(\(JS.string(t)), \(level.map(JS.string) ?? "null"), \(params) => "
        let line = body.count == 1 ? head + "{ " + body[0] + " });" : head + "{\n" + body.map { "  " + $0 }.joined(separator: "\n") + "\n});"
        return .line(line, StepCode.Call.catalog(t, line))
    }

    /// `await planccExpectValues(t, c);`: stops the script while a document lacks `c`.
    static func expectValues(_ t: String, _ c: String) -> StepCode {
        let line = "await planccExpectValues(\(JS.string(t)), \(JS.string(c)));"
        return .line(line, StepCode.Call.count(t, line))
    }

    /// The field's property and requirement go, and its NOT NULL proof with it (as a SQL
    /// column's own check constraints go with the column).
    static func removeField(_ c: String) -> [String] {
        ["planccRemoveField(schema, \(JS.string(c)));", "planccRemoveCheck(checks, \(JS.value(PlanFacts.notNullQuery(c))));"]
    }

    static func setProperty(_ c: String, _ property: String, nullable: Bool?) -> String {
        let allow = nullable.map { $0 ? "true" : "false" } ?? "planccAllowsNull(schema, \(JS.string(c)))"
        return "planccSetProperty(schema, \(JS.string(c)), \(property), \(allow));"
    }

    static func require(_ c: String, _ required: Bool) -> String {
        "planccRequire(schema, \(JS.string(c)), \(required));"
    }

    static func batches(_ t: String, _ label: String, pending: JSONValue, update: JSONValue, _ context: StepContext) -> StepCode {
        let line = "await planccInBatches(\(JS.string(t)), \(JS.string(label)), \(JS.value(pending)), \(JS.value(update)), \(context.batching));"
        return .line(line, StepCode.Call.batches(t, line))
    }

    static func unset(_ t: String, _ c: String, _ context: StepContext) -> StepCode {
        batches(t, "unset \(t).\(c)", pending: JS.document(c, JS.document("$exists", .bool(true))),
                update: JS.document("$unset", JS.document(c, .string(""))), context)
    }

    static func settle(_ t: String) -> StepCode {
        let line = "await planccSettle(\(JS.string(t)));"
        return .line(line, StepCode.Call.settle(t, line))
    }

    static func missingForm(_ what: String) -> StepCode {
        StepCode(lines: ["throw new Error(\(JS.string("\(what) has no MongoDB form")));"])
    }
}
