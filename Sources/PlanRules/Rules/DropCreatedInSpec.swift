import PlanSpec

struct DropCreatedInSpecRule: Rule {
    static let id = "drop-created-in-spec"
    static let title = "Dropping what the same spec created"
    static let severity = RiskLevel.medium
    static let why = """
        Creating and dropping the same thing in one change is either a leftover of editing or two changes with \
        different lives; rollback and the change record then describe something that never existed in production.
        """
    static let advice = "Remove both changes, or move the drop into a separate spec of its own, reviewed and run later."

    static func findings(in spec: SpecFacts) -> [Finding] {
        var origins: [String: Int] = [:]
        var found: [Finding] = []
        for change in spec.changes {
            for key in created(by: change.operation) where origins[key] == nil { origins[key] = change.index }
            guard let drop = dropped(by: change.operation), let origin = origins[drop.key], origin < change.index else { continue }
            found.append(finding("\(drop.name) was created by change \(origin) of this spec", at: change.location, change: change))
        }
        return found
    }

    /// Keys of what an operation creates: "table:t", "column:t.c", "index:i", "constraint:c".
    private static func created(by operation: Operation) -> [String] {
        switch operation {
        case let .createTable(op): ["table:\(op.table)"] + op.columns.map { "column:\(op.table).\($0.name)" }
        case let .addColumn(op): ["column:\(op.table).\(op.column.name)"]
        case let .createIndex(op): ["index:\(op.name)"]
        case let .addPrimaryKey(op): ["constraint:\(op.name)"]
        case let .addForeignKey(op): ["constraint:\(op.name)"]
        case let .addCheck(op): ["constraint:\(op.name)"]
        default: []
        }
    }

    /// The key of what an operation drops, and how to name it in a message.

    private static func dropped(by operation: Operation) -> (key: String, name: String)? {
        switch operation {
        case let .dropTable(op): ("table:\(op.table)", "table '\(op.table)'")
        case let .dropColumn(op): ("column:\(op.table).\(op.column)", "column '\(op.table).\(op.column)'")
        case let .dropIndex(op): ("index:\(op.name)", "index '\(op.name)'")
        case let .dropConstraint(op): ("constraint:\(op.name)", "constraint '\(op.name)'")
        default: nil
        }
    }
}
