import ArgumentParser
import PlanccKit

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the analysis rules, or show one with its advice.")

    @Argument(help: "A rule id (e.g. drop-column) or diagnostic code (e.g. E0103) to explain.",
              completion: .list(RuleHelpCatalog.ids)) var id: String?

    func run() throws {
        guard let id else {
            print(RuleHelpCatalog.listing, terminator: "")
            return
        }
        guard let text = RuleHelpCatalog.explain(id) else {
            let hint = RuleHelpCatalog.suggestion(for: id).map { "; did you mean '\($0)'?" } ?? "; 'plancc rules' lists them"
            printError("plancc: error: unknown rule or code '\(id)'\(hint)\n")
            throw ExitCode(64)
        }
        print(text, terminator: "")
    }
}
