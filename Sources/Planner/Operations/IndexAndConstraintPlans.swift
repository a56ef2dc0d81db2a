import PlanSpec

/// Under expand_contract, removals wait for contract: old code may still rely on them.
enum IndexPlan {
    static func create(_ op: CreateIndex, _ context: PlanContext) -> OperationPlan {
        let t = op.table.value, name = op.name.value
        var life = OperationPlan()
        life.forward = [.createIndex(table: t, name: name, shape: IndexShape(columns: op.columns, unique: op.unique, filter: op.filter))]
        life.reverse = [.dropIndex(table: t, name: name)]
        life.verify = [.indexValid(table: t, name: name, shape: IndexShape(columns: op.columns, unique: op.unique, filter: op.filter))]
        return life
    }

    static func drop(_ op: DropIndex, _ context: PlanContext) -> OperationPlan {
        let t = op.table.value, name = op.name.value
        var life = OperationPlan()
        if context.expandContract {
            life.contract = [.dropIndex(table: t, name: name)]
        } else {
            life.forward = [.dropIndex(table: t, name: name)]
            life.reverse = [op.was.map { .createIndex(table: t, name: name, shape: $0) }
                ?? .note("index '\(name)' cannot be rebuilt: its columns are not known ('was' is missing)")]
        }
        life.verify = [.indexAbsent(table: t, name: name)]
        return life
    }
}

/// Constraints are added without scanning under lock (NOT VALID), then validated as a step of their own.
enum ConstraintPlan {
    static func primaryKey(_ op: AddPrimaryKey, _ context: PlanContext) -> OperationPlan {
        added(op.name.value, on: op.table.value,
              by: [.addPrimaryKey(table: op.table.value, name: op.name.value, columns: op.columns.map(\.value))])
    }

    static func foreignKey(_ op: AddForeignKey, _ context: PlanContext) -> OperationPlan {
        let t = op.table.value, name = op.name.value
        return added(name, on: t, by: [.addForeignKey(table: t, name: name, shape: op.foreignKey, validated: false),
                                       .validateConstraint(table: t, name: name)])
    }

    static func check(_ op: AddCheck, _ context: PlanContext) -> OperationPlan {
        let t = op.table.value, name = op.name.value
        return added(name, on: t, by: [.addCheck(table: t, name: name, expression: op.expression, validated: false),
                                       .validateConstraint(table: t, name: name)])
    }

    /// A constraint added by `steps`: undone by dropping it, verified present and validated.
    private static func added(_ name: String, on t: String, by steps: [Action]) -> OperationPlan {
        var life = OperationPlan()
        life.forward = steps
        life.reverse = [.dropConstraint(table: t, name: name)]
        life.verify = [.constraintValid(table: t, name: name)]
        return life
    }

    static func drop(_ op: DropConstraint, _ context: PlanContext) -> OperationPlan {
        let t = op.table.value, name = op.name.value
        var life = OperationPlan()
        if context.expandContract {
            life.contract = [.dropConstraint(table: t, name: name)]
        } else {
            life.forward = [.dropConstraint(table: t, name: name)]
            life.reverse = restore(op.was, table: t, name: name)
        }
        life.verify = [.constraintAbsent(table: t, name: name)]
        return life
    }

    private static func restore(_ was: ConstraintShape?, table t: String, name: String) -> [Action] {
        switch was {
        case let .check(expression)?:
            [.addCheck(table: t, name: name, expression: expression, validated: false), .validateConstraint(table: t, name: name)]
        case let .foreignKey(shape)?:
            [.addForeignKey(table: t, name: name, shape: shape, validated: false), .validateConstraint(table: t, name: name)]
        case let .unique(columns)?:
            [.addUnique(table: t, name: name, columns: columns.map(\.value))]
        case nil:
            [.note("constraint '\(name)' cannot be added back: its definition is not known ('was' is missing)")]
        }
    }
}

enum BackfillPlan {
    static func plan(_ op: Backfill, _ context: PlanContext) -> OperationPlan {
        let t = op.table.value
        let work = BackfillWork(table: t, set: op.set, filter: op.filter, key: op.key?.map(\.value),
                                batchSize: op.batchSize ?? context.rollout.batchSize, batchPause: context.rollout.batchPause,
                                estimatedRows: context.rows(t), pending: .differs)
        var life = OperationPlan()
        life.backfill = [.backfill(work)]
        life.reverse = [.note("backfilled values in '\(t)' are not put back: the old values are not kept")]
        life.verify = [.backfillDone(work)]
        return life
    }
}

enum RawSQLPlan {
    /// The author's code runs only while it is still to do, so a re-run after a failure goes past
    /// it: with a `verify`, while that verify does not pass yet; without one, while the ledger has
    /// no row for the change (the script writes the row once the code ran). Rollback runs the
    /// author's rollback and then takes the row out again, so a later forward runs the code anew.
    static func plan(_ op: RawSQL, _ context: PlanContext, changeIndex: Int) -> OperationPlan {
        var life = OperationPlan()
        let entry = LedgerEntry(specID: context.spec.id.value, changeIndex: changeIndex)
        let code = Action.authorCode(AuthorCode(code: op.forward, verify: op.verify, ledger: entry))
        if op.phase == .contract { life.contract = [code] } else { life.forward = [code] }
        if op.phase == .forward {
            if let rollback = op.rollback {
                life.reverse = [.raw(rollback)] + (op.verify == nil ? [.forgetAuthorCode(entry)] : [])
            } else {
                life.reverse = [.note("this sql change gives no rollback: undo it by hand or restore from backup")]
            }
        }
        life.verify = op.verify.map { [.raw($0)] } ?? []
        return life
    }
}
