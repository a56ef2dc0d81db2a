import PlanSpec
import PlanSupport

/// The body of each operation: its keys in the decoder's order, which are required, and
/// what each holds. `SpecSchemaTests` holds these keys to the decoder's own lists.
enum OperationBodies {
    struct Body {
        var description: String
        var keys: [String]
        var required: [String]
        var properties: [String: JSONValue]
    }

    private typealias S = SpecSchema

    static func body(_ operation: String) -> Body {
        let name = S.ref("name"), names = S.ref("names"), sqlText = S.ref("sql_text"), type = S.ref("type")
        let table: [String: JSONValue] = ["table": name]
        switch operation {
        case "create_table":
            return Body(description: "Create a table (a collection on MongoDB). Seed risk: low.", keys: ["table", "columns", "primary_key"],
                        required: ["table", "columns"],
                        properties: table.merging(["columns": .object([("type", .string("array")), ("items", S.ref("column")), ("minItems", .int(1))]),
                                                   "primary_key": names]) { a, _ in a })
        case "drop_table":
            return Body(description: "Drop a table; under expand_contract it waits under a graveyard name until contract. Seed risk: high.",
                        keys: ["table"], required: ["table"], properties: table)
        case "rename_table":
            return Body(description: "Rename a table; under expand_contract a view keeps the old name until contract. Seed risk: high.",
                        keys: ["from", "to"], required: ["from", "to"], properties: ["from": name, "to": name])
        case "add_column":
            return Body(description: "Add a column. Seed risk: low if nullable; medium if NOT NULL with a default. NOT NULL without a default on a table that exists before the spec is error E0316: add it nullable, backfill, then set_not_null.",
                        keys: ["table", "column"], required: ["table", "column"], properties: table.merging(["column": S.ref("column")]) { a, _ in a })
        case "drop_column":
            return Body(description: "Drop a column; under expand_contract it waits under a graveyard name until contract. Seed risk: high.",
                        keys: ["table", "column"], required: ["table", "column"], properties: table.merging(["column": name]) { a, _ in a })
        case "rename_column":
            return Body(description: "Rename a column; under expand_contract both names work, kept in sync, until contract. Seed risk: high (medium under expand_contract).",
                        keys: ["table", "from", "to"], required: ["table", "from", "to"], properties: table.merging(["from": name, "to": name]) { a, _ in a })
        case "alter_column_type":
            return Body(description: "Change a column's type; was is the old type, using converts old values. Seed risk: high.",
                        keys: ["table", "column", "type", "was", "using"], required: ["table", "column", "type"],
                        properties: table.merging(["column": name, "type": type, "was": S.described(type, "The old type; it also tells widening from narrowing."), "using": S.described(sqlText, "Converts an old value to the new type.")]) { a, _ in a })
        case "set_not_null", "drop_not_null":
            return Body(description: operation == "set_not_null" ? "Make a column NOT NULL. Seed risk: medium." : "Allow NULL in a column. Seed risk: low.",
                        keys: ["table", "column", "type"], required: ["table", "column"],
                        properties: table.merging(["column": name, "type": S.described(type, "The column's full type; required when mysql is listed.")]) { a, _ in a })
        case "set_default":
            return Body(description: "Set a column's default; was is the old one (null for none). Seed risk: low.",
                        keys: ["table", "column", "default", "was"], required: ["table", "column", "default"],
                        properties: table.merging(["column": name, "default": S.ref("default"), "was": priorDefault]) { a, _ in a })
        case "drop_default":
            return Body(description: "Drop a column's default; was is the old one. Seed risk: low.",
                        keys: ["table", "column", "was"], required: ["table", "column"],
                        properties: table.merging(["column": name, "was": priorDefault]) { a, _ in a })
        case "create_index":
            return Body(description: "Create an index, without blocking writes where the dialect can. Seed risk: low.",
                        keys: ["table", "name", "columns", "unique", "where"], required: ["table", "name", "columns"],
                        properties: table.merging(["name": name, "columns": S.ref("index_columns"), "unique": .object([("type", .string("boolean"))]),
                                                   "where": S.described(sqlText, "A partial index's predicate. MySQL has no partial indexes: a unique one is error E0317, another covers every row there (W0103).")]) { a, _ in a })
        case "drop_index":
            return Body(description: "Drop an index; was describes it so rollback can rebuild it. Seed risk: medium.",
                        keys: ["table", "name", "was"], required: ["table", "name"],
                        properties: table.merging(["name": name, "was": S.closed(
                            ["columns": S.ref("index_columns"), "unique": .object([("type", .string("boolean"))]), "where": sqlText],
                            order: ["columns", "unique", "where"], required: ["columns"])]) { a, _ in a })
        case "add_primary_key":
            return Body(description: "Add a primary key. Seed risk: high.", keys: ["table", "name", "columns"], required: ["table", "name", "columns"],
                        properties: table.merging(["name": name, "columns": names]) { a, _ in a })
        case "add_foreign_key":
            return Body(description: "Add a foreign key, validated without blocking writes where the dialect can. Seed risk: medium.",
                        keys: ["table", "name", "columns", "references", "on_delete", "on_update"],
                        required: ["table", "name", "columns", "references"],
                        properties: table.merging(["name": name].merging(foreignKey) { a, _ in a }) { a, _ in a })
        case "add_check":
            return Body(description: "Add a check constraint (a validator rule on MongoDB when a mongodb form is given). Seed risk: medium.",
                        keys: ["table", "name", "expression"], required: ["table", "name", "expression"],
                        properties: table.merging(["name": name, "expression": sqlText]) { a, _ in a })
        case "drop_constraint":
            let was = S.closed(["check": sqlText, "unique": names,
                                "foreign_key": S.closed(foreignKey, order: ["columns", "references", "on_delete", "on_update"],
                                                        required: ["columns", "references"])],
                               order: ["check", "foreign_key", "unique"], required: [], description: "Exactly one of check, foreign_key, unique.")
            return Body(description: "Drop a constraint; was describes it so rollback can add it back. Seed risk: medium.",
                        keys: ["table", "name", "was"], required: ["table", "name"], properties: table.merging(["name": name, "was": was]) { a, _ in a })
        case "backfill":
            return Body(description: "Update rows in resumable batches. Seed risk: medium; high over tables.rows > 10M.",
                        keys: ["table", "set", "where", "batch_size", "key"], required: ["table", "set"],
                        properties: table.merging([
                            "set": .object([("description", .string("column: expression")), ("type", .string("object")),
                                            ("additionalProperties", S.ref("expression")), ("minProperties", .int(1))]),
                            "where": sqlText, "batch_size": S.integer(1...10_000_000, nil),
                            "key": S.described(.object([("anyOf", .array([name, names]))]), "The batching key; the primary key when absent."),
                        ]) { a, _ in a })
        case "sql":
            return Body(description: "Hand-written code for what no operation expresses. Risk as declared, never below medium. "
                            + "Re-runnable: with a verify, forward runs the code only while that verify does not pass yet; "
                            + "without one, only while the plancc_ledger table (collection on MongoDB) has no row for the change.",
                        keys: ["forward", "rollback", "verify", "phase", "risk"], required: ["forward"],
                        properties: ["forward": sqlText, "rollback": sqlText,
                                     "verify": S.described(sqlText, "Fails (raises an error, or throws) while the change is not in place; run by verify, and first by forward, errors caught."),
                                     "phase": S.choice(RawSQL.Phase.self, "forward (default) or contract."), "risk": S.choice(RiskLevel.self, nil)])
        default:
            preconditionFailure("operation '\(operation)' has no schema")
        }
    }

