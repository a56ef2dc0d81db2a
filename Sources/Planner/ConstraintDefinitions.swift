/// The step that adds each constraint a plan names. Validate and drop steps carry only a
/// name, and dialects that treat kinds differently look the kind up here.
public struct ConstraintDefinitions: Sendable {
    private var actions: [String: Action] = [:]

    public init(_ plan: Plan) {
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

    /// The adding action of constraint `name` on `table`, when the plan adds it.
    public func definition(_ table: String, _ name: String) -> Action? { actions[Self.key(table, name)] }

    private static func key(_ table: String, _ name: String) -> String { table + "\u{0}" + name }
}
