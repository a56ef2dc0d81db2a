import ArgumentParser
import PlanccKit

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the analysis rules, or show one with its advice.")

    @Argument(help: "A rule id or diagnostic code to explain.") var id: String?

    func run() throws {
        throw ValidationError("rules is not built yet")
    }
}
