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

    private let definitions: ConstraintDefinitions

    init(_ plan: Plan) { definitions = ConstraintDefinitions(plan) }

    func kind(_ table: String, _ name: String) -> Kind? {
        switch definitions.definition(table, name) {
        case .addPrimaryKey?: .primaryKey
        case let .addForeignKey(_, _, shape, _)?: .foreignKey(shape)
        case .addCheck?: .check
        case let .addNotNullCheck(_, _, column)?: .notNull(column: column)
        case .addUnique?: .unique
        default: nil
        }
    }
}
