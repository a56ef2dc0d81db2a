/// The form a text of a spec runs in, and so the form it is parsed in: an expression as
/// `SELECT <expr> FROM <table>`, a predicate as `SELECT 1 FROM <table> WHERE <pred>`, a default
/// as `SELECT <expr>`, author SQL as the statements written.
public enum SQLForm: Sendable, Equatable {
    case expression(table: String)
    case predicate(table: String)
    case defaultValue
    case statements

    /// The text around the author's: `prefix + text + suffix` is what is parsed. A line
    /// break before `FROM` keeps a trailing `-- comment` from swallowing it.
    public var wrapper: (prefix: String, suffix: String) {
        switch self {
        case let .expression(table): ("SELECT ", "\nFROM \(Self.quoted(table))")
        case let .predicate(table): ("SELECT 1 FROM \(Self.quoted(table)) WHERE ", "")
        case .defaultValue: ("SELECT ", "")
        case .statements: ("", "")
        }
    }

    public var shape: String {
        switch self {
        case .expression: "SELECT <expression> FROM <table>"
        case .predicate: "SELECT 1 FROM <table> WHERE <predicate>"
        case .defaultValue: "SELECT <default>"
        case .statements: "statements"
        }
    }

    /// What the text must be: one expression, one predicate, or any statements.
    public var noun: String {
        switch self {
        case .expression, .defaultValue: "one expression"
        case .predicate: "one condition"
        case .statements: "statements"
        }
    }

    var isPredicate: Bool {
        if case .predicate = self { return true }
        return false
    }

    /// The clauses of the wrapper's SELECT a text of this form may fill.
    var clauses: Set<String> {
        switch self {
        case .expression: ["targetList", "fromClause", "limitOption", "op"]
        case .predicate: ["targetList", "fromClause", "whereClause", "limitOption", "op"]
        case .defaultValue: ["targetList", "limitOption", "op"]
        case .statements: []
        }
    }

    /// A double-quoted identifier, `"` doubled.
    public static func quoted(_ name: String) -> String {
        "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
