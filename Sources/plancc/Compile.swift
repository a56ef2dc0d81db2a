import ArgumentParser
import PlanccKit
import PlanSpec

extension Dialect: ExpressibleByArgument {}

struct Compile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compile specs into scripts, CHANGE.md and plan.json under out/<id>/.")

    @OptionGroup var inputs: SpecInputs
    @Option(name: .shortAndLong, help: "Output directory.", completion: .directory) var output = "out"
    @Option(name: .customLong("dialect"), help: "Only these dialects (repeatable); default: each spec's own.")
    var dialects: [Dialect] = []
    @Flag(help: "Write nothing; exit 1 when the output directory is stale.") var check = false

    func validate() throws {
        try requireOutputFolder(output)
        // out/ holds every dialect and records listing them all; a partial compile cannot match it.
        if check && !dialects.isEmpty {
            throw ValidationError("--check compares a full compile with the output folder; drop --dialect")
        }
    }

    func run() throws {
        let workspace = try inputs.load()
        let diagnostics = workspace.diagnostics
        if !diagnostics.isEmpty {
            printError(DiagnosticOutput.render(workspace, format: .text, colored: stderrIsColorTerminal, quiet: true))
        }
        if workspace.hasErrors { throw Exit.errors }

        let only = dialects.isEmpty ? nil : Set(dialects)
        let output = SpecFiles.outputPath(self.output)
        let compiled = workspace.entries.compactMap { Compiler.compile($0, only: only, outputDir: output) }
        let orphans = OutputWriter.orphans(in: output, compiled: Set(compiled.map(\.id)), inputs: inputs.paths)
        let leftovers = Leftover.find(in: output)
        if check {
            let stale = OutputWriter.staleFiles(compiled, in: output)
                + orphans.map { "\($0.folder)/ (its spec \($0.spec) is gone; compile removes it)" }
                + leftovers.map { "\($0.description); compile removes it" }
            if stale.isEmpty {
                print("\(output)/ is up to date (\(compiled.count) spec(s))")
                return
            }
            printError("plancc: error: \(output)/ is stale; run 'plancc compile \(inputs.paths.map { SpecFiles.displayPath($0) }.joined(separator: " ")) -o \(output)':\n")
            printError(stale.map { "  \($0)\n" }.joined())
            throw Exit.errors
        }
        // First, so that a previous output a killed compile moved aside is back before it is replaced.
        do { try Leftover.clean(leftovers).forEach { print($0) } } catch { throw Exit.io(error) }
        let unremoved: [String]
        do { unremoved = try OutputWriter.write(compiled, to: output) } catch { throw Exit.io(error) }
        do { try OutputWriter.remove(orphans) } catch { throw Exit.io(error) }
        for orphan in orphans {
            print("removed \(orphan.folder)/ (its spec \(orphan.spec) is gone)")
        }
        for change in compiled {
            print("compiled \(change.id) -> \(output)/\(change.id)/ (\(change.files.count) files)")
        }
        // The output is written, but a folder is left in it that --check (and the next compile)
        // will name: an I/O failure, said for each folder with why.
        if !unremoved.isEmpty {
            printError(unremoved.map { "plancc: error: \($0)\n" }.joined())
            throw Exit.io
        }
    }
}
