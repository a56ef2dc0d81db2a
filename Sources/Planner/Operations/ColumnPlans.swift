import PlanSpec

/// Columns that are unique or reference another table become their own online steps
/// (a concurrent unique index; a NOT VALID foreign key then VALIDATE), not inline DDL.
enum AddColumnPlan {
    static func plan(_ op: AddColumn, _ context: PlanContext) -> OperationPlan {
        let t = op.table.value, c = op.column.name.value
        var life = OperationPlan()
        var bare = op.column
        bare.unique = false
        bare.references = nil

        if let value = op.column.defaultValue, value.volatile {
            // A per-row default: add nullable, default new rows, fill old rows in batches, then NOT NULL.
            bare.defaultValue = nil
            bare.nullable = true
            life.forward = [.addColumn(table: t, column: bare),
                            .setDefault(table: t, column: c, value: value, type: op.column.type)]
            life.backfill = [.backfill(BackfillWork(
                table: t, set: [.init(column: op.column.name, value: value.expression)],
                filter: nil, key: nil, batchSize: context.rollout.batchSize, batchPause: context.rollout.batchPause,
                estimatedRows: context.rows(t), pending: .targetIsNull))]
            if !op.column.nullable {
                let notNull = NotNullPlan.steps(table: t, column: c, type: op.column.type)
                if context.expandContract {
                    life.backfill.append(notNull.prove)
                    life.contract += notNull.enforce
                } else {
                    life.backfill += [notNull.prove] + notNull.enforce
                }
            }
        } else {
            life.forward = [.addColumn(table: t, column: bare)]
        }
        life.reverse = [.dropColumn(table: t, column: c)]
        life.verify = [.columnExists(table: t, column: c, type: op.column.type, nullable: op.column.nullable,
                                     hasDefault: op.column.defaultValue != nil)]

        if op.column.unique {
            let index = GeneratedNames.uniqueIndex(table: t, column: c)
            life.forward.append(.createIndex(table: t, name: index,
                                             shape: IndexShape(columns: [IndexColumn(op.column.name)], unique: true, filter: nil)))
            life.reverse.insert(.dropIndex(table: t, name: index), at: 0)
            life.verify.append(.indexValid(table: t, name: index, shape: IndexShape(columns: [IndexColumn(op.column.name)], unique: true, filter: nil)))
        }
        if let ref = op.column.references {
            let name = GeneratedNames.foreignKey(table: t, column: c)
            let shape = ForeignKeyShape(columns: [op.column.name], referencedTable: ref.table, referencedColumns: [ref.column],
                                        onDelete: ref.onDelete, onUpdate: ref.onUpdate)
            life.forward += [.addForeignKey(table: t, name: name, shape: shape, validated: false),
                             .validateConstraint(table: t, name: name)]
            life.reverse.insert(.dropConstraint(table: t, name: name), at: 0)
            life.verify.append(.constraintValid(table: t, name: name))
        }
        return life
    }
}

/// expand_contract: soft drop to a graveyard name that contract drops; single_step drops.
enum DropColumnPlan {
    static func plan(_ op: DropColumn, _ context: PlanContext) -> OperationPlan {
        let t = op.table.value, c = op.column.value, grave = Plan.graveyardName(c)
        var life = OperationPlan()
        if context.expandContract {
            // New code inserts without the column: its NOT NULL is released until contract.
            life.forward = [.renameColumn(table: t, from: c, to: grave), .releaseNotNull(table: t, column: grave)]
            life.reverse = [.restoreNotNull(table: t, column: grave, original: c), .renameColumn(table: t, from: grave, to: c)]
            life.contract = [.dropColumn(table: t, column: grave)]
            life.verify = [.columnAbsent(table: t, column: c), .columnAbsent(table: t, column: grave)]
        } else {
            life.forward = [.dropColumn(table: t, column: c)]
            life.reverse = [.note("column '\(t).\(c)' and its values were dropped: restore them from the backup taken before forward")]
            life.verify = [.columnAbsent(table: t, column: c)]
        }
        return life
    }
}

