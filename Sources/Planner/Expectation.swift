import PlanSpec

/// What verify checks once forward, backfill and contract have run.
public enum Expectation: Sendable {
    case tableExists(table: String)
    case tableAbsent(table: String)
    case viewAbsent(view: String)
    /// A column with, where known, its type, nullability and whether it has a default.
    case columnExists(table: String, column: String, type: ColumnType?, nullable: Bool?, hasDefault: Bool?)
    case columnAbsent(table: String, column: String)
    /// Present and valid (PostgreSQL: `indisvalid`), with the definition asked for: its
    /// columns in order, unique or not, partial or not. A leftover of the name with another
    /// definition (which `IF NOT EXISTS` would have kept) fails verify and says how it differs.
    case indexValid(table: String, name: String, shape: IndexShape)
    case indexAbsent(table: String, name: String)
    /// Present and validated (PostgreSQL: `convalidated`); the backends check its definition
    /// (a foreign key's columns, referenced table and columns and actions; a unique
    /// constraint's columns) from the step that adds it (`ConstraintDefinitions`).
    case constraintValid(table: String, name: String)
    case constraintAbsent(table: String, name: String)
    /// No row left that the backfill should have changed.
    case backfillDone(BackfillWork)
    /// No sync trigger left after contract.
    case triggerAbsent(table: String, name: String)
    /// Author-written verification.
    case raw(DialectText)
}
