import PlanSpec

struct AddForeignKeyRule: Rule {
    static let id = "add-foreign-key"
    static let title = "Adding a foreign key to an existing table"
    static let severity = RiskLevel.medium
    static let why = """
        Existing rows are checked against the referenced table, locking both briefly; an orphan row fails the \
        change, and writes that old code makes may now be refused.
        """
    static let advice = """
        Find and fix orphan rows first. plancc adds the key NOT VALID and validates it as a separate step, so \
        PostgreSQL keeps writes flowing; MySQL checks the rows while adding it.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.changes.compactMap { change in
            switch change.operation {
            case let .addForeignKey(op):
                finding("adds foreign key '\(op.name)' from '\(op.table)' to '\(op.foreignKey.referencedTable)'",
                        at: change.location, change: change)
            case let .addColumn(op):
                op.column.references.map { reference in
                    finding("adds column '\(op.table).\(op.column.name)' referencing '\(reference.table)'",
                            at: op.column.name.location, change: change)
                }
            default:
                nil
            }
        }
    }
}
