import PlanSpec

/// The schema model as a Mermaid `erDiagram` (GitHub renders it in Markdown): each table with
/// its columns (type, name, PK/FK/UK keys, a comment for NOT NULL and for what a change did to
/// the column), and a line per foreign key between two tables shown.
///
/// Mermaid's grammar is narrower than SQL names: an entity or attribute name is drawn as a word of
/// letters, digits and `_` starting with a letter or `_` (Mermaid also takes `-`, which `--` would confuse with a relationship), a type may add `()[]`, and a
/// comment is a double-quoted text without `"`. Anything else is spelled with `_` in its place
/// (`decimal(12,2)` is `decimal(12_2)`), and an entity whose spelled name another already took
/// gets a numbered one, so the diagram always parses; the tables below a diagram give the exact names.
public enum SchemaDiagram {
    /// What a change did to a column, said in its comment.
    public enum Mark: Sendable, Equatable {
        case added, dropped
        case renamed(from: String)
        case renamedTo(String)
        case changed

        var text: String {
            switch self {
            case .added: "added"
            case .dropped: "dropped"
            case let .renamed(from): "renamed from " + from
            case let .renamedTo(to): "renamed to " + to
            case .changed: "changed"
            }
        }
    }

    /// `tables`: those to draw (all when nil), in name order; `dialect`: whose spelling of a
    /// per-dialect type to show (the first given when it has none); `marks`: by table, then column.
    public static func mermaid(_ model: SchemaModel, tables: Set<String>? = nil, dialect: Dialect? = nil,
                               marks: [String: [String: Mark]] = [:]) -> String {
        // Views are not drawn: their columns are known by name only, and they hold no keys.
        let shown = model.tables.keys.filter { (tables?.contains($0) ?? true) && model.tables[$0]?.isView == false }.sorted()
        var entityNames: [String: String] = [:]
        var taken: Set<String> = []
        // Names that are words already keep them; the others are spelled after, with a label.
        for name in shown.sorted(by: { (word(name: $0), $0) < (word(name: $1), $1) }) {
            var spelled = word(name, allowing: ""), n = 2
            while taken.contains(spelled) { spelled = word(name, allowing: "") + "_\(n)"; n += 1 }
            taken.insert(spelled)
            entityNames[name] = spelled
        }
        var out = "erDiagram\n"
        var relations: [String] = []
        for name in shown {
            let table = model.tables[name]!
            let foreignKeyColumns = Set(table.constraints.values.flatMap { constraint -> [String] in
                if case let .shaped(.foreignKey(shape)?) = constraint.kind { return shape.columns.map(\.value) }
                return []
            })
            let uniqueColumns = Set(table.indexes.values.filter { $0.shape.unique && $0.shape.columns.count == 1 && $0.shape.filter == nil }
                .map { $0.shape.columns[0].name.value })
            let key = Set(table.primaryKey ?? [])
            let label = entityNames[name]! == name ? "" : "[\"" + noQuotes(name) + "\"]"
            out += "    \(entityNames[name]!)\(label) {\n"
            for column in table.columns {
                let type = column.type.map { spelled($0, dialect) } ?? "unknown"
                var keys: [String] = []
                if key.contains(column.name) { keys.append("PK") }
                if foreignKeyColumns.contains(column.name) { keys.append("FK") }
                if uniqueColumns.contains(column.name), !key.contains(column.name) { keys.append("UK") }
                var comment: [String] = []
                if column.nullable == false, !key.contains(column.name) { comment.append("not null") }
                if let mark = marks[name]?[column.name] { comment.append(mark.text) }
                var line = "        \(word(type, allowing: "-()[]")) \(word(column.name, allowing: ""))"
                if !keys.isEmpty { line += " " + keys.joined(separator: ", ") }
                if !comment.isEmpty { line += " \"" + noQuotes(comment.joined(separator: ", ")) + "\"" }
                out += line + "\n"
            }
            if !table.complete { out += "        partly_known more \"columns no spec stated\"\n" }
            out += "    }\n"
            for constraintName in table.constraints.keys.sorted() {
                guard case let .shaped(.foreignKey(shape)?) = table.constraints[constraintName]!.kind,
                      let parent = entityNames[shape.referencedTable.value] else { continue }
                let optional = shape.columns.contains { table.column($0.value)?.nullable != false }
                let label = noQuotes(constraintName)
                relations.append("    \(entityNames[name]!) }o--\(optional ? "o|" : "||") \(parent) : \"\(label)\"\n")
            }
        }
        return out + relations.joined()
    }

    private static func spelled(_ type: ColumnType, _ dialect: Dialect?) -> String {
        switch type.kind {
        case let .portable(portable): portable.description
        case let .perDialect(map): dialect.flatMap { map[$0] } ?? map.sorted { $0.key < $1.key }.first?.value ?? "unknown"
        }
    }

    /// 0 for a name Mermaid takes as it is, 1 for one it must be spelled for.
    private static func word(name: String) -> Int { word(name, allowing: "") == name ? 0 : 1 }

    /// A Mermaid comment or label cannot hold `"`.
    /// Nor is markup wanted in it: `<` and `>` are drawn as `‹` and `›`.
    static func noQuotes(_ text: String) -> String {
        String(text.map { $0 == "\"" ? "'" : $0 == "<" ? "‹" : $0 == ">" ? "›" : $0 })
    }

    /// `text` as a Mermaid word: letters, digits, `_` and `extra`, not starting with a digit or `-`.
    static func word(_ text: String, allowing extra: String) -> String {
        var out = String(text.unicodeScalars.map { scalar -> Character in
            let ok = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_" || extra.unicodeScalars.contains(scalar)
            return ok ? Character(scalar) : "_"
        })
        if out.isEmpty || !(out.first!.isLetter || out.first == "_") { out = "_" + out }
        return out
    }
}
