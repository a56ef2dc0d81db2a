import Foundation
import Testing
import TestSupport

/// `plancc rules` end to end: the listing, one rule, a diagnostic code, and an unknown id.
@Suite(.serialized)
struct RulesCommandTests {
    private func plancc(_ arguments: String) throws -> ProcessResult {
        let binary = try PlanccExecutable.path()
        return Shell.run("cd \(Shell.quote(Repo.root)) && \(Shell.quote(binary)) \(arguments)")
    }

    @Test func listsRulesWithSeverityThenCodes() throws {
        let result = try plancc("rules")
        #expect(result.status == 0, "\(result.output)")
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.contains(["drop-column", "high", "Dropping", "a", "column"]))
        #expect(lines.contains(["E0401", "error", "declared", "risk", "is", "below", "the", "computed", "risk"]))
    }

    @Test func explainsOneRule() throws {
        let result = try plancc("rules rename-in-single-step")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.hasPrefix("rename-in-single-step: Renaming while the application still reads the old name\n"))
        #expect(result.stdout.contains("Why:\n") && result.stdout.contains("Advice:\n") && result.stdout.contains("expand_contract"))
    }

    @Test func explainsADiagnosticCode() throws {
        let result = try plancc("rules E0103")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("E0103 (error): unknown operation\n\n  A key, operation or value does not have the shape spec format 1 allows"), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("\nAll codes: docs/diagnostics.md#structure\n"), "\(result.stdout)")
    }

    @Test func unknownIDIsBadUsageWithASuggestion() throws {
        let result = try plancc("rules drop-colum")
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "plancc: error: unknown rule or code 'drop-colum'; did you mean 'drop-column'?\n")
    }
}
