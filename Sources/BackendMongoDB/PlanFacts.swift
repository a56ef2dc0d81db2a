import Planner
import PlanSpec
import PlanSupport

/// What a step needs to know from elsewhere in the plan: what a constraint name stands for,
/// which sync a trigger name means, and which shadow fields copy which field.
struct PlanFacts {
    enum Constraint {
        /// A check; its MongoDB query, when the spec gives one.
        case check(JSONValue?)
        /// The `NOT NULL` proof of a column (`CHECK (c IS NOT NULL) NOT VALID` on PostgreSQL).
        case notNull(column: String)
        /// A unique constraint, which MongoDB keeps as a unique index of the same name.
        case unique
        case foreignKey, primaryKey
    }

    private var constraints: [String: Constraint] = [:]
    private var syncs: [String: SyncTrigger] = [:]
    /// "table.field" of a field to the shadow that replaces it at contract.
    private var shadows: [String: String] = [:]

    init(_ plan: Plan) {
        for step in plan.forward + plan.backfill + plan.contract + plan.rollback {
            switch step.action {
            case let .addCheck(table, name, expression, _): constraints[Self.key(table, name)] = .check(expression.mongodb)
            case let .addNotNullCheck(table, name, column): constraints[Self.key(table, name)] = .notNull(column: column)
            case let .addUnique(table, name, _): constraints[Self.key(table, name)] = .unique
            case let .addForeignKey(table, name, _, _): constraints[Self.key(table, name)] = .foreignKey
            case let .addPrimaryKey(table, name, _): constraints[Self.key(table, name)] = .primaryKey
            case let .installSyncTrigger(sync): syncs[Self.key(sync.table, sync.name)] = sync
            case let .addShadowColumn(table, column, like, _): shadows[Self.key(table, like)] = column
            default: break
            }
        }
    }

    func constraint(_ table: String, _ name: String) -> Constraint? { constraints[Self.key(table, name)] }
    func sync(_ table: String, _ name: String) -> SyncTrigger? { syncs[Self.key(table, name)] }
    func shadow(of field: String, in table: String) -> String? { shadows[Self.key(table, field)] }

    private static func key(_ table: String, _ name: String) -> String { table + "\u{0}" + name }
}

/// What every step renderer may read.
struct StepContext {
    let facts: PlanFacts
    let phase: Phase
    let rollout: Rollout

    /// The batch arguments of a whole-collection migration: `size, pauseMs`.
    var batching: String { "\(rollout.batchSize), \(rollout.batchPause.value)" }
}
