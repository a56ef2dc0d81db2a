import PlanDiagnostics
import PlanRules
import PlanSpec
import Testing

/// The declared `risk:` against the computed one (E0401), and rollback enforcement (E0402).
@Suite struct DeclaredRiskTests {
    static func spec(risk: String, strategy: String, mode: String = "single_step", change: String) throws -> Spec {
        let id = "20260102000000_declared_risk"
        let text = """
            plancc: 1
            id: \(id)
            title: Drop users.nickname
            intent: Nobody reads nicknames any more.
            rationale: The profile page dropped them.
            risk: \(risk)
            dialects: [postgresql, mysql, mongodb]
            tables:
              users: { rows: 40000 }
            rollback:
              strategy: \(strategy)
            rollout:
              mode: \(mode)
            changes:
            \(change)
            """
        let loaded = SpecLoader.load(bytes: Array(text.utf8), path: id + ".yaml")
        return try #require(loaded.spec, "\(loaded.diagnostics.map(\.message))")
    }

    static let drop = """
          - drop_column:
              table: users
              column: nickname
        """

    @Test func lowWithADropFailsListingTheReason() throws {
        let spec = try Self.spec(risk: "low", strategy: "restore_from_backup", change: Self.drop)
        let analysis = Analyzer.analyze(spec)
        #expect(analysis.computedRisk == .high)
        let understated = try #require(analysis.diagnostics.first { $0.code == .riskUnderstated })
        #expect(understated.severity == .error)
        #expect(understated.location == spec.riskLocation)
        #expect(understated.message == "declared risk 'low' is below the computed risk 'high'")
        let note = try #require(understated.notes.first { $0.message.contains("[drop-column]") })
        #expect(note.location?.line == 17)
        #expect(understated.notes.allSatisfy { $0.message.hasPrefix("high [") })
    }

    @Test func mediumListsEveryFindingAboveIt() throws {
        let spec = try Self.spec(risk: "medium", strategy: "restore_from_backup", change: Self.drop + """

              - sql:
                  forward: { postgresql: "SELECT 1", mysql: "SELECT 1", mongodb: "db.users.findOne()" }
            """)
        let understated = try #require(Analyzer.analyze(spec).diagnostics.first { $0.code == .riskUnderstated })
        let rules = understated.notes.compactMap { $0.message.split(separator: "[").dropFirst().first?.split(separator: "]").first }
        #expect(rules == ["drop-column", "raw-sql-without-rollback"])
    }

    @Test func highWithRestoreFromBackupPasses() throws {
        let analysis = Analyzer.analyze(try Self.spec(risk: "high", strategy: "restore_from_backup", change: Self.drop))
        #expect(analysis.diagnostics.isEmpty)
        #expect(analysis.findings.map(\.ruleID) == ["drop-column"])
    }

    @Test func aDeclaredRiskAboveTheComputedOneIsFine() throws {
        let change = """
              - add_column:
                  table: users
                  column: { name: nickname2, type: text }
            """
        let analysis = Analyzer.analyze(try Self.spec(risk: "high", strategy: "reverse", change: change))
        #expect(analysis.computedRisk == .low)
        #expect(analysis.diagnostics.isEmpty)
    }

    @Test func reverseCannotUndoADrop() throws {
        let spec = try Self.spec(risk: "high", strategy: "reverse", change: Self.drop)
        let diagnostics = Analyzer.analyze(spec).diagnostics
        #expect(diagnostics.map(\.code) == [.rollbackLosesData])
        let error = try #require(diagnostics.first)
        #expect(error.location.line == 15)
        #expect(error.notes.contains { $0.message.hasPrefix("[drop-column]") })
        #expect(error.notes.contains { $0.location == spec.rollback.location })
        let fix = try #require(error.fix)
        #expect(fix.contains("restore_from_backup") && fix.contains("forward_fix") && fix.contains("expand_contract"))
    }

    @Test func forwardFixAlsoPasses() throws {
        #expect(Analyzer.analyze(try Self.spec(risk: "high", strategy: "forward_fix", change: Self.drop)).diagnostics.isEmpty)
    }

    @Test func aSoftDropKeepsReverseValidUntilContract() throws {
        let analysis = Analyzer.analyze(try Self.spec(risk: "high", strategy: "reverse", mode: "expand_contract", change: Self.drop))
        #expect(analysis.diagnostics.isEmpty)
        #expect(analysis.impacts.first?.data.loss == .atContract)
    }

    @Test func narrowingUnderReverseFailsUnlessExpandContract() throws {
        let change = """
              - alter_column_type:
                  table: users
                  column: nickname
                  type: varchar(20)
                  was: varchar(40)
            """
        let single = Analyzer.analyze(try Self.spec(risk: "high", strategy: "reverse", change: change))
        #expect(single.diagnostics.map(\.code) == [.rollbackLosesData])
        #expect(single.diagnostics.first?.notes.first?.message.hasPrefix("[narrowing-type-change]") == true)
        #expect(single.diagnostics.first?.fix?.contains("old column beside the new one") == true)
        let soft = Analyzer.analyze(try Self.spec(risk: "high", strategy: "reverse", mode: "expand_contract", change: change))
        #expect(soft.diagnostics.isEmpty)
    }

    @Test func sqlWithoutRollbackUnderReverseFails() throws {
        let change = """
              - sql:
                  forward: { postgresql: "DELETE FROM users WHERE id < 0", mysql: "DELETE FROM users WHERE id < 0", mongodb: "db.users.deleteMany({})" }
            """
        let diagnostics = Analyzer.analyze(try Self.spec(risk: "high", strategy: "reverse", change: change)).diagnostics
        #expect(diagnostics.map(\.code) == [.rollbackLosesData])
        #expect(diagnostics.first?.fix?.contains("give the sql change a rollback") == true)
    }
}
