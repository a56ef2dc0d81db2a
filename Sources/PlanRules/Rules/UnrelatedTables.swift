import PlanSpec

struct UnrelatedTablesRule: Rule {
    static let id = "unrelated-tables"
    static let title = "More than one unrelated table in one spec"
    static let severity = RiskLevel.medium
    static let why = """
        One change per migration: changes to unrelated tables succeed, fail and roll back together, so a \
        problem with one holds up or undoes the other, and the review mixes two subjects.
        """
    static let advice = "Split the spec: one spec per table, or per group of tables joined by foreign keys or a rename."

    static func findings(in spec: SpecFacts) -> [Finding] {
        var groups = TableGroups()
        var firstChange: [String: Change] = [:]
        for change in spec.changes {
            for table in tables(of: change.operation) where firstChange[table] == nil { firstChange[table] = change }
            for (a, b) in links(of: change.operation) { groups.join(a, b) }
        }
        // Report each table that starts a group of its own after the first group, at its first change.
        var seenGroups: [String] = []
        var found: [Finding] = []
        for change in spec.changes {
            for table in tables(of: change.operation) where firstChange[table]?.index == change.index {
                let group = groups.root(table)
                guard !seenGroups.contains(group) else { continue }
                if let first = seenGroups.first {
                    found.append(finding("'\(table)' is unrelated to '\(first)', changed earlier in this spec", at: change.location, change: change))
                }
                seenGroups.append(group)
            }
        }
        return found
    }

    private static func tables(of operation: Operation) -> [String] {
        switch operation {
        case let .renameTable(op): [op.from.value, op.to.value]
        default: operation.table.map { [$0.value] } ?? []
        }
    }

    /// Pairs of tables one change ties together: a rename, or a reference.
    private static func links(of operation: Operation) -> [(String, String)] {
        switch operation {
        case let .renameTable(op): [(op.from.value, op.to.value)]
        case let .addForeignKey(op): [(op.table.value, op.foreignKey.referencedTable.value)]
        case let .addColumn(op): op.column.references.map { [(op.table.value, $0.table.value)] } ?? []
        case let .createTable(op): op.columns.compactMap { column in column.references.map { (op.table.value, $0.table.value) } }
        case let .dropConstraint(op):
            if case let .foreignKey(shape)? = op.was { [(op.table.value, shape.referencedTable.value)] } else { [] }
        default: []
        }
    }
}

/// Union-find over table names.
private struct TableGroups {
    private var parent: [String: String] = [:]

    mutating func root(_ table: String) -> String {
        guard let up = parent[table], up != table else { return table }
        let top = root(up)
        parent[table] = top
        return top
    }

    mutating func join(_ a: String, _ b: String) {
        let ra = root(a), rb = root(b)
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
}
