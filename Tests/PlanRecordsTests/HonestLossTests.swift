import Foundation
import Testing
import TestSupport

/// Issue 12: CHANGE.md states the losses a rollout can bring, where they apply: a rollback of
/// create_table or add_column drops what was written since forward (not "Loss: none"), and an
/// expand/contract rename turns new code's explicit NULL into the old column's default until contract.
struct HonestLossTests {
    static let changes = """
          - create_table:
              table: invoices
              columns:
                - { name: id, type: bigint, nullable: false }
              primary_key: [id]
          - add_column: { table: accounts, column: { name: nickname, type: text } }
          - rename_column: { table: accounts, from: status, to: state }
        """

    static func record() throws -> String {
        let dir = try LiveSpecs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try LiveSpecs.write(id: "20260302001100_honest_losses", title: "Losses in words", dialect: "postgresql",
                                       changes: changes, into: dir)
        let change = try SpecCompiler.compile(path)
        return try #require(SpecCompiler.file(change, "CHANGE.md"))
    }

    @Test func rollbackOfCreatedTablesAndColumnsSaysWhatItDrops() throws {
        let md = try Self.record()
        #expect(md.contains("Change 1 (`create_table`): New table 'invoices'; no stored row is touched. A rollback drops it with every row written to it since forward."), "\(md)")
        #expect(md.contains("A rollback drops 'accounts.nickname' with every value written to it since forward."), "\(md)")
        for change in ["create_table", "add_column"] {
            let line = md.split(separator: "\n").first { $0.hasPrefix("- Change") && $0.contains("(`\(change)`)") }
            #expect(line?.contains("Loss: none.") == false, "\(line ?? "no data line for \(change)")")
            #expect(line?.contains("Loss: none going forward; a rollback drops what was written to it since forward.") == true)
        }
        let rollback = try #require(md.range(of: "## Rollback").map { String(md[$0.lowerBound...]) })
        #expect(rollback.contains("What rollback drops (writes since forward it cannot keep):"), "\(rollback)")
        #expect(rollback.contains("- change 1: table 'invoices' is dropped with every row written to it since forward"), "\(rollback)")
        #expect(rollback.contains("- change 2: column 'accounts.nickname' is dropped with every value written to it since forward"), "\(rollback)")
        // The rename's new column is dropped by rollback too, but its writes are kept in the old one.
        #expect(!rollback.contains("accounts.state' is dropped"), "\(rollback)")
    }

    @Test func renameSaysThatAnExplicitNullGetsTheOldDefault() throws {
        let md = try Self.record()
        let afterForward = try #require(md.range(of: "Application, after forward:").map { String(md[$0.lowerBound...].prefix(1200)) })
        #expect(afterForward.contains("an insert that sets 'state' to NULL explicitly gets that default instead"), "\(afterForward)")
    }
}
