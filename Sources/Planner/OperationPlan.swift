import PlanSpec

/// The life of one change, phase by phase, with its reverse built beside it (as Atlas
/// pairs every change with its reverse), so rollback is never an afterthought.
struct OperationPlan {
    var forward: [Action] = []
    var backfill: [Action] = []
    var contract: [Action] = []
    /// Undoes this change's forward and backfill, in the order to run it.
    var reverse: [Action] = []
    var verify: [Expectation] = []
}

/// What an operation's planner may read besides its own body.
struct PlanContext {
    let spec: Spec
    var rollout: Rollout { spec.rollout }
    var expandContract: Bool { spec.rollout.mode == .expandContract }

    func rows(_ table: String) -> Int64? { spec.rows(of: table) }
}

/// Builds the dialect-neutral plan of a spec.
public enum Planner {
    /// `links`: what the schema history knows of the tables' foreign keys and triggers.
    public static func plan(_ spec: Spec, links: [String: TableLinks] = [:]) -> Plan {
        var plan = Plan(spec: spec)
        plan.tableLinks = links
        guard spec.kind == .change else { return plan }
        let context = PlanContext(spec: spec)
        var undo: [[Step]] = []
        var checks: [Check] = []
        var schedule = DataSchedule()
        var provingContract: [Step] = []
        for change in spec.changes {
            let origin = StepOrigin(changeIndex: change.index, operation: change.name, location: change.location)
            let life = operationPlan(change.operation, context, changeIndex: change.index)
            if schedule.runsAfterBackfill(change, backfills: !life.backfill.isEmpty) {
                plan.backfill += life.forward.map { Step($0, from: origin) }
            } else {
                plan.forward += life.forward.map { Step($0, from: origin) }
            }
            plan.backfill += life.backfill.map { Step($0, from: origin) }
            // Contract proves before it removes: every change's checks (copied rows, NOT NULL)
            // come before any change's drops, so a refusal leaves everything in place.
            let proves = Self.provesBeforeDropping(change.operation)
            for step in life.contract.map({ Step($0, from: origin) }) {
                if proves || step.action.isProof { provingContract.append(step) } else { plan.contract.append(step) }
            }
            undo.append(life.reverse.map { Step($0, from: origin) })
            checks += life.verify.map { Check($0, from: origin) }
        }
        plan.contract = provingContract + plan.contract
        plan.rollback = undo.reversed().flatMap { $0 }
        plan.verify = VerifyFolding.fold(checks)
        return plan
    }

    /// Changes whose whole contract is a proof that can fail on the data (NOT NULL): they run first.
    static func provesBeforeDropping(_ operation: Operation) -> Bool {
        if case .setNotNull = operation { true } else { false }
    }

    static func operationPlan(_ operation: Operation, _ context: PlanContext, changeIndex: Int) -> OperationPlan {
        switch operation {
        case let .createTable(op): CreateTablePlan.plan(op, context)
        case let .dropTable(op): DropTablePlan.plan(op, context)
        case let .renameTable(op): RenameTablePlan.plan(op, context)
        case let .addColumn(op): AddColumnPlan.plan(op, context)
        case let .dropColumn(op): DropColumnPlan.plan(op, context)
        case let .renameColumn(op): RenameColumnPlan.plan(op, context)
        case let .alterColumnType(op): AlterColumnTypePlan.plan(op, context)
        case let .setNotNull(op): NotNullPlan.set(op, context)
        case let .dropNotNull(op): NotNullPlan.drop(op, context)
        case let .setDefault(op): DefaultPlan.set(op, context)
        case let .dropDefault(op): DefaultPlan.drop(op, context)
        case let .createIndex(op): IndexPlan.create(op, context)
        case let .dropIndex(op): IndexPlan.drop(op, context)
        case let .addPrimaryKey(op): ConstraintPlan.primaryKey(op, context)
        case let .addForeignKey(op): ConstraintPlan.foreignKey(op, context)
        case let .addCheck(op): ConstraintPlan.check(op, context)
        case let .dropConstraint(op): ConstraintPlan.drop(op, context)
        case let .backfill(op): BackfillPlan.plan(op, context)
        case let .sql(op): RawSQLPlan.plan(op, context, changeIndex: changeIndex)
        }
    }
}
