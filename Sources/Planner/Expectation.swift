import PlanSpec

/// What verify checks once forward, backfill and contract have run.
public enum Expectation: Sendable {
    case tableExists(table: String)
    case tableAbsent(table: String)
    case viewAbsent(view: String)
    /// A column with, where known, its type, nullability and whether it has a default.
    case columnExists(table: String, column: String, type: ColumnType?, nullable: Bool?, hasDefault: Bool?)
    case columnAbsent(table: String, column: String)
    /// Present and valid (PostgreSQL: `indisvalid`), unique where asked.
    case indexValid(table: String, name: String, unique: Bool)
    case indexAbsent(table: String, name: String)
    /// Present and validated (PostgreSQL: `convalidated`).
    case constraintValid(table: String, name: String)
    case constraintAbsent(table: String, name: String)
    /// No row left that the backfill should have changed.
    case backfillDone(BackfillWork)
    /// No sync trigger left after contract.
    case triggerAbsent(table: String, name: String)
    /// Author-written verification.
    case raw(DialectText)
}
