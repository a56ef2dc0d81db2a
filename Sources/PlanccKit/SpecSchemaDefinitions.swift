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
                    perDialect(Dialect.allCases.map(\.rawValue), descriptions: [
                        "postgresql": "The type on PostgreSQL, as PostgreSQL spells it (citext, timestamp(3)).",
                        "mysql": "The type on MySQL and MariaDB, as they spell it (varchar(255), datetime(3)).",
                        "mongodb": "The BSON type on MongoDB (string, int, long, double, decimal, bool, date, objectId, binData, object).",
                    ], value: .object([("type", .string("string"))])),
                ])),
            ])),
            ("sql_text", .object([
                ("description", .string("SQL for both SQL dialects, or per dialect: { postgresql, mysql, mongodb } (or sql for both).")),
                ("anyOf", .array([.object([("type", .string("string")), ("minLength", .int(1))]),
                                  perDialect(["sql"] + dialectKeys, descriptions: [
                                      "sql": "SQL text for both SQL dialects.",
                                      "postgresql": "SQL text for PostgreSQL.",
                                      "mysql": "SQL text for MySQL and MariaDB.",
                                      "mongodb": "The MongoDB form: a filter document where a condition is asked (where, a check), mongosh code for an sql change.",
                                  ])])),
            ])),
            ("expression", expression(extra: [])),
            ("default", .object([
                ("description", .string("A literal, or one of { value }, { sql } or SQL per dialect; with SQL, volatile: true computes it per row. "
                                          + "A default cannot name another column ({ column } is error E0114).")),
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
                "references": S.closed(["table": S.described(S.ref("name"), "The referenced table."),
                                        "column": S.described(S.ref("name"), "The referenced column: the table's primary key or a unique column."),
                                        "on_delete": S.ref("referential_action"), "on_update": S.ref("referential_action")],
                                       order: ["table", "column", "on_delete", "on_update"], required: ["table", "column"],
                                       description: "A foreign key to { table, column }, added NOT VALID then validated; on_delete and on_update default to no_action."),
            ], order: Vocabulary.columnKeys, required: ["name", "type"]), "column")),
            ("index_columns", .object([
                ("description", .string("The index's columns, in order, at least one: a column's name, or { name, prefix } to index "
                                          + "only the first prefix characters (MySQL needs one for text and bytes columns: without it the index is error E0304 for a MySQL target, warning W0101 for a MariaDB target; other dialects index the whole value).")),
                ("type", .string("array")), ("minItems", .int(1)),
                ("items", .object([("anyOf", .array([
                    S.ref("name"),
                    S.closed(["name": S.described(S.ref("name"), "The column's name."),
                               "prefix": S.integer(Vocabulary.indexPrefixLengths, "Prefix length MySQL needs for TEXT and BLOB columns.")],
                             order: Vocabulary.indexColumnKeys, required: ["name"]),
                ]))])),
            ])),
            ("foreign_key_references", FieldText.filled(S.closed(["table": S.ref("name"), "columns": S.ref("names")],
                                                order: ["table", "columns"], required: ["table", "columns"],
                                                description: "What a foreign key references: { table, columns }, the columns as many and in the "
                                                    + "same order as the referencing ones."), "foreign_key_references")),
        ]
    }

    /// `{ column }`, `{ value }`, `{ sql }` or per dialect; the decoder rejects mixed forms.
    /// A default takes no `{ column }` (no dialect does: E0114), and may say `volatile`.
    private static func expression(extra: [String]) -> JSONValue {
        let forms = extra.contains("volatile") ? Vocabulary.expressionForms.filter { $0 != "column" } : Vocabulary.expressionForms
        var properties: [String: JSONValue] = [
            "column": S.described(S.ref("name"), "Another column's value."),
            "value": S.described(S.ref("literal"), "A literal; { value: null } is SQL NULL."),
            "sql": .object([("description", .string("SQL text for both SQL dialects; plancc does not translate it.")), ("type", .string("string"))]),
            "postgresql": .object([("description", .string("SQL text for PostgreSQL.")), ("type", .string("string"))]),
            "mysql": .object([("description", .string("SQL text for MySQL and MariaDB.")), ("type", .string("string"))]),
            "mongodb": .object([("description", .string("A MongoDB aggregation expression."))]),
        ]
        if extra.contains("volatile") {
            properties["volatile"] = boolean("Computed per row: add, backfill in batches, then set the default. Only with sql or per-dialect "
                                                 + "text; beside value it is error E0111 (a literal is the same for every row).")
        }
        if !forms.contains("column") { properties["column"] = nil }
        var schema = S.closed(properties, order: forms + extra, required: [])
        if case var .object(pairs) = schema {
            pairs.append(("minProperties", .int(1)))
            if extra.contains("volatile") {
                pairs.append(("dependentSchemas", .object([("volatile", .object([("not", .object([("required", S.strings(["value"]))]))]))])))
            }
            schema = .object(pairs)
        }
        return schema
    }

    /// An object of some of `keys`, at least one, each described; `mongodb` takes any value (a document).
    private static func perDialect(_ keys: [String], descriptions: [String: String], value: JSONValue? = nil) -> JSONValue {
        .object([
            ("type", .string("object")),
            ("properties", .object(keys.map { key in
                let schema: JSONValue = key == "mongodb" && value == nil ? .object([]) : value ?? .object([("type", .string("string"))])
                guard case let .object(pairs) = schema else { return (key, schema) }
                return (key, .object([("description", .string(descriptions[key] ?? ""))] + pairs))
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
