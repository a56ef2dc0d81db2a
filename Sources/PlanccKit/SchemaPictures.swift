import Planner
import PlanRecords
import PlanSchema
import PlanSpec

/// The "Schema" section of a CHANGE.md: the tables a spec's changes name, drawn from the
/// history before it and after it, with what the change did to each column as its comment.
extension Workspace.Entry {
    public var schemaPicture: SchemaPicture? {
        guard let spec, let before else { return nil }
        let after = History.apply(spec, to: before)
        var touchedBefore: Set<String> = [], touchedAfter: Set<String> = []
        var renamedTables: [String: String] = [:]  // new name: old name
        var renamedColumns: [String: [String: String]] = [:]  // table (new name): new column: old column
        for change in spec.changes {
            switch change.operation {
            case let .renameTable(op):
                touchedBefore.insert(op.from.value)
                touchedAfter.insert(op.to.value)
                renamedTables[op.to.value] = op.from.value
            case let .renameColumn(op):
                renamedColumns[op.table.value, default: [:]][op.to.value] = op.from.value
                fallthrough
            default:
                guard let table = change.operation.table?.value else { continue }
                touchedBefore.insert(table)
                touchedAfter.insert(table)
                if case let .addForeignKey(op) = change.operation {
                    touchedBefore.insert(op.foreignKey.referencedTable.value)
                    touchedAfter.insert(op.foreignKey.referencedTable.value)
                }
            }
        }
        // A table renamed in this spec is drawn under its new name after, its old one before.
        touchedAfter = Set(touchedAfter.map { old in renamedTables.first { $0.value == old }?.key ?? old })
        let shownBefore = touchedBefore.filter { before.table($0).map { !$0.isView } ?? false }
        let shownAfter = touchedAfter.filter { after.table($0).map { !$0.isView } ?? false }
        guard !shownBefore.isEmpty || !shownAfter.isEmpty else { return nil }

        var marksBefore: [String: [String: SchemaDiagram.Mark]] = [:], marksAfter: [String: [String: SchemaDiagram.Mark]] = [:]
        for name in shownAfter {
            let newTable = after.table(name)!
            guard let oldTable = before.table(renamedTables[name] ?? name) else { continue }
            let renames = renamedColumns[renamedTables[name] ?? name] ?? renamedColumns[name] ?? [:]
            for column in newTable.columns {
                if let old = renames[column.name] {
                    marksAfter[name, default: [:]][column.name] = .renamed(from: old)
                } else if let old = oldTable.column(column.name) {
                    if old.type != column.type || old.nullable != column.nullable || old.defaultValue != column.defaultValue {
                        marksAfter[name, default: [:]][column.name] = .changed
                    }
                } else {
                    marksAfter[name, default: [:]][column.name] = .added
                }
            }
        }
        for name in shownBefore {
            let oldTable = before.table(name)!
            let newName = renamedTables.first { $0.value == name }?.key ?? name
            let renames = renamedColumns[name] ?? renamedColumns[newName] ?? [:]
            guard let newTable = after.table(newName) else {
                for column in oldTable.columns { marksBefore[name, default: [:]][column.name] = .dropped }
                continue
            }
            for column in oldTable.columns where newTable.column(column.name) == nil {
                if let new = renames.first(where: { $0.value == column.name })?.key {
                    marksBefore[name, default: [:]][column.name] = .renamedTo(new)
                } else {
                    marksBefore[name, default: [:]][column.name] = .dropped
                }
            }
        }
        let dialect = spec.dialects.first
        return SchemaPicture(
            before: shownBefore.isEmpty || spec.kind == .baseline ? nil
                : SchemaDiagram.mermaid(before, tables: shownBefore, dialect: dialect, marks: marksBefore),
            after: shownAfter.isEmpty ? nil : SchemaDiagram.mermaid(after, tables: shownAfter, dialect: dialect, marks: marksAfter))
    }
}

/// `SCHEMA.md`, written by `plancc docs`: the whole schema after the last spec, per dialect
/// the specs target, as a Mermaid diagram and a table per table, replayed from the history.
enum SchemaDocument {
    static func render(_ workspace: Workspace) -> GeneratedFile? {
        let specs = HistoryOrder.sorted(workspace.entries.compactMap(\.spec))
        guard let last = specs.last else { return nil }
        let model = History.end(of: specs)
        var md = "# Schema\n\nThe schema after `\(last.id.value)`, replayed from the \(specs.count) spec(s) in id order "
            + "(nothing is read from a database). `plancc schema-at ID` prints it after any spec, as a baseline spec, "
            + "as DDL (`--format sql`) or as this diagram (`--format mermaid`).\n"
        let dialects = Dialect.allCases.filter { d in specs.contains { $0.dialects.contains(d) } }
        // Portable types are drawn by their portable names: a dialect gets a diagram of its own
        // only when a type is spelled for it.
        let diagrams = dialects.map { ($0, SchemaDiagram.mermaid(model, dialect: $0)) }
        if Set(diagrams.map(\.1)).count == 1, let diagram = diagrams.first?.1 {
            md += "\n## \(dialects.map(\.displayName).joined(separator: ", "))\n\n```mermaid\n" + diagram + "```\n"
        } else {
            for (dialect, diagram) in diagrams { md += "\n## \(dialect.displayName)\n\n```mermaid\n" + diagram + "```\n" }
        }
        let views = model.tables.values.filter(\.isView).map(\.name).sorted()
        if !views.isEmpty { md += "\nViews (created by author SQL, not drawn): " + views.map { "`\($0)`" }.joined(separator: ", ") + ".\n" }
        let partial = model.tables.values.filter { !$0.isView && (!$0.complete || $0.columns.contains { $0.type == nil }) }.map(\.name).sorted()
        if !partial.isEmpty {
            md += "\nOnly partly known (no create_table or baseline stated all their columns and types): "
                + partial.map { "`\($0)`" }.joined(separator: ", ") + ".\n"
        }
        return GeneratedFile(path: "SCHEMA.md", contents: md)
    }
}
