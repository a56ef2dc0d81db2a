import Planner
import PlanSpec

/// Author-written values in words, for CHANGE.md and plan.json alike.
enum Describe {
    static func literal(_ literal: Literal) -> String {
        switch literal {
        case .null: "NULL"
        case let .bool(b): b ? "true" : "false"
        case let .integer(i): String(i)
        case let .decimal(text): text
        case let .string(s): "'" + s.replacing("'", with: "''") + "'"
        }
    }

    /// SQL text as written: the shared text, or each dialect's own, in dialect order.
    static func text(_ text: DialectText) -> String {
        if let shared = text.shared, text.perDialect.isEmpty, text.mongodb == nil { return shared }
        var parts: [String] = []
        if let shared = text.shared { parts.append("SQL: \(shared)") }
        for dialect in Dialect.allCases {
            if let own = text.perDialect[dialect] { parts.append("\(dialect.displayName): \(own)") }
        }
        if let mongo = text.mongodb { parts.append("MongoDB: \(mongo.rendered(pretty: false))") }
        return parts.joined(separator: "; ")
    }

    static func expression(_ expression: Expression) -> String {
        switch expression {
        case let .column(name): "column \(name.value)"
        case let .value(literal, _): Self.literal(literal)
        case let .native(sql, mongodb):
            text(DialectText(shared: sql.shared, perDialect: sql.perDialect, mongodb: mongodb, at: sql.location))
        }
    }

    static func defaultValue(_ value: DefaultValue) -> String {
        expression(value.expression) + (value.volatile ? " (computed per row)" : "")
    }

    static func columns(_ names: [Name]) -> String { names.map(\.value).joined(separator: ", ") }

    static func indexColumns(_ columns: [IndexColumn]) -> String {
        columns.map { c in c.prefix.map { "\(c.name.value)(\($0))" } ?? c.name.value }.joined(separator: ", ")
    }

    static func column(_ column: Column) -> String {
        var words = ["\(column.name.value) \(column.type.description)"]
        if column.identity { words.append("identity") }
        if !column.nullable { words.append("NOT NULL") }
        if let value = column.defaultValue { words.append("default \(defaultValue(value))") }
        if column.unique { words.append("unique") }
        if let ref = column.references { words.append("references \(ref.table.value)(\(ref.column.value))") }
        return words.joined(separator: " ")
    }

    static func foreignKey(_ shape: ForeignKeyShape) -> String {
        var text = "(\(columns(shape.columns))) references \(shape.referencedTable.value)(\(columns(shape.referencedColumns)))"
        if shape.onDelete != .noAction { text += " on delete \(shape.onDelete.sql)" }
        if shape.onUpdate != .noAction { text += " on update \(shape.onUpdate.sql)" }
        return text
    }

    static func indexShape(_ shape: IndexShape) -> String {
        var text = (shape.unique ? "unique " : "") + "(\(indexColumns(shape.columns)))"
        if let filter = shape.filter { text += " where \(Self.text(filter))" }
        return text
    }
}
