public struct AddColumn: Sendable, Equatable {
    public var table: Name
    public var column: Column
    public init(table: Name, column: Column) { self.table = table; self.column = column }
}

public struct DropColumn: Sendable, Equatable {
    public var table: Name
    public var column: Name
    public init(table: Name, column: Name) { self.table = table; self.column = column }
}

/// What the history knows of a column before a change, for verify to check that the change kept
/// it (nil where no earlier spec stated it). Never written in a spec.
public struct KnownColumn: Sendable, Equatable {
    public var type: ColumnType?
    public var nullable: Bool?
    public var hasDefault: Bool?
    public init(type: ColumnType?, nullable: Bool?, hasDefault: Bool?) {
        self.type = type; self.nullable = nullable; self.hasDefault = hasDefault
    }
}

public struct RenameColumn: Sendable, Equatable {
    public var table: Name
    public var from: Name
    public var to: Name
    /// The renamed column as the history knows it: its type, nullability and default carry over.
    public var known: KnownColumn?
    public init(table: Name, from: Name, to: Name) { self.table = table; self.from = from; self.to = to }
}

public struct AlterColumnType: Sendable, Equatable {
    public var table: Name
    public var column: Name
    public var type: ColumnType
    /// The old type: rollback rebuilds it, and it tells widening from narrowing.
    public var was: ColumnType?
    /// How to convert old values (`USING`), e.g. `amount::numeric(12,2)`.
    public var using: DialectText?
    /// The column as the history knows it: its nullability carries over.
    public var known: KnownColumn?
    public init(table: Name, column: Name, type: ColumnType, was: ColumnType?, using: DialectText?) {
        self.table = table; self.column = column; self.type = type; self.was = was; self.using = using
    }
}

/// `set_not_null` and `drop_not_null`; MySQL's `MODIFY` restates the whole column, hence `type`.
public struct NullabilityChange: Sendable, Equatable {
    public var table: Name
    public var column: Name
    public var type: ColumnType?
    public init(table: Name, column: Name, type: ColumnType?) {
        self.table = table; self.column = column; self.type = type
    }
}

public struct SetDefault: Sendable, Equatable {
    public var table: Name
    public var column: Name
    public var defaultValue: DefaultValue
    public var was: PriorDefault?
    public init(table: Name, column: Name, defaultValue: DefaultValue, was: PriorDefault?) {
        self.table = table; self.column = column; self.defaultValue = defaultValue; self.was = was
    }
}

public struct DropDefault: Sendable, Equatable {
    public var table: Name
    public var column: Name
    public var was: PriorDefault?
    public init(table: Name, column: Name, was: PriorDefault?) {
        self.table = table; self.column = column; self.was = was
    }
}

/// A batched data migration: `set` columns to expressions on rows matching `where`.
public struct Backfill: Sendable, Equatable {
    public struct Assignment: Sendable, Equatable {
        public var column: Name
        public var value: Expression
        public init(column: Name, value: Expression) { self.column = column; self.value = value }
    }

    public var table: Name
    public var set: [Assignment]
    public var filter: DialectText?
    public var batchSize: Int?
    /// The batching key; the table's primary key when absent.
    public var key: [Name]?
    public init(table: Name, set: [Assignment], filter: DialectText?, batchSize: Int?, key: [Name]?) {
        self.table = table; self.set = set; self.filter = filter; self.batchSize = batchSize; self.key = key
    }
}
