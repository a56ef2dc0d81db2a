import PlanDiagnostics

public struct CreateIndex: Sendable, Equatable {
    public var table: Name
    public var name: Name
    public var columns: [IndexColumn]
    public var unique: Bool
    /// A partial index's predicate.
    public var filter: DialectText?
    public init(table: Name, name: Name, columns: [IndexColumn], unique: Bool, filter: DialectText?) {
        self.table = table; self.name = name; self.columns = columns; self.unique = unique; self.filter = filter
    }
}

/// What a dropped index looked like, so rollback can build it again.
public struct IndexShape: Sendable, Equatable {
    public var columns: [IndexColumn]
    public var unique: Bool
    public var filter: DialectText?
    public init(columns: [IndexColumn], unique: Bool, filter: DialectText?) {
        self.columns = columns; self.unique = unique; self.filter = filter
    }
}

public struct DropIndex: Sendable, Equatable {
    public var table: Name
    public var name: Name
    public var was: IndexShape?
    /// Where `was` is written (nil when the history supplied it).
    public var wasAt: SourceLocation?
    public init(table: Name, name: Name, was: IndexShape?, wasAt: SourceLocation? = nil) {
        self.table = table; self.name = name; self.was = was; self.wasAt = wasAt
    }
}
