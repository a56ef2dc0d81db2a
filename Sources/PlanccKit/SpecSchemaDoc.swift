import PlanSpec
import PlanSupport

/// `docs/spec-format.md`: the format reference, rendered from the same schema document
/// `plancc schema` prints (itself built from the decoder's vocabulary), so the field tables,
/// choices and defaults have one source. `SpecFormatDocTests` holds the committed file to it.
public enum SpecFormatDoc {
    public static func markdown() -> String {
        let schema = SpecSchema.document()
        let defs = Dictionary(object(schema, "$defs"), uniquingKeysWith: { a, _ in a })
        var out = """
        # Spec format reference (format 1)

        Generated from the model the decoder and `plancc schema` use; do not edit by hand
        (`PLANCC_RECORD=1 swift test --filter SpecFormatDocTests` rewrites it). Every key,
        choice and default below is exactly what `plancc check` accepts.

        One change per file, `specs/<id>.yaml`. The README walks through a complete example;
        `specs/` holds more.

        ## Top-level keys

        | key | required | value | description |
        |---|---|---|---|

        """
        let required = strings(schema, "required")
        for (key, value) in object(schema, "properties") {
            out += "| `\(key)` | \(required.contains(key) ? "yes" : "no") | \(summary(value)) | \(description(value)) |\n"
        }
        out += """

        A `kind: baseline` spec describes the schema that already exists when a team adopts plancc,
        with `create_table`, `create_index`, `add_primary_key`, `add_foreign_key` and `add_check`
        changes only; nothing is emitted for it, it seeds the schema history. `plancc schema-at ID
        --format yaml` prints the schema after any spec as such a baseline.

        ```yaml
        targets: { postgresql: 15, mysql: "8.0" }   # or mariadb: "10.11" instead of mysql
        tables:
          users: { rows: 40000000 }
        rollback: { strategy: reverse, notes: Revert before the contract phase. }
        ```

        """
        for key in ["targets", "rollback", "rollout"] {
            out += "\n### `\(key)`\n\n" + tables(schema.lookup("properties", key), defaults: key == "rollout", path: key)
        }
        out += "\n### `tables`\n\nA mapping from table names to what is known of each table:\n\n"
            + tables(schema.lookup("properties", "tables").lookup("additionalProperties") ?? .null, defaults: false, path: "tables.<name>")
        out += "\n## Value kinds\n\n"
        out += "Portable types: " + PortableType.names.map { "`\($0)`" }.joined(separator: ", ")
            + "; `varchar(n)`, `char(n)` and `decimal(p,s)` take arguments.\n"
        for name in valueKinds {
            guard let value = defs[name] else { continue }
            out += "\n### \(name)\n\n"
            let text = description(value)
            if !text.isEmpty { out += text + "\n\n" }
            // The kind's own keys, or those of the mapping it may be written as (a default's
            // expression, a type or SQL text per dialect, an index column with a prefix).
            for shape in shapes(value) { out += (out.hasSuffix("\n\n") ? "" : "\n") + tables(shape, defaults: false, path: "") }
            if let example = valueExamples[name] { out += (out.hasSuffix("\n\n") ? "" : "\n") + "```yaml\n\(example)\n```\n" }
        }
        out += """

        ## `was`: what it was

        plancc never looks at a database, so a change that replaces or removes something states what
        was there in `was`, and rollback rebuilds it from that. Where rollback needs a `was` that is
        missing and the directory's history does not supply it, that is an error under
        `rollback.strategy: reverse` and a warning otherwise; a `was` the history contradicts is an error.

        | operation | `was` | description |
        |---|---|---|

        """
        for name in Operation.names {
            let field = (defs["op_" + name] ?? .null).lookup("properties", "was")
            if field != .null { out += "| `\(name)` | \(summary(field)) | \(description(field)) |\n" }
        }
        // The shapes with keys of their own, each field described, nested ones too.
        for name in Operation.names {
            let field = (defs["op_" + name] ?? .null).lookup("properties", "was")
            guard !object(field, "properties").isEmpty else { continue }
            out += "\n### \(name): `was`\n\n" + tables(field, defaults: false, path: "was")
            if let example = wasExamples[name] { out += "\n```yaml\n\(example)\n```\n" }
        }
        out += """

        ## Order, phases and expand/contract

        Changes apply in the order written, across phases too: a step that needs data an earlier
        `backfill` writes (validating a check or foreign key, NOT NULL, a unique index on the filled
        column) runs after that backfill, whichever script it lands in. Tables are collections and
        columns are fields on MongoDB.

        Under `rollout.mode: expand_contract`, forward keeps old readers and writers working and
        contract removes what they used: `rename_column` and `alter_column_type` add the new column
        and keep both in sync (triggers on SQL, a batched copy on MongoDB) until contract drops the old
        one; `drop_column` and `drop_table` rename to a graveyard name (`_plancc_dropped_<name>`) that
        contract drops; `rename_table` renames and leaves an updatable view under the old name until
        contract (MongoDB renames in forward; CHANGE.md warns old readers); `set_not_null` adds a
        `NOT VALID` check and validates it and sets NOT NULL in contract. `sql` with `phase: contract`
        runs in contract. The seed risk of each operation is in its description below; the computed
        risk (the highest over the changes, raised by the impact analysis) may not exceed `risk:`.

        """
        out += "\n## Operations\n\nEach item of `changes` is a one-key mapping: the operation name, then its body.\n"
        for name in Operation.names {
            let body = defs["op_" + name] ?? .null
            out += "\n### \(name)\n\n\(description(body))\n\n" + tables(body, defaults: false, path: "", skipping: ["was"])
            if let example = OperationBodies.examples[name] { out += "\n```yaml\n\(example)\n```\n" }
        }
        return out
    }

