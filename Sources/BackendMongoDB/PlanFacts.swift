import Planner
import PlanSpec
import PlanSupport

/// What a step needs to know from elsewhere in the plan: what a constraint name stands for,
/// and which sync a trigger name means.
struct PlanFacts {
    enum Constraint {
        /// A check; its MongoDB query, when the spec gives one. The proof before a NOT NULL
        /// is one too: `{ c: { $ne: null } }`, apart from the schema's `required` it leads to.
        case check(JSONValue?)
        /// A unique constraint, which MongoDB keeps as a unique index of the same name.
        case unique
        case foreignKey, primaryKey
    }

    private let definitions: ConstraintDefinitions
    private var syncs: [String: SyncTrigger] = [:]

    init(_ plan: Plan) {
        definitions = ConstraintDefinitions(plan)
        for step in plan.forward + plan.backfill + plan.contract + plan.rollback {
            if case let .installSyncTrigger(sync) = step.action { syncs[Self.key(sync.table, sync.name)] = sync }
        }
    }

    /// The query that proves a field has a value in every document.
    static func notNullQuery(_ field: String) -> JSONValue { JS.document(field, JS.document("$ne", .null)) }

    func constraint(_ table: String, _ name: String) -> Constraint? {
        switch definitions.definition(table, name) {
        case let .addCheck(_, _, expression, _)?: .check(expression.mongodb)
        case let .addNotNullCheck(_, _, column)?: .check(Self.notNullQuery(column))
        case .addUnique?: .unique
        case .addForeignKey?: .foreignKey
        case .addPrimaryKey?: .primaryKey
        default: nil
        }
    }
    func sync(_ table: String, _ name: String) -> SyncTrigger? { syncs[Self.key(table, name)] }

    private static func key(_ table: String, _ name: String) -> String { table + "\u{0}" + name }
}

/// What every step renderer may read.
struct StepContext {
    let facts: PlanFacts
    let phase: Phase
    let rollout: Rollout
    /// `change 2 (sql)`: how messages name the step being written.
    var subject = "change (sql)"

    /// The batch arguments of a whole-collection migration: `size, pauseMs, maxBatchMs`.
    var batching: String { batching(size: rollout.batchSize) }

    func batching(size: Int) -> String { "\(size), \(rollout.batchPause.value), \(rollout.maxBatchSeconds * 1000)" }
}
