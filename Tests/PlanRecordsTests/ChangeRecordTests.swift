import Planner
import PlanRecords
import PlanRules
import PlanSpec
import Testing

/// Behaviours of CHANGE.md that the goldens do not pin down one by one.
struct ChangeRecordTests {
    static func record(_ yaml: String, id: String = "20261201000000_probe") throws -> String {
        let loaded = SpecLoader.load(bytes: Array(yaml.utf8), path: "specs/\(id).yaml")
        let spec = try #require(loaded.spec, "\(loaded.diagnostics.map(\.message))")
        let records = Records.render(plan: Planner.plan(spec), analysis: Analyzer.analyze(spec), scripts: [
            GeneratedFile(path: "postgresql/forward.sql", contents: "--\n"), GeneratedFile(path: "mongodb/forward.js", contents: "//\n"),
        ])
        return try #require(records.first { $0.path == "CHANGE.md" }).contents
    }

    static func spec(mode: String, strategy: String = "reverse", change: String) -> String {
        """
        plancc: 1
        id: 20261201000000_probe
        title: Probe
        intent: i
        rationale: r
        risk: high
        dialects: [postgresql, mongodb]
        rollback: { strategy: \(strategy) }
        rollout: { mode: \(mode) }
        changes:
          - \(change)
        """
    }

    @Test func mongoReadersAreWarnedOfARenamedCollection() throws {
        let change = "rename_table: { from: sessions, to: logins }"
        let soft = try Self.record(Self.spec(mode: "expand_contract", change: change))
        #expect(soft.contains("**MongoDB, change 1:** collection `sessions` is renamed to `logins` at forward"))
        let single = try Self.record(Self.spec(mode: "single_step", change: change))
        #expect(!single.contains("**MongoDB, change 1:**"))
    }

    @Test func expandContractDeploysBetweenBackfillAndContract() throws {
        let md = try Self.record(Self.spec(mode: "expand_contract", change: "rename_column: { table: users, from: name, to: full_name }"))
        let order = ["### 2. Forward", "### 3. Backfill", "### 4. Deploy the new application version", "### 5. Contract", "### 6. Verify"]
        let positions = order.map { md.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(md.contains("If contract **has** run"))
    }

    @Test func restoreFromBackupTakesTheBackupFirst() throws {
        let md = try Self.record(Self.spec(mode: "single_step", strategy: "restore_from_backup", change: "drop_column: { table: users, column: name }"))
        #expect(md.contains("Take a backup or snapshot of the affected tables"))
        #expect(md.contains("Restore the data of the affected tables from the backup"))
        #expect(md.contains("What rollback cannot undo"))
    }
}
