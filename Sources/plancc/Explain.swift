import ArgumentParser
import PlanccKit

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print, for a reviewer, each phase of a spec: its steps, the locks they take per dialect, what the application must do between them, and the computed risk."
    )

    @OptionGroup var inputs: SpecInputs
    // Like compile's and docs', though explain writes nothing: the commands it prints name the
    // scripts where `compile -o` wrote them.
    @Option(name: .shortAndLong, help: "The output directory the printed commands name (where 'plancc compile -o' writes the scripts); explain writes nothing.",
            completion: .directory)
    var output = "out"

    func validate() throws { try requireOutputFolder(output) }

    func run() throws {
        let workspace: Workspace
        do { workspace = try Workspace.load(inputs.paths) } catch { throw Exit.io(error) }
        if !workspace.diagnostics.isEmpty {
            printError(DiagnosticOutput.render(workspace, format: .text, colored: stderrIsColorTerminal, quiet: true))
        }
        if workspace.hasErrors { throw Exit.errors }
        print(Explain.render(workspace, outputDir: SpecFiles.outputPath(output)), terminator: "")
    }
}
