import BackendMongoDB
import BackendMySQL
import BackendPostgreSQL
import Planner
import PlanRecords
import PlanRules
import PlanSpec

/// One spec compiled: everything under `out/<id>/`.
public struct CompiledChange: Sendable {
    public var id: String
    public var files: [GeneratedFile]
    /// The plan the files were rendered from, for what else describes the change (INDEX.md).
    public var plan: Plan
    /// The MySQL steps that copy a table, with their online schema change commands (CHANGE.md, explain).
    public var onlineCopies: [OnlineCopy] = []
    /// The statements the scripts run, of every dialect compiled.
    public var statements: [Statement] = []
}

/// The whole compile step, a pure function of the specs.
public enum Compiler {
    static let backends: [any LoweringBackend] = [PostgreSQLBackend(), MySQLBackend(), MongoDBBackend()]

    /// `only`, when given, limits the scripts to those dialects (among the spec's own).
    /// `outputDir` is the output folder as CHANGE.md's commands name it (`SpecFiles.displayPath` of `-o`).
    /// `scriptsWritten`: false when only the records are written (`DocsBuilder`), in a folder without the scripts.
    /// `links`: what the schema history knows of the tables' foreign keys and triggers (`Workspace.Entry.tableLinks`).
    /// A spec of the workspace, with what its history knows: the tables' foreign keys and
    /// triggers, and the picture of the tables it touches. nil when it did not load cleanly.
    public static func compile(_ entry: Workspace.Entry, only: Set<Dialect>? = nil, outputDir: String = "out",
                               scriptsWritten: Bool = true) -> CompiledChange? {
        guard let spec = entry.spec, let analysis = entry.analysis else { return nil }
        return compile(spec, analysis: analysis, links: entry.tableLinks, only: only, outputDir: outputDir,
                       scriptsWritten: scriptsWritten, picture: entry.schemaPicture)
    }

    public static func compile(_ spec: Spec, analysis: Analysis, links: [String: TableLinks] = [:], only: Set<Dialect>? = nil,
                               outputDir: String = "out", scriptsWritten: Bool = true, picture: SchemaPicture? = nil) -> CompiledChange {
        var plan = Planner.plan(spec, links: links)
        plan.outputDir = outputDir
        var scripts: [GeneratedFile] = []
        var copies: [OnlineCopy] = []
        var statements: [Statement] = []
        if spec.kind == .change {
            for backend in backends where spec.dialects.contains(backend.dialect) && (only?.contains(backend.dialect) ?? true) {
                let lowered = backend.lower(plan)
                scripts += lowered.files
                statements += lowered.statements
            }
            if spec.dialects.contains(.mysql), only?.contains(.mysql) ?? true { copies = MySQLBackend().onlineCopies(plan) }
        }
        let records = Records.render(plan: plan, analysis: analysis, scripts: scripts, statements: statements, onlineCopies: copies,
                                     outputDir: outputDir, scriptsWritten: scriptsWritten, picture: picture)
        return CompiledChange(id: spec.id.value, files: scripts + records, plan: plan, onlineCopies: copies, statements: statements)
    }
}