    /// Each `was` shape with keys, as an item of `changes`; `SpecFormatDocTests` decodes them.
    static let wasExamples: [String: String] = [
        "drop_index": "- drop_index:\n    table: orders\n    name: idx_orders_pending\n    was: { columns: [created_at], unique: false, where: \"status = 'pending'\" }",
        "drop_constraint": """
        - drop_constraint:
            table: orders
            name: orders_user_id_fk
            was:
              foreign_key: { columns: [user_id], references: { table: users, columns: [id] }, on_delete: set_null }
        - drop_constraint: { table: users, name: users_email_key, was: { unique: [email] } }
        - drop_constraint: { table: orders, name: orders_total_positive, was: { check: "total_cents >= 0" } }
        """,
    ]

    /// The value kinds the reference defines, each under its own heading that fields link to.
    static let valueKinds = ["type", "sql_text", "expression", "default", "literal", "duration", "name", "names", "column",
                             "index_columns", "foreign_key_references", "referential_action"]

    static let valueExamples: [String: String] = [
        "name": "table: password_reset_tokens",
        "names": "primary_key: [tenant_id, id]",
        "foreign_key_references": "references: { table: users, columns: [id] }",
        "referential_action": "on_delete: set_null",
        "type": "type: decimal(12,2)\ntype: { postgresql: citext, mysql: varchar(255), mongodb: string }",
        "sql_text": "where: status = 'pending'\nwhere: { postgresql: \"email ILIKE '%@x.org'\", mysql: \"email LIKE '%@x.org'\" }",
        "expression": "{ column: name }\n{ value: null }\n{ sql: \"lower(email)\" }\n{ postgresql: \"now()\", mysql: \"NOW(6)\", mongodb: \"$$NOW\" }",
        // As columns of add_column or create_table; `SpecFormatDocTests` decodes each line.
        "default": """
        column: { name: currency, type: char(3), default: EUR }                       # a literal
        column: { name: note, type: text, default: { value: null } }                  # the literal null, as { value }
        column: { name: created_at, type: timestamptz, default: { sql: "CURRENT_TIMESTAMP" } }
        column: { name: token, type: uuid, default: { postgresql: "gen_random_uuid()", mysql: "(UUID())", volatile: true } }
        """,
        "literal": """
        column: { name: attempts, type: integer, nullable: false, default: 0 }
        column: { name: price, type: "decimal(12,2)", default: 19.99 }               # in { }, a comma ends an unquoted value
        column: { name: active, type: boolean, default: true }
        column: { name: code, type: varchar(20), default: "007" }                    # text: unquoted, YAML reads the number 7
        column: { name: deleted_at, type: timestamptz, default: null }                # SQL NULL
        """,
        "duration": "lock_timeout: 5s\nbatch_pause: 100ms\nstatement_timeout: 0",
        "column": "{ name: email, type: varchar(255), nullable: false, unique: true }",
        "index_columns": "columns: [user_id, { name: body, prefix: 191 }]",
    ]

    // MARK: reading the schema

    private static func object(_ value: JSONValue, _ key: String) -> [(String, JSONValue)] {
        if case let .object(pairs) = value.lookup(key) { return pairs }
        return []
    }

