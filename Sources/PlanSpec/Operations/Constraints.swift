import PlanDiagnostics

public struct AddPrimaryKey: Sendable, Equatable {
    public var table: Name
    public var name: Name
    public var columns: [Name]
    public init(table: Name, name: Name, columns: [Name]) { self.table = table; self.name = name; self.columns = columns }
}

public struct ForeignKeyShape: Sendable, Equatable {
    public var columns: [Name]
    public var referencedTable: Name
    public var referencedColumns: [Name]
    public var onDelete: ReferentialAction
    public var onUpdate: ReferentialAction
    public init(columns: [Name], referencedTable: Name, referencedColumns: [Name], onDelete: ReferentialAction, onUpdate: ReferentialAction) {
        self.columns = columns; self.referencedTable = referencedTable; self.referencedColumns = referencedColumns
        self.onDelete = onDelete; self.onUpdate = onUpdate
    }
}

public struct AddForeignKey: Sendable, Equatable {
    public var table: Name
    public var name: Name
    public var foreignKey: ForeignKeyShape
    public init(table: Name, name: Name, foreignKey: ForeignKeyShape) {
        self.table = table; self.name = name; self.foreignKey = foreignKey
    }
}

public struct AddCheck: Sendable, Equatable {
    public var table: Name
    public var name: Name
    public var expression: DialectText
    public init(table: Name, name: Name, expression: DialectText) { self.table = table; self.name = name; self.expression = expression }
}

/// What a dropped constraint was, so rollback can add it again.
public enum ConstraintShape: Sendable, Equatable {
    case check(DialectText)
    case foreignKey(ForeignKeyShape)
    case unique([Name])
}

public struct DropConstraint: Sendable, Equatable {
    public var table: Name
    public var name: Name
    public var was: ConstraintShape?
    /// Where `was` is written (nil when the history supplied it).
    public var wasAt: SourceLocation?
    public init(table: Name, name: Name, was: ConstraintShape?, wasAt: SourceLocation? = nil) {
        self.table = table; self.name = name; self.was = was; self.wasAt = wasAt
    }
}
