import Planner
import PlanSpec
import PlanSupport

/// `plancc schema`: a JSON Schema (2020-12) of spec format 1 for editors. Keys and choices come
/// from the model the decoder validates against (`Vocabulary`, `Operation.names`, the enums),
/// so completion offers exactly what `plancc check` accepts.
public enum SpecSchema {
    public static let id = "urn:plancc:schema:spec-format-1"

    public static func document() -> JSONValue {
        .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string(id)),
            ("title", .string("plancc change spec, format 1")),
            ("description", .string("One database change: intent, risk, rollback and the changes to apply, compiled by plancc.")),
            ("type", .string("object")),
            ("properties", .object(Vocabulary.topLevelKeys.map { ($0, topLevel($0)) })),
            ("required", strings(["plancc", "id", "title", "intent", "rationale", "risk", "dialects", "rollback", "changes"])),
            ("additionalProperties", .bool(false)),
            ("$defs", .object(SchemaDefinitions.all)),
        ])
    }

    public static func rendered() -> String { document().rendered() }

    private static func topLevel(_ key: String) -> JSONValue {
        switch key {
        case "plancc": .object([("description", .string("Format version; this plancc reads 1.")), ("const", .int(1))])
        case "kind": choice(Spec.Kind.self, "change (default), or baseline: the existing schema, described with create_table, create_index, add_primary_key, add_foreign_key and add_check.")
        case "id": .object([("description", .string("YYYYMMDDHHMMSS_snake_description; must match the file name.")),
                            ("type", .string("string")), ("pattern", .string("^[0-9]{14}_[a-z0-9]([a-z0-9_]*[a-z0-9])?$"))])
        case "title": described(ref("text"), "One line.")
        case "intent": described(ref("text"), "What the change does.")
        case "rationale": described(ref("text"), "Why it is needed, and why this way.")
        case "owner": described(ref("text"), "The team or person answerable for the change.")
        case "links": .object([("description", .string("Tickets or documents.")), ("type", .string("array")), ("items", ref("text"))])
        case "current_state": described(ref("text"), "What the schema and application look like before the change.")
        case "risk": choice(RiskLevel.self, "Declared risk; the computed risk may not exceed it.")
        case "dialects": .object([("description", .string("The databases to emit scripts for.")), ("type", .string("array")),
                                  ("items", choice(Dialect.self, nil)), ("minItems", .int(1)), ("uniqueItems", .bool(true))])
        case "targets": closed([
            "postgresql": integer(Targets.postgreSQLVersions, "PostgreSQL major version; 18 adds NOT NULL as a NOT VALID constraint, validated apart."),
            "mysql": .object([("description", .string("MySQL server version: 8.0 is 8.0.19 or later; 8.4 also drops and renames columns INSTANT.")), ("enum", strings(Targets.mySQLVersions))]),
            "mariadb": .object([("description", .string("MariaDB server version, instead of mysql: ALGORITHM=INPLACE where MySQL gets INSTANT (MariaDB goes instant itself).")), ("enum", strings(Targets.mariaDBVersions))]),
        ], order: Targets.keys, required: [], description: "The server versions the scripts must run on; unstated: PostgreSQL \(Targets.defaultPostgreSQL), MySQL \(Targets.mySQLVersions[0]).")
        case "tables": .object([
            ("description", .string("Facts for impact estimates, per table.")), ("type", .string("object")),
            ("additionalProperties", closed(["rows": .object([("description", .string("About how many rows the table holds: the impact analysis judges "
                                                                              + "locks, table copies and backfills by it; unknown when absent.")),
                                                              ("type", .string("integer")), ("minimum", .int(0))])],
                                           order: Vocabulary.tableFactKeys, required: [], description: "What is known of one table, under its name.")),
        ])
        case "rollback": closed(["strategy": choice(RollbackPolicy.Strategy.self, "reverse: the rollback scripts undo the change; restore_from_backup or forward_fix: required when the change loses data."),
                                 "notes": described(ref("text"), "What the operator should know, printed in CHANGE.md's rollback procedure.")],
                                order: ["strategy", "notes"], required: ["strategy"], description: "How the change is undone.")
        case "rollout": closed(Dictionary(uniqueKeysWithValues: Vocabulary.rolloutKeys.map { ($0, rollout($0)) }),
                               order: Vocabulary.rolloutKeys, required: [], description: "How the change is rolled out.")
        case "changes": .object([("description", .string("The changes, applied in order.")), ("type", .string("array")),
                                 ("items", ref("change")), ("minItems", .int(1))])
        default: preconditionFailure("top-level key '\(key)' has no schema")
        }
    }

    /// A rollout key's schema with its default, taken from `Rollout()`.
    private static func rollout(_ key: String) -> JSONValue {
        let defaults = Rollout()
        let value: JSONValue = switch key {
        case "mode": .string(defaults.mode.rawValue)
        case "lock_timeout": defaults.lockTimeout.value == 0 ? .int(0) : .string(defaults.lockTimeout.description)
        case "statement_timeout": defaults.statementTimeout.value == 0 ? .int(0) : .string(defaults.statementTimeout.description)
        case "batch_size": .int(defaults.batchSize)
        case "batch_pause": defaults.batchPause.value == 0 ? .int(0) : .string(defaults.batchPause.description)
        case "lock_retries": .int(defaults.lockRetries)
        case "max_batch_seconds": .int(defaults.maxBatchSeconds)
        case "online_copy_rows": .int(Int(defaults.onlineCopyRows))
        default: preconditionFailure("rollout key '\(key)' has no default")
        }
        guard case var .object(pairs) = rolloutBody(key) else { return rolloutBody(key) }
        pairs.append(("default", value))
        return .object(pairs)
    }

    private static func rolloutBody(_ key: String) -> JSONValue {
        switch key {
        case "mode": choice(Rollout.Mode.self, "single_step (default) or expand_contract.")
        case "lock_timeout": described(ref("duration"), "How long a DDL step waits for its lock; above 0.")
        case "statement_timeout": described(ref("duration"), "0 for none.")
        case "batch_size": integer(1...10_000_000, "Rows per backfill batch.")
        case "batch_pause": described(ref("duration"), "Pause between batches.")
        case "lock_retries": integer(0...100, "Retries of a step that hit lock_timeout, with backoff.")
        case "max_batch_seconds": integer(0...86_400, "0: fixed batch_size; else adapt batches to stay under it.")
        case "online_copy_rows": integer(0...Int.max, "MySQL: above this, a table-copying ALTER becomes a gh-ost or pt-online-schema-change command.")
        default: preconditionFailure("rollout key '\(key)' has no schema")
        }
    }

    // MARK: building blocks, shared with SchemaDefinitions

    static func ref(_ name: String) -> JSONValue { .object([("$ref", .string("#/$defs/\(name)"))]) }

    static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    static func choice<T: RawRepresentable & CaseIterable>(_: T.Type, _ description: String?) -> JSONValue where T.RawValue == String {
        .object(["description": description.map(JSONValue.string), "enum": strings(T.allCases.map(\.rawValue))])
    }

    static func integer(_ range: ClosedRange<Int>, _ description: String?) -> JSONValue {
        .object(["description": description.map(JSONValue.string), "type": .string("integer"),
                 "minimum": .int(range.lowerBound), "maximum": .int(range.upperBound)])
    }

    /// `allOf` keeps a `$ref` and a description side by side for every 2020-12 tool.
    static func described(_ schema: JSONValue, _ description: String) -> JSONValue {
        .object([("description", .string(description)), ("allOf", .array([schema]))])
    }

    /// An object with exactly these keys, in `order` (default: sorted).
    static func closed(_ properties: [String: JSONValue], order: [String]? = nil, required: [String], description: String? = nil) -> JSONValue {
        let keys = order ?? properties.keys.sorted()
        return .object([
            "description": description.map(JSONValue.string),
            "type": .string("object"),
            "properties": .object(keys.map { ($0, properties[$0]!) }),
            "required": required.isEmpty ? nil : strings(required),
            "additionalProperties": .bool(false),
        ])
    }
}
