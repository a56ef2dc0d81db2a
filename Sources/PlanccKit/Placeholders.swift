import PlanDiagnostics
import PlanYAML

/// The placeholders `plancc new` writes for the author to replace: a spec that still holds
/// one is an error, so an untouched scaffold cannot pass a CI gate. Only values are looked at
/// (never keys or comments): `TODO`, a text starting `TODO:`, or one of the placeholder names.
enum Placeholders {
    static let names: Set<String> = [
        "todo_table", "todo_column", "todo_index", "todo_constraint", "todo_collection", "todo_name", "todo_new_name",
    ]

    /// A `todo_` name, the bare `TODO` the scaffold writes for a value, or one of its sentences
    /// (all of which start `TODO:`). A real text that merely starts with the word (`TODO list
    /// app gets due dates`, `TODOs are archived`) is not one.
    static func isPlaceholder(_ text: String) -> Bool {
        names.contains(text) || text == "TODO" || text.hasPrefix("TODO:")
    }

    /// One error per placeholder left in the file; nothing when it does not parse (the loader
    /// has reported that already).
    static func check(_ bytes: [UInt8], path: String) -> [Diagnostic] {
        guard let root = try? YAMLParser().parse(bytes, file: path) else { return [] }
        var found: [Diagnostic] = []
        func visit(_ node: YAMLNode) {
            switch node.content {
            case let .scalar(scalar):
                if isPlaceholder(scalar.text) {
                    let what = scalar.text.hasPrefix("TODO:") ? "this text (starting 'TODO:')" : "'\(scalar.text)'"
                    found.append(Diagnostic(.scaffoldPlaceholder, "\(what) is a placeholder of the 'plancc new' scaffold",
                                            at: node.location, fix: "replace it with the real value"))
                }
            case let .sequence(items):
                items.forEach(visit)
            case let .mapping(pairs):
                pairs.forEach { visit($0.value) }
            }
        }
        visit(root)
        return found
    }
}
