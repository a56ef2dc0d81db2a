import PlanSpec
import PlanSupport

/// The `$defs` of the spec schema: value kinds, then one body per operation.
enum SchemaDefinitions {
    private typealias S = SpecSchema

    /// Portable types that take arguments, spelled `varchar(255)`, `char(3)`, `decimal(12,2)`.
    static let parameterizedTypes = ["varchar", "char", "decimal"]

    static var all: [(String, JSONValue)] {
        values + [("change", change)] + Operation.names.map { ("op_" + $0, operation($0)) }
    }

    private static var values: [(String, JSONValue)] {
        let dialectKeys = Dialect.allCases.map(\.rawValue)
        let simpleTypes = PortableType.names.filter { !parameterizedTypes.contains($0) }
        return [
            ("text", .object([("type", S.strings(["string", "number", "integer", "boolean"]))])),
            ("name", .object([("description", .string("A table, column, index or constraint name, used as written (the scripts quote it): "
                                                        + "at most 63 bytes on PostgreSQL and 64 on MySQL, no trailing space on MySQL, and on MongoDB "
                                                        + "a field name neither starts with $ nor holds a dot.")),
                              ("type", .string("string")), ("minLength", .int(1))])),
            ("names", .object([("description", .string("A list of at least one name, in order: [user_id, created_at].")),
                               ("type", .string("array")), ("items", S.ref("name")), ("minItems", .int(1))])),
            ("literal", .object([("description", .string("A value; null is SQL NULL.")),
                                 ("type", S.strings(["string", "number", "integer", "boolean", "null"]))])),
            ("duration", .object([("description", .string("A whole number with a unit (ms, s, m, h), e.g. 5s or 100ms; or 0.")),
                                  ("anyOf", .array([.object([("const", .int(0))]),
                                                    .object([("type", .string("string")), ("pattern", .string("^(0|[0-9]+(ms|s|m|h))$"))])]))])),
            ("type", .object([
                ("description", .string("A portable type, or the type per dialect: { postgresql: citext, mysql: varchar(255), mongodb: string }. "
                                          + "varchar(n) and char(n) take n up to 10485760 on PostgreSQL; when mysql is listed, varchar up to 16383 "
                                          + "(a 65535-byte row, utf8mb4; the whole row's columns count, see docs/mysql.md) and char up to 255. "
                                          + "Spellings such as int, bool, datetime, timestamp with time zone, nvarchar(n) or bigint unsigned "
                                          + "are answered with the portable type; the time types keep microseconds, another precision "
                                          + "(timestamp(3)) is given per dialect.")),
                ("anyOf", .array([
                    .object([("enum", S.strings(simpleTypes))]),
                    .object([("type", .string("string")),
                             ("pattern", .string("^\\s*((varchar|char)\\s*\\(\\s*[0-9]+\\s*\\)|decimal\\s*\\(\\s*[0-9]+\\s*(,\\s*[0-9]+\\s*)?\\))\\s*$"))]),
                    perDialect(Dialect.allCases, value: .object([("type", .string("string"))])),
                ])),
            ])),
            ("sql_text", .object([
                ("description", .string("SQL for both SQL dialects, or per dialect: { postgresql, mysql, mongodb } (or sql for both).")),
                ("anyOf", .array([.object([("type", .string("string")), ("minLength", .int(1))]),
                                  perDialect(["sql"] + dialectKeys)])),
            ])),
            ("expression", expression(extra: [])),
            ("default", .object([
                ("description", .string("A literal, or an expression; volatile: true computes it per row.")),
                ("anyOf", .array([S.ref("literal"), expression(extra: ["volatile"])])),
            ])),
            ("referential_action", S.choice(ReferentialAction.self, "What a foreign key does to the referencing rows when a referenced row is "
                                                + "deleted or its key changed: no_action (refuse, checked at the end of the statement), restrict "
                                                + "(refuse at once), cascade (delete or update them too), set_null, set_default.")),
            ("column", FieldText.filled(S.closed([
                "name": S.ref("name"), "type": S.ref("type"),
                "nullable": boolean("Nullable unless false, as in SQL."),
                "default": S.ref("default"),
                "identity": boolean("An integer key the database numbers."),
                "unique": boolean("A unique index on the column, built online."),
                "references": S.closed(["table": S.ref("name"), "column": S.ref("name"),
                                        "on_delete": S.ref("referential_action"), "on_update": S.ref("referential_action")],
                                       order: ["table", "column", "on_delete", "on_update"], required: ["table", "column"],
                                       description: "A foreign key to { table, column }, added NOT VALID then validated; on_delete and on_update default to no_action."),
            ], order: Vocabulary.columnKeys, required: ["name", "type"]), "column")),
            ("index_columns", .object([
                ("type", .string("array")), ("minItems", .int(1)),
                ("items", .object([("anyOf", .array([
                    S.ref("name"),
                    S.closed(["name": S.ref("name"), "prefix": S.integer(1...3072, "Prefix length MySQL needs for TEXT and BLOB columns.")],
                             order: ["name", "prefix"], required: ["name"]),
                ]))])),
            ])),
            ("foreign_key_references", FieldText.filled(S.closed(["table": S.ref("name"), "columns": S.ref("names")],
                                                order: ["table", "columns"], required: ["table", "columns"],
                                                description: "What a foreign key references: { table, columns }, the columns as many and in the "
                                                    + "same order as the referencing ones."), "foreign_key_references")),
        ]
    }

