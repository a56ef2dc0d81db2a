import PlanDiagnostics
import PlanYAML

extension DiagnosticSink {
    static let columnKeys = ["name", "type", "nullable", "default", "identity", "unique", "references"]

    func column(_ node: YAMLNode, _ what: String) -> Column? {
        guard let fields = Fields(node, what, allowed: Self.columnKeys, sink: self) else { return nil }
        let name = fields.required("name").flatMap { self.name($0, "\(what).name") }
        let type = fields.required("type").flatMap { columnType($0, "\(what).type") }
        let nullable = fields["nullable"].map { bool($0, "\(what).nullable") } ?? true
        let defaultValue = fields["default"].map { self.defaultValue($0, "\(what).default") }
        let identity = fields["identity"].map { bool($0, "\(what).identity") } ?? false
        let unique = fields["unique"].map { bool($0, "\(what).unique") } ?? false
        let references = fields["references"].map { self.columnReference($0, "\(what).references") }
        guard let name, let type, let nullable, let identity, let unique,
              defaultValue.map({ $0 != nil }) ?? true, references.map({ $0 != nil }) ?? true else { return nil }
        if identity, let portable = type.portable, !portable.isInteger {
            error(.invalidType, "identity column '\(name)' must have an integer type, not \(portable)", at: type.location)
        }
        return Column(name: name, type: type, nullable: nullable, defaultValue: defaultValue ?? nil, identity: identity,
                      unique: unique, references: references ?? nil, location: node.location)
    }

    func columnReference(_ node: YAMLNode, _ what: String) -> ColumnReference? {
        guard let fields = Fields(node, what, allowed: ["table", "column", "on_delete", "on_update"], sink: self) else { return nil }
        let table = fields.required("table").flatMap { name($0, "\(what).table") }
        let column = fields.required("column").flatMap { name($0, "\(what).column") }
        let onDelete = fields["on_delete"].map { choice($0, "on_delete action", as: ReferentialAction.self) }
        let onUpdate = fields["on_update"].map { choice($0, "on_update action", as: ReferentialAction.self) }
        guard let table, let column, onDelete.map({ $0 != nil }) ?? true, onUpdate.map({ $0 != nil }) ?? true else { return nil }
        return ColumnReference(table: table, column: column, onDelete: (onDelete ?? nil) ?? .noAction, onUpdate: (onUpdate ?? nil) ?? .noAction)
    }

    /// Index columns: names, or `{ name, prefix }`.
    func indexColumns(_ node: YAMLNode, _ what: String) -> [IndexColumn]? {
        guard let items = node.sequence else {
            wrongType(node, expected: "a list of columns", for: what)
            return nil
        }
        if items.isEmpty {
            error(.emptyList, "'\(what)' must list at least one column", at: node.location)
            return nil
        }
        let columns: [IndexColumn] = items.compactMap { item in
            if item.scalar != nil { return name(item, what).map { IndexColumn($0) } }
            guard let fields = Fields(item, what, allowed: Vocabulary.indexColumnKeys, sink: self) else { return nil }
            let name = fields.required("name").flatMap { self.name($0, "\(what).name") }
            let lengths = Vocabulary.indexPrefixLengths
            let prefix = fields["prefix"].map { integer($0, "\(what).prefix", in: Int64(lengths.lowerBound)...Int64(lengths.upperBound)) }
            guard let name, prefix.map({ $0 != nil }) ?? true else { return nil }
            return IndexColumn(name, prefix: (prefix ?? nil).map(Int.init))
        }
        return columns.count == items.count ? columns : nil
    }
}
