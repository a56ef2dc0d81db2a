import Planner
import PlanRules
import PlanSchema
import PlanSpec

/// What the schema model knows of each table's foreign keys and triggers, for the plan (which
/// online schema change tool copies a large MySQL table). A foreign key is known wherever a
/// spec made one; "none" is known only under a strict history (a baseline, and no author SQL
/// since), where every table and every key is known. Specs make no triggers of their own.
enum TableLinksFromHistory {
    static func links(_ model: SchemaModel) -> [String: TableLinks] {
        var keys: [String: [String]] = [:]
        for table in model.tables.values.sorted(by: { $0.name < $1.name }) {
            for (name, constraint) in table.constraints.sorted(by: { $0.key < $1.key }) {
                guard case let .shaped(.foreignKey(shape)?) = constraint.kind else { continue }
                let text = "\(table.name).\(name) to \(shape.referencedTable.value)"
                keys[table.name, default: []].append(text)
                if shape.referencedTable.value != table.name { keys[shape.referencedTable.value, default: []].append(text) }
            }
        }
        var links: [String: TableLinks] = [:]
        for name in Set(model.tables.keys).union(keys.keys) {
            let found = keys[name] ?? []
            links[name] = TableLinks(foreignKeys: !found.isEmpty ? found : (model.strict ? [] : nil),
                                     triggers: model.strict ? [] : nil)
        }
        return links
    }
}

extension TableLinksFromHistory {
    /// The primary keys, indexes and unique constraints the model knows, by table.
    static func indexes(_ model: SchemaModel) -> KnownIndexes {
        var known = KnownIndexes()
        for table in model.tables.values {
            var lists: [[String]] = table.primaryKey.map { [$0] } ?? []
            lists += table.indexes.keys.sorted().compactMap { table.indexes[$0]?.shape.columns.map(\.name.value) }
            for name in table.constraints.keys.sorted() {
                switch table.constraints[name]?.kind {
                case let .primaryKey(columns)?: lists.append(columns)
                case let .shaped(.unique(columns)?)?: lists.append(columns.map(\.value))
                default: break
                }
            }
            known.columns[table.name] = lists
            if table.complete { known.complete.insert(table.name) }
        }
        return known
    }
}

extension Workspace.Entry {
    /// The foreign keys and triggers the history knows of, by table, for `Compiler.compile`.
    public var tableLinks: [String: TableLinks] { before.map(TableLinksFromHistory.links) ?? [:] }
}
