import Foundation
import Testing
import TestSupport

/// `plancc compile` end to end: what it writes, `--check`, `--dialect`, and that a failed
/// run leaves the output folder exactly as it was.
@Suite(.serialized)
struct CompileCommandTests {
    static let goodSpec = "specs/20261124093000_users_add_phone.yaml"
    static let badSpec = "Tests/Cases/bad/unknown_operation/20261124120000_unknown_operation.yaml"

    private func plancc(_ arguments: String) throws -> ProcessResult {
        let binary = try PlanccExecutable.path()
        return Shell.run("cd \(Shell.quote(Repo.root)) && \(Shell.quote(binary)) \(arguments)")
    }

    private func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-compile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Every file under `dir`, relative path to contents.
    private func snapshot(_ dir: String) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: dir)
        while let entry = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + entry, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[entry] = FileManager.default.contents(atPath: dir + "/" + entry)
            }
        }
        return files
    }

    @Test func writesFiveScriptsPerDialectAndTheRecords() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try plancc("compile \(Self.goodSpec) -o \(Shell.quote(out))")
        #expect(result.status == 0, "\(result.output)")
        let files = Set(snapshot(out + "/20261124093000_users_add_phone").keys)
        var expected: Set<String> = ["CHANGE.md", "plan.json"]
        for phase in ["forward", "backfill", "contract", "rollback", "verify"] {
            expected.insert("postgresql/\(phase).sql")
            expected.insert("mysql/\(phase).sql")
            expected.insert("mongodb/\(phase).js")
        }
        #expect(files == expected)
        #expect(!snapshot(out).keys.contains { $0.contains(".tmp-") || $0.contains(".old-") })
    }

    @Test func sameInputSameBytes() throws {
        let first = try temporaryDirectory(), second = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: first); try? FileManager.default.removeItem(atPath: second) }
        // CHANGE.md names the output folder as given, so both are `out`, each in its own directory.
        let binary = try PlanccExecutable.path(), specs = Shell.quote(Repo.path("specs"))
        #expect(Shell.run("cd \(Shell.quote(first)) && \(Shell.quote(binary)) compile \(specs) -o out").status == 0)
        #expect(Shell.run("cd \(Shell.quote(second)) && \(Shell.quote(binary)) compile \(specs) -o out").status == 0)
        let a = snapshot(first), b = snapshot(second)
        #expect(!a.isEmpty)
        #expect(a == b)
    }

    @Test func checkPassesWhenFreshAndFailsWhenStale() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try plancc("compile \(Self.goodSpec) -o \(Shell.quote(out))").status == 0)
        #expect(try plancc("compile \(Self.goodSpec) -o \(Shell.quote(out)) --check").status == 0)

        let script = out + "/20261124093000_users_add_phone/postgresql/forward.sql"
        try Data("-- edited by hand\n".utf8).write(to: URL(fileURLWithPath: script))
        let before = snapshot(out)
        let stale = try plancc("compile \(Self.goodSpec) -o \(Shell.quote(out)) --check")
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("postgresql/forward.sql"))
        #expect(snapshot(out) == before, "--check must write nothing")
    }

    @Test func aSpecWithErrorsLeavesTheOutputAsItWas() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try plancc("compile \(Self.goodSpec) -o \(Shell.quote(out))").status == 0)
        try Data("-- kept\n".utf8).write(to: URL(fileURLWithPath: out + "/20261124093000_users_add_phone/postgresql/forward.sql"))
        let before = snapshot(out)
        let result = try plancc("compile \(Self.goodSpec) \(Self.badSpec) -o \(Shell.quote(out))")
        #expect(result.status == 1)
        #expect(result.stderr.contains("error[E0103]"))
        #expect(snapshot(out) == before)
    }

    @Test func dialectOptionLimitsTheScripts() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try plancc("compile \(Self.goodSpec) -o \(Shell.quote(out)) --dialect mysql").status == 0)
        let folders = Set(snapshot(out + "/20261124093000_users_add_phone").keys.compactMap { $0.split(separator: "/").count > 1 ? String($0.split(separator: "/")[0]) : nil })
        #expect(folders == ["mysql"])
    }

    @Test func anUnwritableOutputIsAnIOError() throws {
        let result = try plancc("compile \(Self.goodSpec) -o /proc/plancc-cannot-write-here")
        #expect(result.status == 74)
        #expect(result.stderr.contains("plancc: error:"))
    }
}
