import Foundation
import PlanDiagnostics
import PlanccKit
import Testing
import TestSupport

struct NewSpecTests {
    /// 2026-11-24 09:30:00 UTC.
    static let date = Date(timeIntervalSince1970: 1_795_512_600)

    @Test func idIsUTCTimestampAndSnakeCase() {
        #expect(NewSpec.id(for: "Add phone to users", at: Self.date) == "20261124093000_add_phone_to_users")
        #expect(NewSpec.id(for: "  Orders: add status (FUL-88)! ", at: Self.date) == "20261124093000_orders_add_status_ful_88")
        #expect(NewSpec.id(for: "¿? --", at: Self.date) == nil)
    }

    /// The scaffold decodes and validates; only its placeholders (E0209) keep it from passing.
    @Test func newSpecFailsOnlyOnItsPlaceholdersAndIsNeverOverwritten() throws {
        let dir = try TempDir()
        let path = try NewSpec.create(description: "add phone to users", in: dir.path + "/specs", at: Self.date)
        #expect(path.hasSuffix("/specs/20261124093000_add_phone_to_users.yaml"))
        let workspace = try Workspace.load([path])
        #expect(workspace.entries.first?.loaded.diagnostics.isEmpty == true, "\(workspace.diagnostics.map(\.message))")
        #expect(workspace.diagnostics.map(\.code) == [.scaffoldPlaceholder, .scaffoldPlaceholder], "intent and rationale")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("table: users") && text.contains("name: phone"))

        // The same second again: the next free second, the first file untouched.
        let second = try NewSpec.create(description: "add phone to users", in: dir.path + "/specs", at: Self.date)
        #expect(second.hasSuffix("/specs/20261124093001_add_phone_to_users.yaml"))
        let third = try NewSpec.create(description: "something else", in: dir.path + "/specs", at: Self.date)
        #expect(third.hasSuffix("/specs/20261124093002_something_else.yaml"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test func anyDescriptionGivesACheckableSpec() throws {
        let dir = try TempDir()
        let path = try NewSpec.create(description: "Backfill \"legacy\" rows: #42", in: dir.path, at: Self.date)
        let workspace = try Workspace.load([path])
        #expect(workspace.entries.first?.loaded.diagnostics.isEmpty == true, "\(workspace.diagnostics.map(\.message))")
        #expect(Set(workspace.diagnostics.map(\.code)) == [.scaffoldPlaceholder])
        #expect(workspace.entries.first?.loaded.spec?.title == "Backfill \"legacy\" rows: #42")
    }
}

extension NewSpecTests {
    @Test func longDescriptionsAreCutAfterWholeWords() throws {
        let id = try #require(NewSpec.id(for: String(repeating: "partition orders by month ", count: 5), at: Self.date))
        let slug = id.dropFirst(15)
        #expect(slug.count <= 60)
        #expect(slug.hasPrefix("partition_orders_by_month_partition") && !slug.hasSuffix("_"))
        #expect(slug.split(separator: "_").allSatisfy { ["partition", "orders", "by", "month"].contains(String($0)) })
    }
}
