import Foundation
import PlanccKit
import Testing
import TestSupport

/// `plancc docs` over the example specs: a record pair per spec and an index, written beside
/// existing scripts without touching them.
struct DocsBuilderTests {
    @Test func writesRecordsAndIndexAndLeavesScriptsAlone() throws {
        let workspace = try Workspace.load([Repo.path("specs")])
        #expect(!workspace.hasErrors)
        let files = DocsBuilder.build(workspace)
        let ids = workspace.entries.compactMap { $0.spec?.id.value }.sorted()
        #expect(files.map(\.path) == ids.flatMap { ["\($0)/CHANGE.md", "\($0)/plan.json"] } + ["INDEX.md", "SCHEMA.md"])
        let schema = try #require(files.last?.contents)
        // The example specs spell every type portably: one diagram serves the three dialects.
        #expect(schema.contains("## PostgreSQL, MySQL, MongoDB\n\n```mermaid\nerDiagram\n"), "\(schema)")
        #expect(schema.contains("orders }o--o| users"), "the foreign key of the example specs is not drawn:\n\(schema)")

        let out = try TempDir()
        let script = try out.write("-- an older script\n", to: "\(ids[1])/postgresql/forward.sql")
        try DocsBuilder.write(files, to: out.path)
        #expect(try String(contentsOfFile: script, encoding: .utf8) == "-- an older script\n")
        for file in files {
            #expect(try String(contentsOfFile: out.path + "/" + file.path, encoding: .utf8) == file.contents)
        }
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: out.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func indexListsEveryChangeInIdOrderWithLinks() throws {
        let workspace = try Workspace.load([Repo.path("specs")])
        let index = try #require(DocsBuilder.build(workspace).first { $0.path == "INDEX.md" }?.contents)
        let ids = workspace.entries.compactMap { $0.spec?.id.value }.sorted()
        var position = index.startIndex
        for id in ids {
            let link = try #require(index.range(of: "](\(id)/CHANGE.md)", range: position..<index.endIndex), "\(id) missing or out of order")
            position = link.upperBound
        }
    }
}
