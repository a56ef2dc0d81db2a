import ArgumentParser
import PlanccKit

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Scaffold a commented spec with a fresh id.")

    @Argument(help: "What the change does, e.g. \"add phone to users\".") var description: String
    @Option(help: "Where to write the spec.", completion: .directory) var dir = "specs"
    @Option(name: .customLong("op"), help: "Scaffold this operation (e.g. create_index) instead of add_column.",
            completion: .list(NewSpec.operations)) var operation: String?

    func run() throws {
        do {
            print(try NewSpec.create(description: description, in: dir, operation: operation))
        } catch .badDescription {
            throw ValidationError("the description needs a letter or digit to name the spec by")
        } catch let .unknownOperation(name) {
            throw ValidationError(NewSpec.unknownOperationMessage(name))
        } catch let .io(failure) {
            throw Exit.io(failure)
        }
    }
}
