import ArgumentParser
import PlanccKit
import PlanSpec

extension SchemaAt.Format: ExpressibleByArgument {}

struct SchemaAtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema-at",
        abstract: "Print the schema the specs leave after spec ID, replayed from the history (no database is read): as a baseline spec, as DDL for an empty database, or as a Mermaid diagram."
    )

    @Argument(help: "The spec: its id, its 14-digit timestamp, or its file name.")
    var id: String

    @Option(help: "The folder of specs whose history is replayed.")
    var dir = "specs"

    @Option(help: "The dialect of --format sql (postgresql or mysql), and whose type spellings a diagram shows; by default the first the specs target.")
    var dialect: Dialect?

    @Option(help: "yaml (a kind: baseline spec), sql (CREATE statements that run on the engine) or mermaid (an erDiagram).")
    var format: SchemaAt.Format = .yaml

    func run() throws {
        let workspace: Workspace
        do { workspace = try Workspace.load([dir]) } catch { throw Exit.io(error) }
        do throws(SchemaAt.Failure) {
            let specs = try SchemaAt.history(workspace, upTo: id)
            print(try SchemaAt.render(specs, format: format, dialect: dialect), terminator: "")
        } catch {
            printError("plancc: error: \(error.message)\n")
            throw Exit.errors
        }
    }
}
