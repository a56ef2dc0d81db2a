import Foundation
@testable import PlanRules
import Testing
import TestSupport

@Suite struct RuleRegistryTests {
    @Test func idsAreUnique() {
        #expect(RuleRegistry.duplicateIDs(in: RuleRegistry.all) == [])
    }

    @Test func registeringAnIDTwiceIsCaught() {
        #expect(RuleRegistry.duplicateIDs(in: [DropColumnRule.self, DropTableRule.self, DropColumnRule.self]) == ["drop-column"])
    }

    @Test func idsAreKebabCase() {
        for rule in RuleRegistry.all {
            let ok = rule.id.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
                && !rule.id.hasPrefix("-") && !rule.id.hasSuffix("-") && !rule.id.contains("--")
            #expect(ok, "\(rule.id)")
        }
    }

    @Test func everyRuleIsDocumented() {
        for rule in RuleRegistry.all {
            #expect(!rule.title.isEmpty && rule.why.count > 40 && rule.advice.count > 20, "\(rule.id)")
            #expect(!rule.dialects.isEmpty, "\(rule.id)")
        }
    }

    /// Each file under Sources/PlanRules/Rules declares one rule, and every one is registered:
    /// the rule files are the one list.
    @Test func everyRuleFileIsRegistered() throws {
        let folder = Repo.path("Sources/PlanRules/Rules")
        var declared: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            let ids = text.split(separator: "\n").compactMap { line -> String? in
                guard let range = line.range(of: "static let id = \"") else { return nil }
                return String(line[range.upperBound...].prefix { $0 != "\"" })
            }
            #expect(ids.count == 1, "\(file) should declare exactly one rule")
            declared += ids
        }
        #expect(declared.sorted() == RuleRegistry.all.map { $0.id }.sorted())
    }
}
