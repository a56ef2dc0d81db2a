import Foundation
import PlanSpec
import Testing
import TestSupport

/// `plancc explain` and `plancc new --op` end to end, on the built executable.
@Suite(.serialized)
struct ExplainCommandTests {
    private func plancc(_ arguments: String) throws -> ProcessResult {
        let binary = try PlanccExecutable.path()
        return Shell.run("cd \(Shell.quote(Repo.root)) && \(Shell.quote(binary)) \(arguments)")
    }

    @Test func explainPrintsRiskLocksPhasesAndApplicationSteps() throws {
        let result = try plancc("explain specs/20261124110000_orders_add_status.yaml")
        #expect(result.status == 0, "\(result.output)")
        let text = result.stdout
        #expect(text.hasPrefix("# 20261124110000_orders_add_status: "))
        #expect(text.contains("Risk: declared **medium**, computed **medium** (matches)"))
        // The locks per dialect, the phases with their steps and commands, the application steps.
        #expect(text.contains("| Change 3 (`add_check`) | PostgreSQL | ACCESS EXCLUSIVE briefly; SHARE UPDATE EXCLUSIVE while scanning |"))
        // MySQL's as the script writes it: CHECK copies the table.
        #expect(text.contains("| Change 3 (`add_check`) | MySQL | shared metadata lock (ALGORITHM=COPY, LOCK=SHARED) while rewriting |"))
        for heading in ["### 2. Forward (expand)", "### 3. Backfill (migrate)", "### 4. Contract", "Application, deployed before forward:"] {
            #expect(text.contains(heading), "\(heading)")
        }
        #expect(text.contains("- change 1 (`add_column`, line 23): add column orders.status"))
        #expect(text.contains("psql -v ON_ERROR_STOP=1 -f out/20261124110000_orders_add_status/postgresql/forward.sql"))
        // The same sections as CHANGE.md, not a second wording of them.
        let record = try String(contentsOfFile: Repo.path("out/20261124110000_orders_add_status/CHANGE.md"), encoding: .utf8)
        let rollout = try #require(record.range(of: "## Rollout\n")).lowerBound
        let rolloutEnd = try #require(record.range(of: "\n## Rollback\n")).lowerBound
        #expect(text.contains(String(record[rollout..<rolloutEnd])))
        #expect(result.stderr.isEmpty)
    }

    @Test func explainOfADirectoryExplainsEachSpecAndIsDeterministic() throws {
        let a = try plancc("explain specs"), b = try plancc("explain specs")
        #expect(a.status == 0, "\(a.output)")
        #expect(a.stdout == b.stdout)
        #expect(a.stdout.contains("# 20261124130000_orders_total_cents_bigint: "))
        #expect(a.stdout.contains("This is a baseline"))
    }

    @Test func explainOfABadSpecExitsOneWithItsErrors() throws {
        let result = try plancc("explain Tests/Cases/bad/unknown_operation/20261124120000_unknown_operation.yaml")
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("error[E0103]: unknown operation 'add_colum'; did you mean 'add_column'?"))
    }

    /// Every operation scaffolds a spec the decoder reads: no unknown, missing or mistyped key.
    @Test(arguments: Operation.names)
    func newScaffoldsEachOperation(_ operation: String) throws {
        let dir = NSTemporaryDirectory() + "plancc-new-op-\(operation)-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try plancc("new \"try \(operation)\" --op \(operation) --dir \(Shell.quote(dir))")
        #expect(result.status == 0, "\(result.output)")
        let path = result.stdout.trimmingCharacters(in: .newlines)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\n  - \(operation):"))
        #expect(text.contains("todo_") || text.contains("TODO"))
        let loaded = SpecLoader.load(bytes: Array(text.utf8), path: path)
        let structural = loaded.diagnostics.filter { d in
            d.severity == .error && [.yamlSyntax, .missingKey, .unknownKey, .unknownOperation, .wrongType, .malformedChange, .invalidType].contains(d.code)
        }
        #expect(structural.isEmpty, "\(operation): \(structural.map { "\($0.location.line):\($0.location.column) \($0.message)" })\n\(text)")
        // Checked as it is, the scaffold fails only on its placeholders (its risk is the operation's seed risk).
        let check = try plancc("check \(Shell.quote(path))")
        #expect(check.status == 1)
        let errors = check.output.split(separator: "\n").filter { $0.contains(": error[") }
        #expect(!errors.isEmpty && errors.allSatisfy { $0.contains("error[E0209]") }, "\(operation): \(check.output)")
    }

    /// A drop scaffold, its placeholders filled, checks clean: it declares a rollback strategy
    /// that a data-losing operation allows (reverse would be E0402 once filled).
    @Test(arguments: ["drop_table", "drop_column"])
    func aFilledDropScaffoldChecksClean(_ operation: String) throws {
        let dir = NSTemporaryDirectory() + "plancc-new-filled-\(operation)-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try plancc("new \"try \(operation)\" --op \(operation) --dir \(Shell.quote(dir))")
        #expect(result.status == 0, "\(result.output)")
        let path = result.stdout.trimmingCharacters(in: .newlines)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\n  strategy: restore_from_backup"))
        text = text.replacingOccurrences(of: #""TODO[^"]*""#, with: "\"filled in\"", options: .regularExpression)
            .replacingOccurrences(of: "todo_table", with: "users").replacingOccurrences(of: "todo_column", with: "phone")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let check = try plancc("check \(Shell.quote(path))")
        #expect(check.status == 0, "\(operation): \(check.output)\n\(text)")
        #expect(!check.output.contains("E0402"))
        // With reverse, as the scaffold used to say, the same spec fails on E0402: the test can fail.
        try text.replacingOccurrences(of: "strategy: restore_from_backup", with: "strategy: reverse").write(toFile: path, atomically: true, encoding: .utf8)
        let reverse = try plancc("check \(Shell.quote(path))")
        #expect(reverse.status == 1 && reverse.output.contains("error[E0402]"), "\(reverse.output)")
    }

    @Test func newWithAnUnknownOperationSuggestsOneAndExits64() throws {
        let result = try plancc("new \"x\" --op create_idx --dir /nonexistent-plancc-dir")
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown operation 'create_idx'; did you mean 'create_index'?"))
    }
}
