import PlanRecords

/// `plancc explain`: for each spec of a workspace that loaded, the reviewer's view of its
/// rollout (risk, locks per dialect, phases, application steps), from the record code.
public enum Explain {
    /// `outputDir`: the output folder the commands name, as `compile -o` was given it (`SpecFiles.displayPath`).
    public static func render(_ workspace: Workspace, outputDir: String = "out") -> String {
        workspace.entries.compactMap { entry -> String? in
            guard let spec = entry.spec, let analysis = entry.analysis else { return nil }
            let compiled = Compiler.compile(spec, analysis: analysis, links: entry.tableLinks, outputDir: outputDir)
            let scripts = compiled.files.filter { !Records.fileNames.contains($0.path) }
            return Explanation.render(plan: compiled.plan, analysis: analysis, scripts: scripts, statements: compiled.statements,
                                      onlineCopies: compiled.onlineCopies)
        }.joined(separator: "\n")
    }
}
