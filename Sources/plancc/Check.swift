import ArgumentParser
import PlanccKit

extension DiagnosticFormat: ExpressibleByArgument {}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Validate and analyse specs; write nothing.")

    @OptionGroup var inputs: SpecInputs
    @Option(help: "Output format: text (diagnostics and counts on stderr, a line per spec on stdout: declared and computed risk, findings), or on stdout json, sarif or github (workflow annotations).")
    var format: DiagnosticFormat = .text
    @Flag(name: .shortAndLong, help: "Text format: diagnostics and counts only, no line per spec.") var quiet = false

    func run() throws {
        let workspace = try inputs.load()
        if format == .text {
            // Diagnostics and counts on stderr, like every command's; the line per spec is the result.
            let parts = DiagnosticOutput.textParts(workspace, colored: stderrIsColorTerminal)
            printError(parts.diagnostics)
            if !quiet { printOutput(parts.report) }
            printError(parts.counts)
        } else {
            // The machine formats are the result itself: stdout, for a file or a pipe.
            printOutput(DiagnosticOutput.render(workspace, format: format, colored: false))
        }
        if workspace.hasErrors { throw Exit.errors }
    }
}
