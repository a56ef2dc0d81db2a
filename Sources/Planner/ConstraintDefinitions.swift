import PlanSpec

/// The step that adds each constraint a plan names. Validate and drop steps carry only a
/// name, and dialects that treat kinds differently look the kind up here.
///
/// A table the plan renames later (rename_table after add_foreign_key in one spec) is found
/// under either name, and a foreign key's referenced table is given under the name it ends
/// with: verify, which checks the end state, asks with the final names.
public struct ConstraintDefinitions: Sendable {
    private var actions: [String: Action] = [:]
    /// Old table name: the name the plan's renames leave it with.
    private var finalNames: [String: String] = [:]

    public init(_ plan: Plan) {
        for step in plan.forward + plan.contract {
            guard case let .renameTable(from, to) = step.action, !to.hasPrefix("_plancc_") else { continue }
            for (old, final) in finalNames where final == from { finalNames[old] = to }
            finalNames[from] = to
        }
        for step in plan.forward + plan.backfill + plan.contract + plan.rollback {
            switch step.action {
            case let .addPrimaryKey(table, name, _), let .addForeignKey(table, name, _, _), let .addCheck(table, name, _, _),
                 let .addNotNullCheck(table, name, _), let .addUnique(table, name, _):
                actions[Self.key(table, name)] = step.action
            default:
                break
            }
        }
    }

    /// The name `table` has once the plan's renames ran.
    public func finalName(_ table: String) -> String { finalNames[table] ?? table }

    /// The adding action of constraint `name` on `table` (by its name before or after the
    /// plan's renames), when the plan adds it; a foreign key's referenced table by its final name.
    public func definition(_ table: String, _ name: String) -> Action? {
        let original = finalNames.first { $0.value == table && actions[Self.key($0.key, name)] != nil }?.key ?? table
        guard let action = actions[Self.key(original, name)] else { return nil }
        if case .addForeignKey(let t, let n, var shape, let validated) = action {
            shape.referencedTable = Name(finalName(shape.referencedTable.value), at: shape.referencedTable.location)
            return .addForeignKey(table: t, name: n, shape: shape, validated: validated)
        }
        return action
    }

    private static func key(_ table: String, _ name: String) -> String { table + "\u{0}" + name }
}
