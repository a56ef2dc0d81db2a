import Planner
import PlanRules
import PlanSpec

/// Everything a record is written from, with the lookups CHANGE.md and plan.json share.
struct RecordInput {
    let plan: Plan
    let analysis: Analysis
    let scripts: [GeneratedFile]
    /// The MySQL steps that copy a table, with the online schema change command of each.
    var onlineCopies: [OnlineCopy] = []
    /// The output folder as the commands name it (`out`, `build/plans`): relative to the
    /// working directory plancc ran in, normalised, as given to `-o`.
    var outputDir: String = "out"

    var spec: Spec { plan.spec }
    var id: String { spec.id.value }
    var expandContract: Bool { spec.rollout.mode == .expandContract }

    /// The dialects that have scripts, in dialect order (none for a baseline).
    var dialects: [Dialect] {
        Dialect.allCases.filter { d in scripts.contains { $0.path.hasPrefix(d.rawValue + "/") } }
    }

    /// `postgresql/forward.sql`, `mongodb/verify.js`.
    static func scriptPath(_ dialect: Dialect, _ phase: Phase) -> String {
        "\(dialect.rawValue)/\(phase.rawValue).\(dialect == .mongodb ? "js" : "sql")"
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

    /// The command that runs one of this change's scripts, from the directory plancc ran in.
    func command(_ dialect: Dialect, _ phase: Phase) -> String {
        RunCommand.text(dialect, RunCommand.shellWord(folder + "/" + Self.scriptPath(dialect, phase)))
    }

    /// Where the commands are run from, said once above them.
    var commandBase: String {
        if outputDir.hasPrefix("/") { return "The commands name the scripts by absolute path: run them from any directory." }
        if outputDir == "." || outputDir == ".." || outputDir.hasPrefix("../") {
            return "Run each command from the directory plancc ran in: the paths are relative to it."
        }
        return "Run each command from the directory that holds \(Markdown.code(outputDir + "/"))."
    }

    func change(_ index: Int) -> Change? { spec.changes.first { $0.index == index } }
}

/// The exact command that runs one script, as an operator types it.
enum RunCommand {
    static func text(_ dialect: Dialect, _ path: String) -> String {
        switch dialect {
        case .postgresql: "psql -v ON_ERROR_STOP=1 -f \(path)"
        case .mysql: "mysql --batch --default-character-set=utf8mb4 DB < \(path)"
        case .mongodb: "mongosh \"$URI\" \(path)"
        }
    }

    /// `path` as one shell word: as is when it holds only safe characters, else in single quotes.
    static func shellWord(_ path: String) -> String {
        let safe = path.unicodeScalars.allSatisfy { s in
            s.isASCII && (("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || "/._-+,:@%".unicodeScalars.contains(s))
        }
        return safe ? path : "'" + path.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// How the placeholders in the commands are filled.
    static let legend = "PostgreSQL connects through the usual `PGHOST`, `PGDATABASE`, `PGUSER` variables; "
        + "replace `DB` with the MySQL database (on MariaDB the client is `mariadb`, same arguments); "
        + "`$URI` is the MongoDB connection string including the database."
}
