import PlanDiagnostics
import PlanSpec

/// An expand_contract rename or type change ends with contract dropping the old column and
/// keeping the new one. On MySQL a key goes with the old column: the primary key and
/// AUTO_INCREMENT are lost (every insert that leaves the key out then fails), and a column in a
/// foreign key cannot be dropped at all, so contract would stop half-way. Where the history
/// knows the column is such a key, `check` refuses the change and names the safe way; where it
/// does not, forward refuses when it runs (StepWriter.requireReplaceable).
extension SpecReplay {
    mutating func checkKeyColumnSwap(_ change: Change) {
        guard spec.rollout.mode == .expandContract, spec.dialects.contains(.mysql) else { return }
        let table: Name, column: Name
        switch change.operation {
        case let .alterColumnType(op): (table, column) = (op.table, op.column)
        case let .renameColumn(op): (table, column) = (op.table, op.from)
        default: return
        }
        guard let known = model.table(table.value) else { return }
        let name = column.value
        var what: String?
        var at: SourceLocation?
        if known.primaryKey?.contains(name) == true || known.column(name)?.identity == true {
            what = "is in the primary key or is an identity (AUTO_INCREMENT) column"
            at = known.column(name)?.definedAt ?? known.definedAt
        } else if let key = known.constraints.first(where: { if case let .shaped(.foreignKey(shape)?) = $0.value.kind { shape.columns.contains { $0.value == name } } else { false } }) {
            what = "is in foreign key '\(key.key)'"
            at = key.value.definedAt
        } else if let other = model.tables.values.sorted(by: { $0.name < $1.name }).lazy.compactMap({ other in
            other.constraints.first { if case let .shaped(.foreignKey(shape)?) = $0.value.kind { shape.referencedTable.value == table.value && shape.referencedColumns.contains { $0.value == name } } else { false } }
                .map { (other.name, $0) }
        }).first {
            what = "is referenced by foreign key '\(other.1.key)' of '\(other.0)'"
            at = other.1.value.definedAt
        }
        guard let what else { return }
        error(.notExpressible,
              "\(change.name) of '\(table.value).\(name)' under expand_contract: on MySQL the column \(what), which contract cannot move to a new column (it would drop the key, or stop half-way)",
              at: change.location, notes: at.map { [.init("stated here", at: $0)] } ?? [],
              fix: "make this change in its own spec with rollout.mode single_step (MySQL's MODIFY copies the table; above online_copy_rows, run the gh-ost command CHANGE.md gives)")
    }
}
