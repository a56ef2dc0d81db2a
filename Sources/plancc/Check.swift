import ArgumentParser
import PlanccKit

extension DiagnosticFormat: ExpressibleByArgument {}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Validate and analyse specs; write nothing.")

    @OptionGroup var inputs: SpecInputs
    @Option(help: "Output format: text (a line per spec: declared and computed risk, findings), json, sarif or github (workflow annotations).")
    var format: DiagnosticFormat = .text
    @Flag(name: .shortAndLong, help: "Text format: diagnostics and counts only, no line per spec.") var quiet = false

    func run() throws {
        let workspace = try inputs.load()
        print(DiagnosticOutput.render(workspace, format: format, colored: format == .text && stdoutIsColorTerminal, quiet: quiet),
              terminator: "")
        if workspace.hasErrors { throw Exit.errors }
    }
}