/// expand_contract: a new column kept in sync both ways by a trigger, copied in batches,
/// until contract drops the trigger and the old column.
enum RenameColumnPlan {
    static func plan(_ op: RenameColumn, _ context: PlanContext) -> OperationPlan {
        let t = op.table.value, from = op.from.value, to = op.to.value
        var life = OperationPlan()
        guard context.expandContract else {
            life.forward = [.renameColumn(table: t, from: from, to: to)]
            life.reverse = [.renameColumn(table: t, from: to, to: from)]
            life.verify = [kept(op.known, table: t, column: to), .columnAbsent(table: t, column: from)]
            return life
        }
        let trigger = Plan.syncTriggerName(table: t, column: to)
        life.forward = [
            .addShadowColumn(table: t, column: to, like: from, type: nil),
            .installSyncTrigger(SyncTrigger(table: t, name: trigger, oldColumn: from, newColumn: to,
                                            toNew: nil, newType: nil, oldType: op.known?.type)),
        ]
        life.backfill = [.backfill(BackfillWork(
            table: t, set: [.init(column: op.to, value: .column(op.from))], filter: nil, key: nil,
            batchSize: context.rollout.batchSize, batchPause: context.rollout.batchPause,
            estimatedRows: context.rows(t), pending: .unfilled))]
        // Nothing is dropped while a row still waits for the copy. The new column takes the old
        // one's attributes while the trigger still fills it, so no write falls between the two on
        // engines without transactional DDL.
        life.contract = [.requireCopied(table: t, from: from, to: to, value: .column(op.from), type: op.known?.type),
                         .adoptColumnAttributes(table: t, from: from, to: to, includeDefault: true),
                         .dropSyncTrigger(table: t, name: trigger),
                         .dropColumn(table: t, column: from)]
        life.reverse = [.dropSyncTrigger(table: t, name: trigger), .dropColumn(table: t, column: to)]
        life.verify = [kept(op.known, table: t, column: to),
                       .columnAbsent(table: t, column: from),
                       .triggerAbsent(table: t, name: trigger)]
        return life
    }

    /// The new name has the old column's type, nullability and default, where the history knows them.
    static func kept(_ known: KnownColumn?, table t: String, column c: String) -> Expectation {
        .columnExists(table: t, column: c, type: known?.type, nullable: known?.nullable, hasDefault: known?.hasDefault)
    }
}

/// expand_contract: a shadow column of the new type, synced and copied, swapped in at contract.
enum AlterColumnTypePlan {
    static func plan(_ op: AlterColumnType, _ context: PlanContext) -> OperationPlan {
        let t = op.table.value, c = op.column.value
        var life = OperationPlan()
        guard context.expandContract else {
            life.forward = [.alterColumnType(table: t, column: c, type: op.type, using: op.using)]
            life.reverse = op.was.map { [.alterColumnType(table: t, column: c, type: $0, using: nil)] }
                ?? [.note("the old type of '\(t).\(c)' is not known ('was' is missing): restore from backup")]
            // The type changes; nullability and default stay, where the history knows them.
            life.verify = [.columnExists(table: t, column: c, type: op.type, nullable: op.known?.nullable, hasDefault: op.known?.hasDefault)]
            return life
        }
        let shadow = Plan.shadowName(c)
        let trigger = Plan.syncTriggerName(table: t, column: shadow)
        let converted: Expression = op.using.map { .native(sql: $0, mongodb: $0.mongodb) } ?? .column(op.column)
        life.forward = [
            .addShadowColumn(table: t, column: shadow, like: c, type: op.type),
            .installSyncTrigger(SyncTrigger(table: t, name: trigger, oldColumn: c, newColumn: shadow,
                                            toNew: op.using, newType: op.type, oldType: op.was ?? op.known?.type)),
        ]
        life.backfill = [.backfill(BackfillWork(
            table: t, set: [.init(column: Name(shadow, at: op.column.location), value: converted)], filter: nil, key: nil,
            batchSize: context.rollout.batchSize, batchPause: context.rollout.batchPause,
            estimatedRows: context.rows(t), pending: .differs, columnType: op.type))]
        // Nothing is dropped while a row still waits for the copy. The shadow column gets no
        // default before contract (the sync trigger takes a value in it for new code's), so the
        // old default, converted to the new type, is carried over with NOT NULL at contract.
        life.contract = [.requireCopied(table: t, from: c, to: shadow, value: converted, type: op.type),
                         .adoptColumnAttributes(table: t, from: c, to: shadow, includeDefault: false),
                         .dropSyncTrigger(table: t, name: trigger),
                         .dropColumn(table: t, column: c),
                         .renameColumn(table: t, from: shadow, to: c)]
        life.reverse = [.dropSyncTrigger(table: t, name: trigger), .dropColumn(table: t, column: shadow)]
        // Contract carries the NOT NULL and the default over.
        life.verify = [.columnExists(table: t, column: c, type: op.type, nullable: op.known?.nullable, hasDefault: op.known?.hasDefault),
                       .columnAbsent(table: t, column: shadow),
                       .triggerAbsent(table: t, name: trigger)]
        return life
    }
}

