import Planner
import PlanSpec
import PlanSupport

/// Each expectation as one call that records a problem instead of throwing, so that verify
/// names everything that is missing before it fails.
enum VerifyChecks {
    static func render(_ expectation: Expectation, _ facts: PlanFacts) -> StepCode {
        switch expectation {
        case let .tableExists(t): return call("planccCheckCollection", t, "true")
        case let .tableAbsent(t): return call("planccCheckCollection", t, "false")
        case let .viewAbsent(v): return call("planccCheckNoView", v)
        case let .columnExists(t, c, type, nullable, hasDefault):
            var step = StepCode()
            if hasDefault == true { step.comment("MongoDB keeps no defaults: that \(c) has one is not checked.") }
            let property = type.map { JS.value(BSONTypes.property($0)) } ?? "null"
            let nullability = nullable.map { $0 ? "true" : "false" } ?? "null"
            return step + call("planccCheckField", t, JS.string(c), property, nullability)
        case let .columnAbsent(t, c): return call("planccCheckFieldAbsent", t, JS.string(c))
        case let .indexValid(t, name, shape):
            let keys = "[" + shape.columns.map { JS.string($0.name.value) }.joined(separator: ", ") + "]"
            return call("planccCheckIndex", t, JS.string(name), shape.unique ? "true" : "false", keys, shape.filter?.mongodb != nil ? "true" : "false")
        case let .indexAbsent(t, name): return call("planccCheckNoIndex", t, JS.string(name))
        case let .constraintValid(t, name): return constraint(t, name, present: true, facts)
        case let .constraintAbsent(t, name): return constraint(t, name, present: false, facts)
        case let .backfillDone(work):
            guard let pending = DataSteps.pending(work) else { return ColumnSteps.missingForm("the backfill of \(work.table)") }
            let label = "the backfill of " + work.set.map(\.column.value).joined(separator: ", ")
            return call("planccCheckDone", work.table, JS.string(label), JS.value(pending))
        case let .triggerAbsent(_, name):
            return .comment("MongoDB has no triggers: \(name) never existed there.")
        case let .raw(text):
            return raw(text)
        }
    }

    private static func constraint(_ t: String, _ name: String, present: Bool, _ facts: PlanFacts) -> StepCode {
        switch facts.constraint(t, name) {
        case let .check(check?)?:
            return call("planccCheckCheck", t, JS.string(name), JS.value(check), present ? "true" : "false")
        case .unique?:
            return present ? call("planccCheckIndex", t, JS.string(name), "true") : call("planccCheckNoIndex", t, JS.string(name))
        case .check(nil)?, .foreignKey?, .primaryKey?, nil:
            return .comment("MongoDB does not enforce \(name): nothing to check.")
        }
    }

    /// The author's mongosh code: it throws when the change is not in place.
    private static func raw(_ text: DialectText) -> StepCode {
        guard text.mongodb != nil else { return .comment("This change gives no MongoDB verification.") }
        let body = DataSteps.raw(text).lines.map { "  " + $0 }
        return StepCode(lines: ["try {"] + body + ["} catch (error) {", "  planccProblem(`author's verification: ${error.message}`);", "}"])
    }

    private static func call(_ function: String, _ table: String, _ arguments: String...) -> StepCode {
        StepCode(lines: ["await \(function)(" + ([JS.string(table)] + arguments).joined(separator: ", ") + ");"])
    }
}