    private static var foreignKey: [String: JSONValue] {
        ["columns": S.ref("names"), "references": S.ref("foreign_key_references"),
         "on_delete": S.ref("referential_action"), "on_update": S.ref("referential_action")]
    }

    /// `was` of a default: null for none, else the old default.
    private static var priorDefault: JSONValue {
        .object([("description", .string("The old default; null for none.")), ("anyOf", .array([.object([("type", .string("null"))]), S.ref("default")]))])
    }
}

extension OperationBodies {
    /// A short example of each operation, as an item of `changes`; `SpecFormatDocTests`
    /// decodes every one with the real decoder.
    static let examples: [String: String] = [
        "create_table": """
        - create_table:
            table: password_reset_tokens
            columns:
              - { name: id, type: bigint, identity: true, nullable: false }
              - { name: user_id, type: bigint, nullable: false, references: { table: users, column: id, on_delete: cascade } }
              - { name: token, type: varchar(64), nullable: false, unique: true }
              - { name: created_at, type: timestamptz, nullable: false, default: { sql: "CURRENT_TIMESTAMP" } }
            primary_key: [id]
        """,
        "drop_table": "- drop_table: { table: legacy_sessions }",
        "rename_table": "- rename_table: { from: customer, to: customers }",
        "add_column": "- add_column:\n    table: users\n    column: { name: phone, type: varchar(20) }",
        "drop_column": "- drop_column: { table: users, column: fax }",
        "rename_column": "- rename_column: { table: users, from: name, to: full_name }",
        "alter_column_type": """
        - alter_column_type:
            table: orders
            column: total_cents
            type: bigint
            was: integer
            using: { postgresql: "total_cents::bigint", mysql: "total_cents" }
        """,
        "set_not_null": "- set_not_null: { table: orders, column: status, type: varchar(20) }",
        "drop_not_null": "- drop_not_null: { table: users, column: phone, type: varchar(20) }",
        "set_default": "- set_default: { table: orders, column: currency, default: EUR, was: null }",
        "drop_default": "- drop_default: { table: orders, column: currency, was: EUR }",
        "create_index": "- create_index: { table: orders, name: idx_orders_pending, columns: [created_at], where: \"status = 'pending'\" }",
        "drop_index": "- drop_index: { table: orders, name: idx_orders_user, was: { columns: [user_id] } }",
        "add_primary_key": "- add_primary_key: { table: audit_log, name: audit_log_pkey, columns: [id] }",
        "add_foreign_key": """
        - add_foreign_key:
            table: orders
            name: orders_user_id_fk
            columns: [user_id]
            references: { table: users, columns: [id] }
            on_delete: set_null
        """,
        "add_check": "- add_check: { table: orders, name: orders_total_positive, expression: \"total_cents >= 0\" }",
        "drop_constraint": "- drop_constraint: { table: orders, name: orders_total_positive, was: { check: \"total_cents >= 0\" } }",
        "backfill": """
        - backfill:
            table: orders
            set: { status: { value: shipped } }
            where: shipped_at IS NOT NULL
            batch_size: 5000
        """,
        "sql": """
        - sql:
            forward: { postgresql: "CREATE EXTENSION IF NOT EXISTS citext", mysql: "SELECT 1" }
            rollback: { postgresql: "DROP EXTENSION IF EXISTS citext", mysql: "SELECT 1" }
            risk: medium
        """,
    ]
}
