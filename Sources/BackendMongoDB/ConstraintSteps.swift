import Planner
import PlanSpec
import PlanSupport

/// Checks with a MongoDB query join the validator (`$and` beside the `$jsonSchema`); unique
/// constraints are unique indexes; foreign and primary keys have no MongoDB meaning.
enum ConstraintSteps {
    /// Added without looking at existing documents (like `NOT VALID`): validated as a step of its own.
    static func addCheck(table t: String, name: String, expression: DialectText) -> StepCode {
        guard let check = expression.mongodb else {
            return .comment("MongoDB: check \(name) gives no mongodb query; it is not enforced.")
        }
        return ColumnSteps.edit(t, level: "moderate", ["planccAddCheck(checks, \(JS.value(check)));"], checks: true)
    }

    static func validate(table t: String, name: String, _ context: StepContext) -> StepCode {
        switch context.facts.constraint(t, name) {
        case let .check(check?)?:
            let expect = "await planccExpectCheck(\(JS.string(t)), \(JS.string(name)), \(JS.value(check)));"
            return .line(expect, StepCode.Call.count(t, expect)) + ColumnSteps.settle(t)
        default:
            return .comment("MongoDB: \(name) is not enforced; nothing to validate.")
        }
    }

    static func drop(table t: String, name: String, _ context: StepContext) -> StepCode {
        switch context.facts.constraint(t, name) {
        case let .check(check?)?:
            return ColumnSteps.edit(t, level: nil, ["planccRemoveCheck(checks, \(JS.value(check)));"], checks: true) + ColumnSteps.settle(t)
        case .unique?:
            return IndexSteps.drop(table: t, name: name)
        case .check(nil)?, .foreignKey?, .primaryKey?:
            return .comment("MongoDB: \(name) was never enforced; nothing to drop.")
        case nil:
            // What it was is not known: a unique constraint is an index of that name on MongoDB.
            return .comment("MongoDB: what \(name) was is not known; an index of that name is dropped if there is one.")
                + IndexSteps.drop(table: t, name: name)
        }
    }

    static func notEnforced(_ what: String, _ name: String) -> StepCode {
        .comment("MongoDB has no \(what); \(name) is skipped.")
    }
}
