/// CHANGE.md's "Schema" section: the tables a change touches as Mermaid `erDiagram`s, before
/// and after (GitHub renders them), drawn from the schema history by `SchemaDiagram`. The
/// diagrams are given as text, so the records need not know the schema model.
public struct SchemaPicture: Sendable {
    /// nil when none of the tables existed before the change.
    public var before: String?
    public var after: String?
    public init(before: String?, after: String?) {
        self.before = before
        self.after = after
    }

    func markdown(baseline: Bool) -> String {
        if baseline {
            return "## Schema\n\nThe tables this baseline records (`plancc schema-at ID --format mermaid` draws the schema after any spec).\n\n"
                + block(after, none: "_(no table)_")
        }
        var md = "## Schema\n\nThe tables this change touches, before and after, as the specs' history knows them; "
            + "a column's comment says what the change did to it (`plancc schema-at ID --format mermaid` draws the whole schema).\n\n"
        md += "### Before\n\n" + block(before, none: "_(none of these tables exists before this change)_")
        md += "\n### After\n\n" + block(after, none: "_(none of these tables is left after this change)_")
        return md
    }

    private func block(_ diagram: String?, none: String) -> String {
        guard let diagram else { return none + "\n" }
        return "```mermaid\n" + diagram + "```\n"
    }
}