/// NOT NULL through a validated CHECK first, so `SET NOT NULL` needs no full-table scan under lock.
enum NotNullPlan {
    static func steps(table t: String, column c: String, type: ColumnType?) -> (prove: Action, enforce: [Action]) {
        let check = Plan.notNullCheckName(table: t, column: c)
        return (.addNotNullCheck(table: t, name: check, column: c),
                [.validateConstraint(table: t, name: check), .setNotNull(table: t, column: c, type: type),
                 .dropConstraint(table: t, name: check)])
    }

    static func set(_ op: NullabilityChange, _ context: PlanContext) -> OperationPlan {
        let t = op.table.value, c = op.column.value
        let check = Plan.notNullCheckName(table: t, column: c)
        let (prove, enforce) = steps(table: t, column: c, type: op.type)
        var life = OperationPlan()
        if context.expandContract {
            // Old code may still write NULL until the new version is deployed, so nothing
            // refuses NULL before contract; contract fails (and drops nothing) while any row is NULL.
            life.contract = [prove] + enforce
        } else {
            life.forward = [prove] + enforce
            // The proof is dropped too, in case forward stopped at VALIDATE and left it behind.
            life.reverse = [.dropConstraint(table: t, name: check), .dropNotNull(table: t, column: c, type: op.type)]
        }
        life.verify = [.columnExists(table: t, column: c, type: nil, nullable: false, hasDefault: nil),
                       .constraintAbsent(table: t, name: check)]
        return life
    }

    static func drop(_ op: NullabilityChange, _ context: PlanContext) -> OperationPlan {
        let t = op.table.value, c = op.column.value
        var life = OperationPlan()
        life.forward = [.dropNotNull(table: t, column: c, type: op.type)]
        // NOT NULL comes back as set_not_null puts it: proven by a validated check first, so no
        // full scan runs under an exclusive lock; a re-run skips what is done, and NULLs written
        // since forward stop it before anything is changed.
        let (prove, enforce) = steps(table: t, column: c, type: op.type)
        life.reverse = [prove] + enforce
        life.verify = [.columnExists(table: t, column: c, type: nil, nullable: true, hasDefault: nil)]
        return life
    }
}

enum DefaultPlan {
    static func set(_ op: SetDefault, _ context: PlanContext) -> OperationPlan {
        let t = op.table.value, c = op.column.value
        var life = OperationPlan()
        life.forward = [.setDefault(table: t, column: c, value: op.defaultValue, type: nil)]
        life.reverse = [restore(op.was, table: t, column: c)]
        life.verify = [.columnExists(table: t, column: c, type: nil, nullable: nil, hasDefault: true)]
        return life
    }

    static func drop(_ op: DropDefault, _ context: PlanContext) -> OperationPlan {
        let t = op.table.value, c = op.column.value
        var life = OperationPlan()
        life.forward = [.dropDefault(table: t, column: c, type: nil)]
        life.reverse = [restore(op.was, table: t, column: c)]
        life.verify = [.columnExists(table: t, column: c, type: nil, nullable: nil, hasDefault: false)]
        return life
    }

    private static func restore(_ was: PriorDefault?, table t: String, column c: String) -> Action {
        switch was {
        case .none?: .dropDefault(table: t, column: c, type: nil)
        case let .value(old)?: .setDefault(table: t, column: c, value: old, type: nil)
        case nil: .note("the old default of '\(t).\(c)' is not known ('was' is missing): set it by hand")
        }
    }
}
