import PlanSpec
import PlanSupport

/// The schema model written back as a `kind: baseline` spec: what `plancc schema-at --format
/// yaml` prints, and what the other formats are written from (the SQL formats by loading it
/// back, so every fact passes the same decoder and checks as an author's baseline).
///
/// Only what the history knows is written: a table no create_table or baseline stated whole,
/// a column of unknown type, a constraint whose text a rename made stale are listed as YAML
/// comments, never guessed. Tables, indexes and constraints are sorted by name and columns kept
/// in the order they were added, so the same history gives the same bytes.
public enum SchemaBaseline {
    public struct Rendered: Sendable {
        public var yaml: String
        /// What could not be written as a change (partly known tables, unknown types), one line each.
        public var omitted: [String]
    }

    /// `id` names the baseline (`20261125130000_schema_at`); `dialects` are those the specs
    /// target, in dialect order; `source` is said in the title.
    public static func render(_ model: SchemaModel, id: String, dialects: [Dialect], after spec: String) -> Rendered {
        var out = """
            # The schema after \(spec), as plancc's history knows it (plancc schema-at).
            plancc: 1
            kind: baseline
            id: \(id)
            title: \(quoted("Schema after \(spec)"))
            intent: \(quoted("Describe the schema the specs up to \(spec) leave."))
            rationale: \(quoted("Replayed by plancc from the specs; nothing here was read from a database."))
            owner: plancc
            risk: low
            dialects: [\(dialects.map(\.rawValue).joined(separator: ", "))]
            rollback:
              strategy: forward_fix
            changes:

            """
        var omitted: [String] = []
        var after: [String] = []
        var wrote = false
        for name in model.tables.keys.sorted() {
            let table = model.tables[name]!
            if table.isView {
                omitted.append("view \(name): created by author SQL (\(table.definedAt.file) line \(table.definedAt.line)); a baseline holds tables only")
                continue
            }
            let unknown = table.columns.filter { $0.type == nil }.map(\.name)
            guard table.complete, unknown.isEmpty, !table.columns.isEmpty else {
                let why = !table.complete ? "only partly known (no create_table or baseline stated all its columns)"
                    : unknown.isEmpty ? "has no columns" : "has columns of unknown type: " + unknown.joined(separator: ", ")
                omitted.append("table \(name): \(why)")
                continue
            }
            wrote = true
            out += "  - create_table:\n      table: \(quoted(name))\n      columns:\n"
            for column in table.columns { out += "        - " + self.column(column) + "\n" }
            if let key = table.primaryKey, !key.isEmpty { out += "      primary_key: " + names(key) + "\n" }
            for index in table.indexes.keys.sorted() {
                after.append(createIndex(table: name, name: index, table.indexes[index]!.shape))
            }
            for constraint in table.constraints.keys.sorted() {
                switch table.constraints[constraint]!.kind {
                case .primaryKey: continue  // stated by create_table's primary_key
                case let .shaped(.foreignKey(shape)?):
                    var fk = "  - add_foreign_key:\n      table: \(quoted(name))\n      name: \(quoted(constraint))\n"
                    fk += "      columns: \(names(shape.columns.map(\.value)))\n"
                    fk += "      references: { table: \(quoted(shape.referencedTable.value)), columns: \(names(shape.referencedColumns.map(\.value))) }\n"
                    if shape.onDelete != .noAction { fk += "      on_delete: \(shape.onDelete.rawValue)\n" }
                    if shape.onUpdate != .noAction { fk += "      on_update: \(shape.onUpdate.rawValue)\n" }
                    after.append(fk)
                case let .shaped(.check(text)?):
                    after.append("  - add_check:\n      table: \(quoted(name))\n      name: \(quoted(constraint))\n      expression: \(self.text(text))\n")
                case let .shaped(.unique(columns)?):
                    after.append(createIndex(table: name, name: constraint,
                                             IndexShape(columns: columns.map { IndexColumn($0) }, unique: true, filter: nil)))
                case .shaped(nil):
                    omitted.append("constraint \(name).\(constraint): its definition is not known (a rename made its text stale)")
                }
            }
        }
        out += after.joined()
        if !wrote { out.removeLast(); out += " []\n" }
        if !omitted.isEmpty {
            out += "# Not written, because the history does not know them whole:\n"
            out += omitted.map { "#   " + $0 + "\n" }.joined()
        }
        return Rendered(yaml: out, omitted: omitted)
    }

    private static func createIndex(table: String, name: String, _ shape: IndexShape) -> String {
        var out = "  - create_index:\n      table: \(quoted(table))\n      name: \(quoted(name))\n"
        let columns = shape.columns.map { column in
            column.prefix.map { "{ name: \(quoted(column.name.value)), prefix: \($0) }" } ?? quoted(column.name.value)
        }
        out += "      columns: [\(columns.joined(separator: ", "))]\n"
        if shape.unique { out += "      unique: true\n" }
        if let filter = shape.filter { out += "      where: \(text(filter))\n" }
        return out
    }

    private static func column(_ column: ColumnModel) -> String {
        var parts = ["name: \(quoted(column.name))", "type: \(type(column.type!))"]
        if column.nullable == false { parts.append("nullable: false") }
        if case let .value(value)? = column.defaultValue { parts.append("default: \(defaultValue(value))") }
        if column.identity == true { parts.append("identity: true") }
        return "{ " + parts.joined(separator: ", ") + " }"
    }

    private static func type(_ type: ColumnType) -> String {
        switch type.kind {
        case let .portable(portable): quoted(portable.description)
        case let .perDialect(map):
            "{ " + map.sorted { $0.key < $1.key }.map { "\($0.key.rawValue): \(quoted($0.value))" }.joined(separator: ", ") + " }"
        }
    }

    private static func defaultValue(_ value: DefaultValue) -> String {
        switch value.expression {
        case let .value(literal, _): return self.literal(literal)
        case let .column(name): return "{ column: \(quoted(name.value)) }"
        case let .native(sql, mongodb):
            var parts = textParts(sql)
            if let mongodb { parts.append("mongodb: " + mongodb.rendered(pretty: false)) }
            if value.volatile { parts.append("volatile: true") }
            return "{ " + parts.joined(separator: ", ") + " }"
        }
    }

    private static func literal(_ literal: Literal) -> String {
        switch literal {
        case .null: "{ value: null }"
        case let .bool(b): b ? "true" : "false"
        case let .integer(i): String(i)
        case let .decimal(text): text
        case let .string(text): quoted(text)
        }
    }

    /// A sql_text: the shared text, or the per-dialect ones (and the MongoDB form) as a mapping.
    private static func text(_ text: DialectText) -> String {
        if let shared = text.shared, text.perDialect.isEmpty, text.mongodb == nil { return quoted(shared) }
        var parts = textParts(text)
        if let mongodb = text.mongodb { parts.append("mongodb: " + mongodb.rendered(pretty: false)) }
        return "{ " + parts.joined(separator: ", ") + " }"
    }

    private static func textParts(_ text: DialectText) -> [String] {
        var parts: [String] = []
        if let shared = text.shared { parts.append("sql: \(quoted(shared))") }
        for (dialect, spelled) in text.perDialect.sorted(by: { $0.key < $1.key }) {
            parts.append("\(dialect.rawValue): \(quoted(spelled))")
        }
        return parts
    }

    private static func names(_ names: [String]) -> String { "[" + names.map(quoted).joined(separator: ", ") + "]" }

    /// A YAML double-quoted scalar: every name and text is written this way, so no value can
    /// be read back as another type or end the document early.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                    || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
