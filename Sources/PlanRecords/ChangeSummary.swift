import PlanSpec

/// One spec change in words: what it acts on and what it does, for the changes table.
struct ChangeSummary {
    var target: String
    var summary: String

    init(_ operation: Operation) {
        switch operation {
        case let .createTable(op):
            target = op.table.value
            summary = "create table with \(op.columns.map(Describe.column).joined(separator: "; "))"
                + (op.primaryKey.isEmpty ? "" : "; primary key (\(Describe.columns(op.primaryKey)))")
        case let .dropTable(op):
            target = op.table.value
            summary = "drop table"
        case let .renameTable(op):
            target = op.from.value
            summary = "rename table to \(op.to.value)"
        case let .addColumn(op):
            target = "\(op.table.value).\(op.column.name.value)"
            summary = "add column \(Describe.column(op.column))"
        case let .dropColumn(op):
            target = "\(op.table.value).\(op.column.value)"
            summary = "drop column"
        case let .renameColumn(op):
            target = "\(op.table.value).\(op.from.value)"
            summary = "rename column to \(op.to.value)"
        case let .alterColumnType(op):
            target = "\(op.table.value).\(op.column.value)"
            summary = "change type " + (op.was.map { "from \($0.description) " } ?? "") + "to \(op.type.description)"
                + (op.using.map { " using \(Describe.text($0))" } ?? "")
        case let .setNotNull(op):
            target = "\(op.table.value).\(op.column.value)"
            summary = "set NOT NULL"
        case let .dropNotNull(op):
            target = "\(op.table.value).\(op.column.value)"
            summary = "drop NOT NULL"
        case let .setDefault(op):
            target = "\(op.table.value).\(op.column.value)"
            summary = "set default \(Describe.defaultValue(op.defaultValue))" + Self.was(op.was)
        case let .dropDefault(op):
            target = "\(op.table.value).\(op.column.value)"
            summary = "drop default" + Self.was(op.was)
        case let .createIndex(op):
            target = "\(op.table.value) index \(op.name.value)"
            summary = "create " + Describe.indexShape(IndexShape(columns: op.columns, unique: op.unique, filter: op.filter))
        case let .dropIndex(op):
            target = "\(op.table.value) index \(op.name.value)"
            summary = "drop index" + (op.was.map { ", was \(Describe.indexShape($0))" } ?? "")
        case let .addPrimaryKey(op):
            target = "\(op.table.value) constraint \(op.name.value)"
            summary = "add primary key (\(Describe.columns(op.columns)))"
        case let .addForeignKey(op):
            target = "\(op.table.value) constraint \(op.name.value)"
            summary = "add foreign key \(Describe.foreignKey(op.foreignKey))"
        case let .addCheck(op):
            target = "\(op.table.value) constraint \(op.name.value)"
            summary = "add check \(Describe.text(op.expression))"
        case let .dropConstraint(op):
            target = "\(op.table.value) constraint \(op.name.value)"
            summary = "drop constraint" + (op.was.map { ", was \(Self.shape($0))" } ?? "")
        case let .backfill(op):
            target = op.table.value
            summary = "set " + op.set.map { "\($0.column.value) = \(Describe.expression($0.value))" }.joined(separator: ", ")
                + (op.filter.map { " where \(Describe.text($0))" } ?? "")
                + (op.key.map { ", batched by \(Describe.columns($0))" } ?? "")
        case let .sql(op):
            target = "raw SQL (\(op.phase.rawValue) phase)"
            summary = Describe.text(op.forward)
        }
    }

    private static func was(_ prior: PriorDefault?) -> String {
        switch prior {
        case nil: ""
        case .some(PriorDefault.none): ", was none"
        case let .value(value)?: ", was \(Describe.defaultValue(value))"
        }
    }

    private static func shape(_ shape: ConstraintShape) -> String {
        switch shape {
        case let .check(text): "check \(Describe.text(text))"
        case let .foreignKey(fk): "foreign key \(Describe.foreignKey(fk))"
        case let .unique(columns): "unique (\(Describe.columns(columns)))"
        }
    }
}
