import PlanSpec

enum CreateTablePlan {
    static func plan(_ op: CreateTable, _ context: PlanContext) -> OperationPlan {
        let t = op.table.value
        var life = OperationPlan()
        life.forward = [.createTable(op)]
        life.reverse = [.dropTable(table: t)]
        life.verify = [.tableExists(table: t)] + op.columns.map {
            .columnExists(table: t, column: $0.name.value, type: $0.type, nullable: $0.nullable, hasDefault: $0.defaultValue != nil)
        }
        return life
    }
}

/// expand_contract: soft drop to a graveyard name that contract drops; single_step drops.
enum DropTablePlan {
    static func plan(_ op: DropTable, _ context: PlanContext) -> OperationPlan {
        let t = op.table.value, grave = Plan.graveyardName(t)
        var life = OperationPlan()
        if context.expandContract {
            life.forward = [.renameTable(from: t, to: grave)]
            life.reverse = [.renameTable(from: grave, to: t)]
            life.contract = [.dropTable(table: grave)]
            life.verify = [.tableAbsent(table: t), .tableAbsent(table: grave)]
        } else {
            life.forward = [.dropTable(table: t)]
            life.reverse = [.note("table '\(t)' and its rows were dropped: restore them from the backup taken before forward")]
            life.verify = [.tableAbsent(table: t)]
        }
        return life
    }
}

/// expand_contract: rename and leave an updatable view under the old name until contract.
enum RenameTablePlan {
    static func plan(_ op: RenameTable, _ context: PlanContext) -> OperationPlan {
        let from = op.from.value, to = op.to.value
        var life = OperationPlan()
        life.forward = [.renameTable(from: from, to: to)]
        life.reverse = [.renameTable(from: to, to: from)]
        if context.expandContract {
            life.forward.append(.createCompatibilityView(view: from, table: to))
            life.reverse.insert(.dropView(view: from), at: 0)
            life.contract = [.dropView(view: from)]
            life.verify = [.tableExists(table: to), .viewAbsent(view: from)]
        } else {
            life.verify = [.tableExists(table: to), .tableAbsent(table: from)]
        }
        return life
    }
}
