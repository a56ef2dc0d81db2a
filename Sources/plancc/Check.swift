import ArgumentParser
import Foundation
import PlanccKit

extension DiagnosticFormat: ExpressibleByArgument {}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Validate and analyse specs; write nothing.")

    @OptionGroup var inputs: SpecInputs
    @Option(help: "Output format: text (diagnostics and counts on stderr, a line per spec on stdout: declared and computed risk, findings), or on stdout json, sarif or github (workflow annotations).")
    var format: DiagnosticFormat = .text
    @Flag(name: .shortAndLong, help: "Text format: diagnostics and counts only, no line per spec.") var quiet = false

    @Option(name: .customLong("docs-url"),
            help: "SARIF: the absolute URL plancc's repository tree is published at (e.g. https://github.com/ORG/plancc/blob/v0.1.0); each rule then links its docs/rules.md or docs/diagnostics.md section as helpUri. Without it, the helpUri is the file:// URI of those docs on this machine (the checkout plancc was built in, or PREFIX/share/doc/plancc), when they are there.")
    var docsURL: String?

    /// The base of the rules' helpUri: --docs-url, else plancc's own docs on this machine.
    private var helpBase: String? { format == .sarif ? docsURL ?? LocalDocs.baseURL() : nil }

    func validate() throws {
        if let docsURL {
            guard format == .sarif else { throw ValidationError("--docs-url is for --format sarif") }
            guard docsURL.range(of: #"^[A-Za-z][A-Za-z0-9+.-]*://[^\s]+$"#, options: .regularExpression) != nil else {
                throw ValidationError("--docs-url must be an absolute URL (SARIF's helpUri is one), e.g. https://github.com/ORG/plancc/blob/main")
            }
        }
    }

    func run() throws {
        let workspace: Workspace
        do { workspace = try inputs.loadOrFail() } catch {
            // The machine formats still give a document, carrying the error.
            if format != .text {
                printOutput(DiagnosticOutput.renderFailure(error.description, exitCode: error.exitCode, format: format, docsURL: helpBase))
            }
            throw Exit.io(error)
        }
        if format == .text {
            // Diagnostics and counts on stderr, like every command's; the line per spec is the result.
            let parts = DiagnosticOutput.textParts(workspace, colored: stderrIsColorTerminal)
            printError(parts.diagnostics)
            if !quiet { printOutput(parts.report) }
            printError(parts.counts)
        } else {
            // The machine formats are the result itself: stdout, for a file or a pipe.
            printOutput(DiagnosticOutput.render(workspace, format: format, colored: false, docsURL: helpBase))
        }
        if workspace.hasErrors { throw Exit.errors }
    }
}
