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
    private func diagnostics(_ targets: String, _ set: String) -> [String] {
        let text = """
        plancc: 1
        id: 20261124120000_targets
        title: Targets
        intent: Call what the target has.
        rationale: E0318 near misses.
        risk: high
        dialects: [postgresql, mysql]
        targets: \(targets)
        rollback: { strategy: restore_from_backup }
        changes:
          - backfill: { table: users, set: { ref: \(set) } }
        """
        return SpecLoader.load(bytes: Array(text.utf8), path: "specs/20261124120000_targets.yaml").diagnostics.map { "\($0.code.rawValue) \($0.message)" }
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
}
