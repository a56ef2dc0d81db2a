import PlanSpec

/// Rows touched (from `tables:`) and data lost, per operation.
enum DataImpacts {
    static func estimate(_ change: Change, _ spec: SpecFacts) -> DataImpact {
        let soft = spec.expandContract
        let rows = { (table: Name) in spec.isExisting(table.value, at: change.index) ? spec.rows(of: table.value) : 0 }
        switch change.operation {
        case let .createTable(op):
            return DataImpact(rows: .none, loss: .atRollback,
                              summary: "New table '\(op.table)'; no stored row is touched. A rollback drops it with every row written to it since forward.")
        case let .dropTable(op):
            return soft
                ? DataImpact(rows: .all(estimate: rows(op.table)), loss: .atContract, summary: "Table '\(op.table)' is renamed away at forward; its rows are lost at contract.")
                : DataImpact(rows: .all(estimate: rows(op.table)), loss: .atForward, summary: "Every row of '\(op.table)' is lost at forward.")
        case let .renameTable(op):
            return DataImpact(rows: .none, loss: .none, summary: "No row changes; '\(op.from)' is renamed to '\(op.to)'.")
        case let .addColumn(op):
            return addColumn(op, rows: rows(op.table), mongodb: spec.spec.dialects.contains(.mongodb))
        case let .dropColumn(op):
            return soft
                ? DataImpact(rows: .all(estimate: rows(op.table)), loss: .atContract, summary: "'\(op.table).\(op.column)' is renamed away at forward; its values are lost at contract.")
                : DataImpact(rows: .all(estimate: rows(op.table)), loss: .atForward, summary: "Every value of '\(op.table).\(op.column)' is lost at forward.")
        case let .renameColumn(op):
            return soft
                ? DataImpact(rows: .all(estimate: rows(op.table)), loss: .none,
                             summary: "Every row of '\(op.table)' is copied from '\(op.from)' to '\(op.to)' in batches; nothing is lost.")
                : DataImpact(rows: .none, loss: .none, summary: "No row changes; the column is renamed.")
        case let .alterColumnType(op):
            return typeChange(op, rows: rows(op.table), soft: soft)
        case let .setNotNull(op):
            return DataImpact(rows: .all(estimate: rows(op.table)), loss: .none,
                              summary: "Every row of '\(op.table)' is read to prove '\(op.column)' holds no NULL; none is written.")
        case .dropNotNull, .setDefault, .dropDefault, .dropIndex, .dropConstraint:
            return DataImpact(rows: .none, loss: .none, summary: "A catalog change; no stored row is touched.")
        case let .createIndex(op):
            return DataImpact(rows: .all(estimate: rows(op.table)), loss: .none, summary: "Every row of '\(op.table)' is read to build the index.")
        case let .addPrimaryKey(op):
            return DataImpact(rows: .all(estimate: rows(op.table)), loss: .none, summary: "Every row of '\(op.table)' is read to build and check the key.")
        case let .addForeignKey(op):
            return DataImpact(rows: .all(estimate: rows(op.table)), loss: .none, summary: "Every row of '\(op.table)' is checked against '\(op.foreignKey.referencedTable)'.")
        case let .addCheck(op):
            return DataImpact(rows: .all(estimate: rows(op.table)), loss: .none, summary: "Every row of '\(op.table)' is checked.")
        case let .backfill(op):
            let fresh = op.set.allSatisfy { spec.addedColumn($0.column.value, in: op.table.value, before: change.index) != nil }
            let touched: DataImpact.Rows = op.filter == nil ? .all(estimate: rows(op.table)) : .matching(atMost: rows(op.table))
            return fresh
                ? DataImpact(rows: touched, loss: .none, summary: "Fills columns this spec adds; no old value is replaced.")
                : DataImpact(rows: touched, loss: .overwritten, summary: "Old values of \(op.set.map { "'\($0.column)'" }.joined(separator: ", ")) are overwritten and not kept.")
        case let .sql(op):
            let loss: DataImpact.Loss = op.rollback != nil ? .none : op.phase == .forward ? .atForward : .atContract
            let summary = op.rollback != nil ? "Hand-written code; its rollback undoes it." : "Hand-written code without a rollback: what it changes stays changed."
            return DataImpact(rows: .unknown, loss: loss, summary: summary)
        }
    }

    /// Nothing is lost going forward; a rollback drops the column with what was written to it.
    private static func addColumn(_ op: AddColumn, rows: Int64?, mongodb: Bool) -> DataImpact {
        let rollback = " A rollback drops '\(op.table).\(op.column.name)' with every value written to it since forward."
        guard let value = op.column.defaultValue else {
            return op.column.nullable
                ? DataImpact(rows: .none, loss: .atRollback, summary: "Existing rows read NULL; nothing is rewritten." + rollback)
                : DataImpact(rows: .none, loss: .atRollback, summary: "Existing rows get no value for a NOT NULL column: the change fails unless the table is empty." + rollback)
        }
        if value.volatile {
            return DataImpact(rows: .all(estimate: rows), loss: .atRollback,
                              summary: "Every existing row of '\(op.table)' gets a value for '\(op.column.name)' in batches." + rollback)
        }
        // MongoDB keeps no defaults, so plancc writes the default into existing documents.
        return mongodb
            ? DataImpact(rows: .all(estimate: rows), loss: .atRollback,
                         summary: "SQL rows read the default from the catalog; MongoDB documents are given it in batches." + rollback)
            : DataImpact(rows: .none, loss: .atRollback, summary: "Existing rows read the default from the catalog; nothing is rewritten." + rollback)
    }

    private static func typeChange(_ op: AlterColumnType, rows: Int64?, soft: Bool) -> DataImpact {
        let all = DataImpact.Rows.all(estimate: rows)
        switch TypeChange(op).direction {
        case .widening:
            return DataImpact(rows: all, loss: .none, summary: "Every value of '\(op.table).\(op.column)' is converted; the new type holds them all.")
        case .narrowing:
            return soft
                ? DataImpact(rows: all, loss: .atContract, summary: "Values that do not fit \(op.type.description) are lost when contract drops the old column.")
                : DataImpact(rows: all, loss: .atForward, summary: "Values of '\(op.table).\(op.column)' that do not fit \(op.type.description) are lost at forward.")
        case .unknown:
            return DataImpact(rows: all, loss: .none, summary: "Every value of '\(op.table).\(op.column)' is converted; whether all fit is not known (give was: with a portable type).")
        }
    }
}
