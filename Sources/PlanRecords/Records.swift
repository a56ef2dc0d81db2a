import Planner
import PlanRules
import PlanSpec

/// The change record and machine-readable plan written beside the scripts.
public enum Records {
    /// CHANGE.md and plan.json for one compiled spec; `scripts` are the backends' files.
    /// plan.json lists the sha256 of the scripts and of CHANGE.md. `outputDir` is the folder the
    /// files go under, as CHANGE.md's commands name it: relative to the working directory, normalised.
    /// `onlineCopies`: the MySQL steps that copy a table, with their online schema change commands.
    /// `scriptsWritten`: false for records written without their scripts (`plancc docs` into a
    /// folder that lacks them); CHANGE.md then says which command writes them.
    /// `picture`: the tables the change touches, before and after, drawn in CHANGE.md.
    /// `statements`: what the scripts run (every backend lowers to statements); their locks and
    /// retries are what the records say of each dialect (a dialect given none keeps the estimates).
    public static func render(plan: Plan, analysis: Analysis, scripts: [GeneratedFile], statements: [Statement] = [],
                              onlineCopies: [OnlineCopy] = [], outputDir: String = "out", scriptsWritten: Bool = true,
                              picture: SchemaPicture? = nil) -> [GeneratedFile] {
        let input = RecordInput(plan: plan, analysis: analysis, scripts: scripts, statements: statements, onlineCopies: onlineCopies,
                                outputDir: outputDir, scriptsWritten: scriptsWritten, picture: picture)
        let changeRecord = ChangeRecord.render(input)
        return [changeRecord, PlanJSON.render(input, files: scripts + [changeRecord])]
    }

    /// The names of the files `render` writes, so a writer can tell records from scripts.
    public static let fileNames = ["CHANGE.md", "plan.json"]
}
