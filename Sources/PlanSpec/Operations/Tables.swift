public struct CreateTable: Sendable, Equatable {
    public var table: Name
    public var columns: [Column]
    public var primaryKey: [Name]
    public init(table: Name, columns: [Column], primaryKey: [Name]) {
        self.table = table; self.columns = columns; self.primaryKey = primaryKey
    }
}

public struct DropTable: Sendable, Equatable {
    public var table: Name
    public init(table: Name) { self.table = table }
}

public struct RenameTable: Sendable, Equatable {
    public var from: Name
    public var to: Name
    public init(from: Name, to: Name) { self.from = from; self.to = to }
}
