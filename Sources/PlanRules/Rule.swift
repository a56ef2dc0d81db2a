import PlanDiagnostics
import PlanSpec

/// One analysis rule: a stable id, what it flags and why, and the safer way to do it.
///
/// Each rule lives in its own file under `Rules/`, and its static text *is* its
/// documentation: `plancc rules`, SARIF rule help and `docs/rules.md` are generated from it.
public protocol Rule: Sendable {
    /// Kebab-case and stable: CHANGE.md, plan.json and code-scanning results name it.
    static var id: String { get }
    static var title: String { get }
    /// The risk its findings carry (`raw-sql` raises it to the change's own declared risk).
    static var severity: RiskLevel { get }
    /// The dialects the rule is about; it runs only for specs listing one of them.
    static var dialects: [Dialect] { get }
    /// What goes wrong, in a sentence or two.
    static var why: String { get }
    /// What to do instead.
    static var advice: String { get }
    /// Whether its findings are changes that lose data when they run (rollback enforcement lists them).
    static var losesData: Bool { get }

    /// The rule's findings in one spec.
    static func findings(in spec: SpecFacts) -> [Finding]
}

extension Rule {
    public static var dialects: [Dialect] { Dialect.allCases }
    public static var losesData: Bool { false }

    /// A finding of this rule at its severity.
    static func finding(_ message: String, at location: SourceLocation, change: Change, risk: RiskLevel? = nil) -> Finding {
        Finding(ruleID: id, risk: risk ?? severity, message: message, location: location, changeIndex: change.index)
    }
}
