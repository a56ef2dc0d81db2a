import ArgumentParser
import PlanccKit

struct Docs: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write change records, an index (out/INDEX.md) and the schema after the last spec (out/SCHEMA.md).")

    @OptionGroup var inputs: SpecInputs
    @Option(name: .shortAndLong, help: "Output directory.", completion: .directory) var output = "out"

    func validate() throws { try requireOutputFolder(output) }

    func run() throws {
        let workspace = try inputs.load()
        if !workspace.diagnostics.isEmpty {
            printError(DiagnosticOutput.render(workspace, format: .text, colored: stderrIsColorTerminal, quiet: true))
        }
        if workspace.hasErrors { throw Exit.errors }
        let output = SpecFiles.outputPath(self.output)
        let files = DocsBuilder.build(workspace, outputDir: output)
        do { try DocsBuilder.write(files, to: output) } catch { throw Exit.io(error) }
        let specs = workspace.entries.count
        print("wrote CHANGE.md and plan.json for \(specs) spec(s), \(output)/INDEX.md and \(output)/SCHEMA.md")
    }
}
