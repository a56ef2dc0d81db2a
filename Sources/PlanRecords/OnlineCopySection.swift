import Planner
import PlanSpec

/// CHANGE.md's part on large MySQL tables: which steps copy a table, the online schema change
/// command that replaces each above `rollout.online_copy_rows`, why that tool, and how it cuts over.
enum OnlineCopySection {
    static func render(_ input: RecordInput) -> String {
        let copies = input.onlineCopies
        guard !copies.isEmpty else { return "" }
        var md = "\n**MySQL, large tables.** These steps copy the table (`ALGORITHM=COPY`: writes wait for the copy). "
            + "Above `rollout.online_copy_rows` (\(input.spec.rollout.onlineCopyRows)) rows, by information_schema's estimate "
            + "when the script runs, the script stops before each one and names the command to run instead. Run it "
            + "(fill in `HOST` and `DB`), then run the script again: it finds the change made and goes on.\n\n"
        for copy in copies {
            let tool = copy.choice.tool.map { "**\($0.rawValue)**, because " } ?? "**gh-ost or pt-online-schema-change**: "
            md += "- change \(copy.origin.changeIndex) (\(Markdown.code(copy.origin.operation))), "
                + "\(Markdown.code(RecordInput.scriptPath(.mysql, copy.phase))), table \(Markdown.code(copy.table)): "
                + tool + Markdown.cell(copy.choice.reason) + ".\n"
        }
        md += "\n```sh\n" + copies.flatMap { copy in copy.commands.map { "# \($0.tool.rawValue), table \(copy.table)\n\($0.text)" } }
            .joined(separator: "\n") + "\n```\n"
        if copies.contains(where: { copy in copy.commands.contains { $0.text.contains("MODIFY COLUMN") } }) {
            md += "\nA `MODIFY COLUMN` above names the new type only: MySQL takes a MODIFY as the column's whole definition, so "
                + "run the command the script prints when it stops, which adds the column's NOT NULL, default, charset, collation "
                + "and comment as the server has them (print it with the client's `--raw` option: `--batch` alone escapes its quotes a second time).\n"
        }
        let tools = Set(copies.flatMap { $0.commands.map(\.tool) })
        if tools.contains(.ghost) { md += "\n" + ghostCutOver(input.spec.rollout) + "\n" }
        if tools.contains(.ptOnlineSchemaChange) { md += "\n" + ptCutOver + "\n" }
        return md
    }

    private static func ghostCutOver(_ rollout: Rollout) -> String {
        "gh-ost copies the rows in chunks into a ghost table (`_<table>_gho`) and applies concurrent writes from the binlog "
            + "(row format; it reads a replica given as `HOST`, or add `--allow-on-master` to read the primary). It pauses while "
            + "`Threads_running` is above 25 or replica lag above 1.5 s, and aborts above 100 running threads. Once the copy has caught up "
            + "it stays in sync and waits until you delete the `--postpone-cut-over-flag-file`: choose a quiet moment. The cut-over "
            + "then locks the table for at most \(max((rollout.lockTimeout.value + 999) / 1_000, 1)) s, swaps the tables "
            + "with one atomic rename (the old one is kept as `_<table>_del`) and retries if the lock is not had in time; drop "
            + "`_<table>_del` once you are satisfied. gh-ost refuses to start on a table with foreign keys or triggers."
    }

    private static let ptCutOver =
        "pt-online-schema-change creates `_<table>_new` with the change, installs triggers on the table that copy every write "
        + "to it, copies the rows in chunks (pausing while `Threads_running` is above 25 or replica lag above 1.5 s, aborting above 100), "
        + "then swaps the tables with one atomic `RENAME TABLE` (a brief metadata lock, waiting at most `lock_wait_timeout`) "
        + "and drops the old table. `--alter-foreign-keys-method=auto` re-points child tables' foreign keys at the new table "
        + "(`rebuild_constraints` when the child tables are small; otherwise `drop_swap`, which drops the old table before "
        + "renaming the new one, so that for a moment the table does not exist); `--preserve-triggers` carries the table's own "
        + "triggers over. Foreign keys re-pointed by `rebuild_constraints`, and the table's own, come back under new names "
        + "(an underscore added or removed at the front, since constraint names are per database): a later spec that names one "
        + "must use its new name."
}
