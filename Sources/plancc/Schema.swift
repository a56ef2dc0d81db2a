import ArgumentParser
import PlanccKit

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the JSON Schema of spec format 1, for editors.")

    func run() throws {
        print(SpecSchema.rendered(), terminator: "")
    }
}
