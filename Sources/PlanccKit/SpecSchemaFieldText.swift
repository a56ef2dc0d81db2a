import PlanSupport

/// What each key of an operation body (and of its `was`) holds, in words: the descriptions of
/// the fields `plancc schema` and `docs/spec-format.md` show. Keyed by `operation.key`,
/// `operation.was.key`, `operation.was.foreign_key.key`, with `*.key` for what any operation
/// means by the key. `SpecFormatDocTests` checks that no field is left without one.
enum FieldText {
    static let texts: [String: String] = [
        "*.table": "The table the change works on (a collection on MongoDB).",
        "*.column": "The column the change works on (a field on MongoDB).",
        "create_table.table": "The new table's name (a collection on MongoDB).",
        "create_table.columns": "The table's columns, in order; at least one.",
        "create_table.primary_key": "The primary key's columns, in order; none when absent.",
        "rename_table.from": "The table's current name.",
        "rename_table.to": "The table's new name.",
        "add_column.column": "The new column: its name, type and options.",
        "rename_column.from": "The column's current name.",
        "rename_column.to": "The column's new name.",
        "alter_column_type.type": "The new type.",
        "set_default.default": "The new default.",
        "create_index.name": "The new index's name.",
        "create_index.columns": "The indexed columns, in order; a { name, prefix } item indexes a prefix (MySQL needs one on text and bytes columns).",
        "create_index.unique": "A unique index; false when absent.",
        "drop_index.name": "The index to drop.",
        "drop_index.was": "The index as it was, so that rollback can build it again: its columns, whether unique, its predicate.",
        "drop_index.was.columns": "The index's columns, in order, as create_index takes them.",
        "drop_index.was.unique": "It was a unique index; false when absent.",
        "drop_index.was.where": "It was a partial index with this predicate; none when absent.",
        "add_primary_key.name": "The primary key constraint's name.",
        "add_primary_key.columns": "The key's columns, in order; each is made NOT NULL.",
        "add_foreign_key.name": "The foreign key constraint's name.",
        "add_foreign_key.columns": "The referencing columns of this table, in order.",
        "*.references": "The referenced table and its columns, in the order of the referencing ones.",
        "*.on_delete": "What deleting a referenced row does; no_action when absent.",
        "*.on_update": "What changing a referenced key does; no_action when absent.",
        "add_check.name": "The check constraint's name.",
        "add_check.expression": "The condition every row must meet; a mongodb form becomes a validator rule.",
        "drop_constraint.name": "The constraint to drop.",
        "drop_constraint.was": "The constraint as it was, so that rollback can add it back: exactly one of check, foreign_key, unique.",
        "drop_constraint.was.check": "It was a check with this condition.",
        "drop_constraint.was.unique": "It was a unique constraint on these columns, in order.",
        "drop_constraint.was.foreign_key": "It was a foreign key: its columns, what they reference, and its actions.",
        "drop_constraint.was.foreign_key.columns": "The referencing columns, in order.",
        "backfill.where": "Only the rows this SQL condition holds for; every row when absent.",
        "backfill.batch_size": "Rows per batch; rollout.batch_size when absent.",
        "sql.forward": "The code forward runs (or contract, with phase: contract).",
        "sql.rollback": "The code rollback runs to undo it; none when absent (rollback then cannot undo the change).",
        "sql.risk": "The change's risk; never below medium.",
        // Value kinds.
        "column.name": "The column's name.",
        "column.type": "The column's type.",
        "column.default": "The column's default; none when absent.",
        "foreign_key_references.table": "The referenced table.",
        "foreign_key_references.columns": "The referenced columns, in the order of the referencing ones: a primary key or unique constraint's.",
        "index_columns.name": "The column.",
    ]

    /// The text for `key` at `path` (`drop_index.was`), the operation's own first, then `*.key`.
    static func text(_ path: String, _ key: String) -> String? {
        if let own = texts[path + "." + key] { return own }
        return texts["*." + key]
    }

    /// `value` with a description added to each field of its `properties` that has none, from
    /// `texts`, recursively into closed objects (a `was` and its `foreign_key`).
    static func filled(_ value: JSONValue, _ path: String) -> JSONValue {
        guard case var .object(pairs) = value, let index = pairs.firstIndex(where: { $0.0 == "properties" }),
              case let .object(fields) = pairs[index].1 else { return value }
        pairs[index].1 = .object(fields.map { key, field in
            let inner = filled(field, path + "." + key)
            guard !hasDescription(inner), let text = text(path, key) else { return (key, inner) }
            return (key, described(inner, text))
        })
        return .object(pairs)
    }

    static func hasDescription(_ value: JSONValue) -> Bool {
        guard case let .object(pairs) = value else { return false }
        return pairs.contains { $0.0 == "description" && $0.1 != .null }
    }

    /// A `$ref` keeps its description beside it in `allOf`; any other schema takes it first.
    private static func described(_ value: JSONValue, _ text: String) -> JSONValue {
        guard case var .object(pairs) = value else { return value }
        if pairs.contains(where: { $0.0 == "$ref" }) { return SpecSchema.described(value, text) }
        pairs.removeAll { $0.0 == "description" }
        return .object([("description", .string(text))] + pairs)
    }
}
