import Foundation
import PlanccKit
import Testing
import TestSupport

/// MySQL's 65,535-byte row limit is checked over the whole table as the history knows it, not
/// per column: the count plancc makes is MariaDB's own, byte for byte, on both sides of the limit.
@Suite(.serialized, .mariaDB)
struct RowSizeTests {
    /// 8 (bigint) + 64002 (varchar(16000), 4 bytes a character, 2-byte length) + 1522 (varchar(380))
    /// + 3 booleans: 65535 bytes, the limit itself.
    static let wide = """
          - create_table:
              table: wide
              columns:
                - { name: id, type: bigint, nullable: false }
                - { name: a, type: varchar(16000), nullable: false }
                - { name: b, type: varchar(380), nullable: false }
                - { name: c, type: boolean, nullable: false }
                - { name: d, type: boolean, nullable: false }
                - { name: e, type: boolean, nullable: false }
              primary_key: [id]
        """

    @Test("a table at 65535 bytes compiles and MariaDB creates it; one more column is refused by both, located")
    func rowLimitIsTheSumOverTheTable() throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        let dir = try LiveSpecs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try LiveSpecs.write(id: "20260401000000_wide_table", title: "A table at the row limit", dialect: "mysql",
                                        mode: "single_step", changes: Self.wide, into: dir)
        let clean = try Workspace.load([first])
        #expect(clean.diagnostics.isEmpty, "\(clean.diagnostics.map(\.message))")
        let scripts = try SpecCompiler.compile(first, only: [.mysql])
        try server.freshDatabase("rowsize")
        let created = server.run(SpecCompiler.file(scripts, "mysql/forward.sql") ?? "", in: "rowsize")
        #expect(created.succeeded, "\(created.output)")

        // A nullable boolean: 1 byte, and 1 of null bits.
        let second = try LiveSpecs.write(id: "20260401000100_wide_table_flag", title: "One more column", dialect: "mysql",
                                         mode: "single_step", changes: """
              - add_column: { table: wide, column: { name: f, type: boolean } }
            """, into: dir)
        let workspace = try Workspace.load([dir])
        let errors = workspace.diagnostics.filter { $0.severity == .error }
        try #require(errors.count == 1, "\(workspace.diagnostics.map(\.message))")
        let error = errors[0]
        #expect(error.code == .invalidType)
        #expect(error.location.file == SpecFiles.displayPath(second))
        #expect(error.location.line == 16)  // the column's type
        #expect(error.message.contains("table 'wide' is too wide for MySQL and MariaDB: its row would take at least 65537 bytes (limit 65535"),
                "\(error.message)")
        #expect(error.fix?.contains("use text") == true)
        let refused = server.run("ALTER TABLE wide ADD COLUMN f tinyint(1) NULL;", in: "rowsize")
        #expect(!refused.succeeded && refused.output.contains("Row size too large"), "\(refused.output)")
        // The same column NOT NULL is 65536 bytes: still over, for both.
        #expect(!server.run("ALTER TABLE wide ADD COLUMN f tinyint(1) NOT NULL;", in: "rowsize").succeeded)
    }
}
