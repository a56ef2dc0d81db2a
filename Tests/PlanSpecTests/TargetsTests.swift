import Foundation
import PlanccKit
import PlanSpec
import Testing

/// `targets:` decodes into the model; what it rejects is in `Tests/Cases/bad/invalid_targets`.
struct TargetsTests {
    private func spec(_ dialects: String, _ targets: String?) throws -> Spec {
        let text = """
        plancc: 1
        id: 20261124120000_targets
        title: Targets
        intent: Decode targets.
        rationale: Output follows the stated server versions.
        risk: low
        dialects: \(dialects)
        \(targets.map { "targets: " + $0 } ?? "")
        rollback: { strategy: reverse }
        changes:
          - add_column: { table: users, column: { name: phone, type: text } }
        """
        let loaded = SpecLoader.load(bytes: Array(text.utf8), path: "specs/20261124120000_targets.yaml")
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.message))")
        return try #require(loaded.spec)
    }

    @Test func unstatedTargetsAreTheLowestSupportedVersions() throws {
        let s = try spec("[postgresql, mysql]", nil)
        #expect(s.targets == Targets())
        #expect(s.targets.postgreSQLVersion == 14)
        #expect(s.targets.mySQLServer == .mysql("8.0"))
        #expect(!s.targets.isMariaDB)
    }

    @Test func quotedAndPlainVersionsMeanTheSame() throws {
        let a = try spec("[postgresql, mysql]", #"{ postgresql: 15, mysql: "8.0" }"#)
        let b = try spec("[postgresql, mysql]", #"{ postgresql: "15", mysql: 8.0 }"#)
        #expect(a.targets == b.targets)
        #expect(a.targets.postgresql == 15)
        #expect(a.targets.mySQLServer.displayName == "MySQL 8.0")
    }

    @Test func mariadbNamesTheMySQLServer() throws {
        let s = try spec("[postgresql, mysql, mongodb]", #"{ postgresql: 18, mariadb: "10.11" }"#)
        #expect(s.targets.postgreSQLVersion == 18)
        #expect(s.targets.mysql == .mariadb("10.11"))
        #expect(s.targets.isMariaDB)
        #expect(s.targets.mySQLServer.displayName == "MariaDB 10.11")
    }
}

/// E0318's near misses: what the stated target has compiles clean (its triggers are in
/// `Tests/Cases/bad/target_lacks_function*`).
struct TargetFunctionTests {
    private func specText(_ id: String, _ targets: String, _ changes: String) -> String {
        """
        plancc: 1
        id: \(id)
        title: Targets
        intent: Call what the target has.
        rationale: E0318 near misses.
        risk: high
        dialects: [postgresql, mysql]
        targets: \(targets)
        rollback: { strategy: restore_from_backup }
        changes:
        \(changes)
        """
    }

    /// The diagnostics of the specs (id, changes), loaded from one folder and replayed in id
    /// order as `plancc check` does: E0318 waits for the history (`TargetFinding`).
    private func diagnostics(_ targets: String, specs: [(String, String)]) throws -> [String] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-targets-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (id, changes) in specs {
            try specText(id, targets, changes).write(toFile: dir + "/" + id + ".yaml", atomically: true, encoding: .utf8)
        }
        return try Workspace.load([dir]).diagnostics.filter { $0.severity == .error }
            .map { "\($0.code.rawValue) \(($0.location.file as NSString).lastPathComponent):\($0.location.line) \($0.message)" }
    }

    private func diagnostics(_ targets: String, _ set: String) -> [String] {
        (try? diagnostics(targets, specs: [("20261124120000_targets", "  - backfill: { table: users, set: { ref: \(set) } }")])) ?? ["(failed)"]
    }

    @Test func functionsOfTheTargetVersionAreAccepted() {
        #expect(diagnostics(#"{ postgresql: 18, mariadb: "10.11" }"#, #"{ postgresql: "uuidv7()", mysql: "SYS_GUID()" }"#) == [])
        #expect(diagnostics(#"{ postgresql: 17, mysql: "8.4" }"#, #"{ postgresql: "uuid_extract_version(gen_random_uuid())", mysql: "BIN_TO_UUID(UUID_TO_BIN(UUID()))" }"#) == [])
    }

    @Test func oneVersionShortIsAnError() {
        let found = diagnostics(#"{ postgresql: 17, mysql: "8.4" }"#, #"{ postgresql: "uuidv7()", mysql: "SYS_GUID()" }"#)
        #expect(found.count == 2, "\(found)")
        #expect(found.allSatisfy { $0.hasPrefix("E0318") }, "\(found)")
        #expect(found.first?.contains("needs PostgreSQL 18") ?? false, "\(found)")
    }

    /// A function of the name the specs create themselves (a polyfill) is the author's: not
    /// missing from the target, whether this spec creates it before the call or an earlier spec
    /// does. Near misses: a call before the creation, a call qualified by pg_catalog, and an
    /// earlier spec that creates some other function.
    @Test func functionsTheSpecsCreateAreNotMissing() throws {
        let create = """
              - sql:
                  forward:
                    postgresql: "CREATE FUNCTION uuidv7() RETURNS uuid LANGUAGE sql AS 'SELECT gen_random_uuid()'"
                    mysql: "CREATE FUNCTION SFORMAT(f text, v text) RETURNS text DETERMINISTIC RETURN CONCAT(f, v)"
                  rollback: { postgresql: "DROP FUNCTION uuidv7()", mysql: "DROP FUNCTION SFORMAT" }
                  risk: medium
            """
        let use = #"  - backfill: { table: users, set: { ref: { postgresql: "uuidv7()", mysql: "SFORMAT('{}', 'x')" } } }"#
        let targets = #"{ postgresql: 16, mysql: "8.0" }"#
        #expect(try diagnostics(targets, specs: [("20261124120000_own", create + "\n" + use)]) == [])
        #expect(try diagnostics(targets, specs: [("20261124110000_polyfill", create), ("20261124120000_use", use)]) == [])

        let before = try diagnostics(targets, specs: [("20261124120000_own", use + "\n" + create)])
        #expect(before.count == 2 && before.allSatisfy { $0.hasPrefix("E0318 20261124120000_own.yaml:11") }, "\(before)")
        let qualified = try diagnostics(targets, specs: [("20261124110000_polyfill", create),
                                                         ("20261124120000_use", #"  - backfill: { table: users, set: { ref: { postgresql: "pg_catalog.uuidv7()", mysql: "'x'" } } }"#)])
        #expect(qualified.count == 1 && qualified.first?.contains("uuidv7() needs PostgreSQL 18") == true, "\(qualified)")
        let other = create.replacingOccurrences(of: "uuidv7", with: "uuidv8").replacingOccurrences(of: "SFORMAT", with: "SFORMAT2")
        let unrelated = try diagnostics(targets, specs: [("20261124110000_polyfill", other), ("20261124120000_use", use)])
        #expect(unrelated.count == 2 && unrelated.allSatisfy { $0.hasPrefix("E0318 20261124120000_use.yaml") }, "\(unrelated)")
    }
}
