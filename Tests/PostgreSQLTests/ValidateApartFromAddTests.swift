import Foundation
import Testing
import TestSupport

/// squawk's constraint-missing-not-valid and strong_migrations' validate_foreign_key /
/// validate_check_constraint, proved by construction over every PostgreSQL script plancc writes
/// for the example and test specs: a constraint is added `NOT VALID` in one top-level statement
/// and validated in a later one, and no script opens a transaction around statements (no
/// top-level BEGIN / START TRANSACTION, AUTOCOMMIT never turned off), so under psql each
/// top-level statement (a `DO` block included) commits on its own and the `VALIDATE` never runs
/// while the lock of the `ADD` is held.
struct ValidateApartFromAddTests {
    static var specs: [String] {
        let folders = [Repo.path("specs"), Repo.path("Tests/PostgreSQLTests/Specs")]
        return folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
                .map { folder + "/" + $0 }
        }
    }

    /// The top-level statements of a psql script: a `DO $tag$ ... $tag$;` block, the retry
    /// procedure's definition or a call of it (up to a line `$tag$;` or `$tag$);`), a meta-command
    /// line, or lines up to one ending in `;` (or psql's `\gset`). Comments are left out.
    static func statements(_ script: String) -> [String] {
        var statements: [String] = [], current: [Substring] = [], dollarTag: Substring?, callEnd: String?
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if let tag = dollarTag {
                current.append(line)
                if line == tag + ";" { statements.append(current.joined(separator: "\n")); current = []; dollarTag = nil }
                continue
            }
            if current.isEmpty && (line.hasPrefix("--") || line.isEmpty) { continue }
            if current.isEmpty && line.hasPrefix("\\") { statements.append(String(line)); continue }
            if current.isEmpty && line.hasPrefix("DO $") && line.hasSuffix("$") {
                dollarTag = line.dropFirst(3)
                current.append(line)
                continue
            }
            if current.isEmpty && line.hasPrefix("CALL pg_temp.plancc_step(") { callEnd = "$);" }
            if current.isEmpty && line.hasPrefix("CREATE OR REPLACE PROCEDURE") { callEnd = "$;" }
            if let end = callEnd {
                current.append(line)
                if line.hasPrefix("$") && line.hasSuffix(end) && !line.dropLast(end.count).contains("$, ") {
                    statements.append(current.joined(separator: "\n")); current = []; callEnd = nil
                }
                continue
            }
            current.append(line)
            if line.hasSuffix(";") || line.hasSuffix("\\gset") { statements.append(current.joined(separator: "\n")); current = [] }
        }
        return statements
    }

    @Test(arguments: specs)
    func validateRunsInAStatementOfItsOwnAfterTheAdd(_ path: String) throws {
        let change = try SpecCompiler.compile(path, only: [.postgresql])
        for phase in ["forward", "backfill", "contract", "rollback"] {
            // A baseline has no scripts.
            guard let script = SpecCompiler.file(change, "postgresql/\(phase).sql") else { continue }
            let statements = Self.statements(script)
            for statement in statements {
                let head = statement.uppercased().prefix(20)
                #expect(!head.hasPrefix("BEGIN") && !head.hasPrefix("START TRANSACTION") && !head.hasPrefix("COMMIT"),
                        "\(path) \(phase): a top-level transaction: \(statement)")
                #expect(!statement.uppercased().contains("\\SET AUTOCOMMIT"), "\(path) \(phase): \(statement)")
            }
            for (index, statement) in statements.enumerated() {
                for match in statement.matches(of: #/VALIDATE CONSTRAINT ("(?:[^"]|"")+")/#) {
                    let name = match.1
                    #expect(!statement.contains("ADD CONSTRAINT \(name)"), "\(path) \(phase): ADD and VALIDATE of \(name) in one statement")
                    let added = statements.firstIndex { $0.contains("ADD CONSTRAINT \(name)") && $0.contains("NOT VALID") }
                    if let added { #expect(added < index, "\(path) \(phase): \(name) validated before it is added") }
                }
            }
        }
    }

    /// The proof must see what it proves: the specs validate constraints, and the splitter
    /// finds the DO blocks that hold them.
    @Test func theSpecsValidateConstraintsAndTheSplitterSeesThem() throws {
        var found = 0
        for path in Self.specs {
            let change = try SpecCompiler.compile(path, only: [.postgresql])
            for phase in ["forward", "backfill", "contract"] {
                let statements = Self.statements(SpecCompiler.file(change, "postgresql/\(phase).sql") ?? "")
                found += statements.filter { ($0.hasPrefix("DO $") || $0.hasPrefix("CALL ")) && $0.contains("VALIDATE CONSTRAINT") }.count
            }
        }
        #expect(found >= 3)
        let sample = "-- c\nSELECT true AS a \\gset\nDO $plancc_1$\nBEGIN\n  x;\nEND\n$plancc_1$;\n\\if :a\nSELECT 1\n  FROM t;\n"
        #expect(Self.statements(sample) == ["SELECT true AS a \\gset", "DO $plancc_1$\nBEGIN\n  x;\nEND\n$plancc_1$;", "\\if :a", "SELECT 1\n  FROM t;"])
        let call = "CALL pg_temp.plancc_step('s', $plancc_1$\nDO $plancc$\nBEGIN\nEND\n$plancc$;\n$plancc_1$, $plancc$\nALTER TABLE t VALIDATE CONSTRAINT c;\n$plancc$);\nSELECT 2;\n"
        #expect(Self.statements(call) == [String(call.dropLast("\nSELECT 2;\n".count)), "SELECT 2;"])
    }
}
