import Planner
import PlanRules
import PlanSpec

/// Everything a record is written from, with the lookups CHANGE.md and plan.json share.
struct RecordInput {
    let plan: Plan
    let analysis: Analysis
    let scripts: [GeneratedFile]
    /// What the scripts run, statement by statement, of every dialect compiled.
    var statements: [Statement] = []
    /// The MySQL steps that copy a table, with the online schema change command of each.
    var onlineCopies: [OnlineCopy] = []
    /// The output folder as the commands name it (`out`, `build/plans`): relative to the
    /// working directory plancc ran in, normalised, as given to `-o`.
    var outputDir: String = "out"
    /// False when the record is written without its scripts (`plancc docs` into a folder that
    /// does not hold them): the commands then say so, and how to write them.
    var scriptsWritten = true
    /// The tables the change touches, before and after, as Mermaid diagrams (`SchemaPicture`).
    var picture: SchemaPicture?

    var spec: Spec { plan.spec }
    var id: String { spec.id.value }
    var expandContract: Bool { spec.rollout.mode == .expandContract }

    /// The dialects that have scripts, in dialect order (none for a baseline).
    var dialects: [Dialect] {
        Dialect.allCases.filter { d in scripts.contains { $0.path.hasPrefix(d.rawValue + "/") } }
    }

    /// `postgresql/forward.sql`, `mongodb/verify.js`.
    static func scriptPath(_ dialect: Dialect, _ phase: Phase) -> String {
        RunCommand.scriptPath(dialect, phase)
    }

    func script(_ dialect: Dialect, _ phase: Phase) -> GeneratedFile? {
        let path = Self.scriptPath(dialect, phase)
        return scripts.first { $0.path == path }
    }

    /// How many steps a phase holds; verify counts its checks.
    func workCount(_ phase: Phase) -> Int {
        phase == .verify ? plan.verify.count : plan.steps(in: phase).count
    }

    /// This change's folder, `out/<id>`.
    var folder: String { outputDir + "/" + id }

    /// The command that runs one of this change's scripts, from the directory plancc ran in:
    /// the same text as the script's own header names (`RunCommand`).
    func command(_ dialect: Dialect, _ phase: Phase) -> String {
        RunCommand.command(dialect, Self.scriptPath(dialect, phase), folder: folder)
    }

    /// Where the commands are run from, said once above them; and, for a record written
    /// without its scripts, that they are not there yet and which command writes them.
    var commandBase: String {
        let base = switch RunCommand.base(outputDir) {
        case .anywhere: "The commands name the scripts by absolute path: run them from any directory."
        case .workingDirectory: "Run each command from the directory plancc ran in: the paths are relative to it."
        case let .holding(folder): "Run each command from \(RunCommand.holderText(folder, code: Markdown.code))."
        }
        guard !scriptsWritten, !dialects.isEmpty else { return base }
        let compile = "plancc compile \(RunCommand.shellWord(spec.path)) -o \(RunCommand.shellWord(outputDir))"
        return "The scripts these commands name are not all in \(Markdown.code(folder + "/")) (`plancc docs` writes the records only): "
            + "\(Markdown.code(compile)), from the directory plancc ran in, writes them where the commands name them. " + base
    }

    func change(_ index: Int) -> Change? { spec.changes.first { $0.index == index } }

    /// Whether the records of `dialect` are folded from its statements.
    func lowers(_ dialect: Dialect) -> Bool { statements.contains { $0.dialect == dialect } }

    /// The statements of one dialect (in script order), optionally of one change.
    func statements(_ dialect: Dialect, change: Int? = nil) -> [Statement] {
        statements.filter { $0.dialect == dialect && (change == nil || $0.origin.changeIndex == change) }
    }
}
