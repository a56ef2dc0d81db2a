import ArgumentParser
import PlanccKit

extension DiagnosticFormat: ExpressibleByArgument {}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Validate and analyse specs; write nothing.")

    @OptionGroup var inputs: SpecInputs
    @Option(help: "Output format: text, json or sarif.") var format: DiagnosticFormat = .text

    func run() throws {
        let workspace = try inputs.load()
        print(DiagnosticOutput.render(workspace, format: format, colored: format == .text && stdoutIsColorTerminal), terminator: "")
        if workspace.hasErrors { throw Exit.errors }
    }
}