    private static func strings(_ value: JSONValue, _ key: String) -> [String] {
        guard case let .array(items) = value.lookup(key) else { return [] }
        return items.compactMap { if case let .string(s) = $0 { s } else { nil } }
    }

    private static func description(_ value: JSONValue) -> String {
        if case let .string(s) = value.lookup("description") { return s.replacingPipes }
        return ""
    }

    /// The mappings with keys of their own a value may be written as, not through a `$ref`
    /// (a kind has its own heading): itself, an option of `anyOf` or `allOf`, a list's items.
    static func shapes(_ value: JSONValue) -> [JSONValue] {
        if !object(value, "properties").isEmpty { return [value] }
        var result: [JSONValue] = []
        for key in ["allOf", "anyOf"] {
            if case let .array(options) = value.lookup(key) { result += options.flatMap(shapes) }
        }
        if let items = value.lookup("items") { result += shapes(items) }
        return result
    }

    /// The field table of a mapping, then one for each field that is a mapping of its own
    /// (`references` of a column, `was.foreign_key`), named by its path, all the way down;
    /// `skipping` fields are tabled elsewhere (an operation's `was`, in its own section).
    private static func tables(_ value: JSONValue, defaults: Bool, path: String, skipping: Set<String> = []) -> String {
        var out = fieldTable(value, defaults: defaults)
        for (key, field) in object(value, "properties") where !skipping.contains(key) {
            let inner = path.isEmpty ? key : path + "." + key
            for shape in shapes(field) where field.lookup("$ref") == nil {
                out += "\n`\(inner)`:\n\n" + tables(shape, defaults: false, path: inner)
            }
        }
        return out
    }

    private static func fieldTable(_ value: JSONValue, defaults: Bool) -> String {
        let required = strings(value, "required")
        var out = defaults ? "| key | default | value | description |\n|---|---|---|---|\n" : "| key | required | value | description |\n|---|---|---|---|\n"
        for (key, field) in object(value, "properties") {
            let second = defaults ? "`\(field.lookup("default").map { $0.rendered(pretty: false) } ?? "")`".replacingOccurrences(of: "\"", with: "")
                                  : (required.contains(key) ? "yes" : "no")
            out += "| `\(key)` | \(second) | \(summary(field)) | \(description(field)) |\n"
        }
        return out
    }

    /// A value's kind in words: `name`, `one of a \| b`, `list of name`.
    static func summary(_ value: JSONValue) -> String {
        if case let .string(ref) = value.lookup("$ref") {
            let name = String(ref.split(separator: "/").last ?? "")
            return valueKinds.contains(name) ? "[\(name)](#\(name))" : name
        }
        if case let .array(all) = value.lookup("allOf"), let first = all.first { return summary(first) }
        if case let .array(choices) = value.lookup("enum") {
            return choices.map { "`\($0.rendered(pretty: false).replacingOccurrences(of: "\"", with: ""))`" }.joined(separator: " \\| ")
        }
        if let c = value.lookup("const") { return "`\(c.rendered(pretty: false))`" }
        if case let .array(options) = value.lookup("anyOf") { return options.map(summary).joined(separator: " or ") }
        switch value.lookup("type") {
        case .string("array")?: return "list of " + (value.lookup("items").map(summary) ?? "values")
        case .string("integer")?:
            if let lo = value.lookup("minimum"), let hi = value.lookup("maximum") {
                return "integer \(lo.rendered(pretty: false))..\(hi.rendered(pretty: false))"
            }
            return "integer"
        case .string("object")?:
            if let extra = value.lookup("additionalProperties"), extra != .bool(false) { return "mapping of name: " + summary(extra) }
            let keys = object(value, "properties").map(\.0)
            return keys.isEmpty ? "mapping" : "{ " + keys.joined(separator: ", ") + " }"
        case let .string(t)?: return t
        case let .array(ts)?: return ts.map { $0.rendered(pretty: false).replacingOccurrences(of: "\"", with: "") }.joined(separator: " or ")
        default: return "any value"
        }
    }
}

private extension JSONValue {
    func lookup(_ key: String) -> JSONValue? {
        if case let .object(pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }

    func lookup(_ a: String, _ b: String) -> JSONValue { lookup(a)?.lookup(b) ?? .null }
}

private extension String {
    var replacingPipes: String { replacingOccurrences(of: "|", with: "\\|") }
}
