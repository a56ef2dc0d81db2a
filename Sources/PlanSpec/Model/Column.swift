import PlanDiagnostics

public struct Column: Sendable, Equatable {
    public var name: Name
    public var type: ColumnType
    public var nullable: Bool
    public var defaultValue: DefaultValue?
    public var identity: Bool
    public var unique: Bool
    public var references: ColumnReference?
    public var location: SourceLocation

    public init(
        name: Name, type: ColumnType, nullable: Bool = true, defaultValue: DefaultValue? = nil,
        identity: Bool = false, unique: Bool = false, references: ColumnReference? = nil, location: SourceLocation
    ) {
        self.name = name; self.type = type; self.nullable = nullable; self.defaultValue = defaultValue
        self.identity = identity; self.unique = unique; self.references = references; self.location = location
    }
}

public enum ReferentialAction: String, Sendable, CaseIterable {
    case noAction = "no_action"
    case restrict
    case cascade
    case setNull = "set_null"
    case setDefault = "set_default"

    /// `NO ACTION`, `SET NULL`, ...
    public var sql: String { rawValue.split(separator: "_").joined(separator: " ").uppercased() }
}

public struct ColumnReference: Sendable, Equatable {
    public var table: Name
    public var column: Name
    public var onDelete: ReferentialAction
    public var onUpdate: ReferentialAction
    public init(table: Name, column: Name, onDelete: ReferentialAction = .noAction, onUpdate: ReferentialAction = .noAction) {
        self.table = table; self.column = column; self.onDelete = onDelete; self.onUpdate = onUpdate
    }
}

/// An index column: a name, with a prefix length MySQL needs for TEXT and BLOB columns.
public struct IndexColumn: Sendable, Equatable {
    public var name: Name
    public var prefix: Int?
    public init(_ name: Name, prefix: Int? = nil) {
        self.name = name
        self.prefix = prefix
    }
}
