import ArgumentParser
import PlanccKit

struct Docs: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write change records and an index (out/INDEX.md).")

    @OptionGroup var inputs: SpecInputs
    @Option(name: .shortAndLong, help: "Output directory.") var output = "out"

    func run() throws {
        throw ValidationError("docs is not built yet")
    }
}
