import PlanDiagnostics

/// One item of `changes`, numbered from 1 in source order.
public struct Change: Sendable {
    public var index: Int
    public var operation: Operation
    /// Where the operation's name is written.
    public var location: SourceLocation
    /// Its PostgreSQL texts as the parser read them (none for specs without postgresql).
    public var sqlReads: [SQLRead] = []

    public init(index: Int, operation: Operation, location: SourceLocation) {
        self.index = index
        self.operation = operation
        self.location = location
    }

    public var name: String { operation.name }
}

/// The operations of format 1; each body is defined in its own file under Operations/.
public enum Operation: Sendable {
    case createTable(CreateTable)
    case dropTable(DropTable)
    case renameTable(RenameTable)
    case addColumn(AddColumn)
    case dropColumn(DropColumn)
    case renameColumn(RenameColumn)
    case alterColumnType(AlterColumnType)
    case setNotNull(NullabilityChange)
    case dropNotNull(NullabilityChange)
    case setDefault(SetDefault)
    case dropDefault(DropDefault)
    case createIndex(CreateIndex)
    case dropIndex(DropIndex)
    case addPrimaryKey(AddPrimaryKey)
    case addForeignKey(AddForeignKey)
    case addCheck(AddCheck)
    case dropConstraint(DropConstraint)
    case backfill(Backfill)
    case sql(RawSQL)

    public static let names = [
        "create_table", "drop_table", "rename_table", "add_column", "drop_column", "rename_column",
        "alter_column_type", "set_not_null", "drop_not_null", "set_default", "drop_default",
        "create_index", "drop_index", "add_primary_key", "add_foreign_key", "add_check",
        "drop_constraint", "backfill", "sql",
    ]

    public var name: String {
        switch self {
        case .createTable: "create_table"
        case .dropTable: "drop_table"
        case .renameTable: "rename_table"
        case .addColumn: "add_column"
        case .dropColumn: "drop_column"
        case .renameColumn: "rename_column"
        case .alterColumnType: "alter_column_type"
        case .setNotNull: "set_not_null"
        case .dropNotNull: "drop_not_null"
        case .setDefault: "set_default"
        case .dropDefault: "drop_default"
        case .createIndex: "create_index"
        case .dropIndex: "drop_index"
        case .addPrimaryKey: "add_primary_key"
        case .addForeignKey: "add_foreign_key"
        case .addCheck: "add_check"
        case .dropConstraint: "drop_constraint"
        case .backfill: "backfill"
        case .sql: "sql"
        }
    }

    /// The table the change works on (the old name for renames); nil for raw SQL.
    public var table: Name? {
        switch self {
        case let .createTable(op): op.table
        case let .dropTable(op): op.table
        case let .renameTable(op): op.from
        case let .addColumn(op): op.table
        case let .dropColumn(op): op.table
        case let .renameColumn(op): op.table
        case let .alterColumnType(op): op.table
        case let .setNotNull(op), let .dropNotNull(op): op.table
        case let .setDefault(op): op.table
        case let .dropDefault(op): op.table
        case let .createIndex(op): op.table
        case let .dropIndex(op): op.table
        case let .addPrimaryKey(op): op.table
        case let .addForeignKey(op): op.table
        case let .addCheck(op): op.table
        case let .dropConstraint(op): op.table
        case let .backfill(op): op.table
        case .sql: nil
        }
    }
}
