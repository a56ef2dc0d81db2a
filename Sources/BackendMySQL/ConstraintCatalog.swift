import Planner
import PlanSpec

/// What each constraint named in a plan is. MySQL validates, drops and reports each kind
/// differently, while the plan's validate and drop steps carry only a name.
struct ConstraintCatalog {
    enum Kind {
        case primaryKey
        case foreignKey(ForeignKeyShape)
        case check
        /// The `CHECK (column IS NOT NULL)` that proves NOT NULL on PostgreSQL.
        case notNull(column: String)
        case unique
    }

    private var kinds: [String: Kind] = [:]

    init(_ plan: Plan) {
        for step in plan.forward + plan.backfill + plan.contract + plan.rollback {
            switch step.action {
            case let .addPrimaryKey(table, name, _): kinds[key(table, name)] = .primaryKey
            case let .addForeignKey(table, name, shape, _): kinds[key(table, name)] = .foreignKey(shape)
            case let .addCheck(table, name, _, _): kinds[key(table, name)] = .check
            case let .addNotNullCheck(table, name, column): kinds[key(table, name)] = .notNull(column: column)
            case let .addUnique(table, name, _): kinds[key(table, name)] = .unique
            default: break
            }
        }
    }

    func kind(_ table: String, _ name: String) -> Kind? { kinds[key(table, name)] }

    private func key(_ table: String, _ name: String) -> String { table + "\u{0}" + name }
}