    /// `{ column }`, `{ value }`, `{ sql }` or per dialect; the decoder rejects mixed forms.
    private static func expression(extra: [String]) -> JSONValue {
        var properties: [String: JSONValue] = [
            "column": S.described(S.ref("name"), "Another column's value."),
            "value": S.described(S.ref("literal"), "A literal; { value: null } is SQL NULL."),
            "sql": .object([("description", .string("SQL text for both SQL dialects; plancc does not translate it.")), ("type", .string("string"))]),
            "postgresql": .object([("description", .string("SQL text for PostgreSQL.")), ("type", .string("string"))]),
            "mysql": .object([("description", .string("SQL text for MySQL and MariaDB.")), ("type", .string("string"))]),
            "mongodb": .object([("description", .string("A MongoDB aggregation expression."))]),
        ]
        if extra.contains("volatile") { properties["volatile"] = boolean("Computed per row: add, backfill in batches, then set the default.") }
        var schema = S.closed(properties, order: Vocabulary.expressionForms + extra, required: [])
        if case var .object(pairs) = schema { pairs.append(("minProperties", .int(1))); schema = .object(pairs) }
        return schema
    }

    private static func perDialect(_ keys: [Dialect], value: JSONValue) -> JSONValue {
        perDialect(keys.map(\.rawValue), value: value)
    }

    /// An object of some of `keys`, at least one; `mongodb` takes any value (a document).
    private static func perDialect(_ keys: [String], value: JSONValue? = nil) -> JSONValue {
        .object([
            ("type", .string("object")),
            ("properties", .object(keys.map { key in
                (key, key == "mongodb" && value == nil ? .object([]) : value ?? .object([("type", .string("string"))]))
            })),
            ("minProperties", .int(1)),
            ("additionalProperties", .bool(false)),
        ])
    }

    private static func boolean(_ description: String?) -> JSONValue {
        .object(["description": description.map(JSONValue.string), "type": .string("boolean")])
    }

    /// An item of `changes`: exactly one operation key.
    private static var change: JSONValue {
        .object([
            ("description", .string("One change: a single operation name with its body.")),
            ("type", .string("object")),
            ("properties", .object(Operation.names.map { ($0, S.ref("op_" + $0)) })),
            ("minProperties", .int(1)), ("maxProperties", .int(1)),
            ("additionalProperties", .bool(false)),
        ])
    }

    /// The body of one operation.
    static func operation(_ name: String) -> JSONValue {
        let body = OperationBodies.body(name)
        return FieldText.filled(S.closed(body.properties, order: body.keys, required: body.required, description: body.description), name)
    }
}
