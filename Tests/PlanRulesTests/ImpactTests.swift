import PlanRules
import PlanSpec
import Testing

/// The three parts of each change's impact: data, performance per dialect, application.
@Suite struct ImpactTests {
    static func impacts(_ changes: String, mode: String = "single_step", dialects: String = "[postgresql, mysql, mongodb]") throws -> [ChangeImpact] {
        let id = "20260103000000_impact"
        let text = """
            plancc: 1
            id: \(id)
            title: Impact
            intent: Impact estimates.
            rationale: Tests.
            risk: high
            dialects: \(dialects)
            tables:
              users: { rows: 40000 }
            rollback:
              strategy: restore_from_backup
            rollout:
              mode: \(mode)
              batch_size: 1000
            changes:
            \(changes)
            """
        let loaded = SpecLoader.load(bytes: Array(text.utf8), path: id + ".yaml")
        let spec = try #require(loaded.spec, "\(loaded.diagnostics.map(\.message))")
        return Analyzer.analyze(spec).impacts
    }

    @Test func dropColumnLosesEveryValueAtForward() throws {
        let impact = try #require(try Self.impacts("""
              - drop_column: { table: users, column: nickname }
            """).first)
        #expect(impact.changeIndex == 1)
        #expect(impact.data.rows == .all(estimate: 40000))
        #expect(impact.data.loss == .atForward)
        #expect(impact.performance.map(\.dialect) == [.postgresql, .mysql, .mongodb])
        #expect(impact.performance[0].hold == .brief && impact.performance[0].lock == "ACCESS EXCLUSIVE")
        #expect(impact.performance[2].hold == .perBatch)
        #expect(impact.application.map(\.when) == [.beforeForward])
    }

    @Test func varcharWideningStaysInTheCatalogOnPostgreSQL() throws {
        let impact = try #require(try Self.impacts("""
              - alter_column_type: { table: users, column: bio, type: varchar(200), was: varchar(50) }
            """, dialects: "[postgresql, mysql]").first)
        #expect(impact.data.loss == .none)
        let pg = impact.performance[0], my = impact.performance[1]
        #expect(!pg.rewritesTable && pg.hold == .brief)
        // plancc's MySQL script copies the table for every type change.
        #expect(my.rewritesTable && my.hold == .blocking)
    }

    @Test func integerWideningRewritesUnlessExpandContract() throws {
        let change = """
              - alter_column_type: { table: users, column: score, type: bigint, was: integer }
            """
        let single = try #require(try Self.impacts(change).first)
        #expect(single.performance[0].rewritesTable && single.performance[0].hold == .blocking)
        #expect(single.application.map(\.when) == [.beforeForward])
        let soft = try #require(try Self.impacts(change, mode: "expand_contract").first)
        #expect(soft.performance.allSatisfy { !$0.rewritesTable && $0.hold == .perBatch })
        #expect(soft.application.map(\.when) == [.beforeContract])
    }

    @Test func renameUnderExpandContractTellsTheApplicationWhenToMove() throws {
        let impact = try #require(try Self.impacts("""
              - rename_column: { table: users, from: name, to: full_name }
            """, mode: "expand_contract").first)
        #expect(impact.data.rows == .all(estimate: 40000) && impact.data.loss == .none)
        #expect(impact.application.map(\.when) == [.afterForward, .beforeContract])
    }

    @Test func backfillOverwritesExistingValuesButNotNewColumns() throws {
        let impacts = try Self.impacts("""
              - backfill: { table: users, set: { locale: { value: en } }, where: "locale IS NULL" }
              - add_column: { table: users, column: { name: region, type: text } }
              - backfill: { table: users, set: { region: { value: eu } } }
            """, dialects: "[postgresql, mysql]")
        #expect(impacts[0].data.rows == .matching(atMost: 40000) && impacts[0].data.loss == .overwritten)
        #expect(impacts[2].data.rows == .all(estimate: 40000) && impacts[2].data.loss == .none)
        #expect(impacts[0].performance[0].summary == "Updates rows in about 40 batches of 1000, pausing 100ms, with row locks only.")
    }

    @Test func aTableCreatedInTheSpecHasNoRowsToTouch() throws {
        let impacts = try Self.impacts("""
              - create_table: { table: tags, columns: [{ name: id, type: bigint, nullable: false }], primary_key: [id] }
              - create_index: { table: tags, name: idx_tags_id, columns: [id] }
            """)
        #expect(impacts[1].data.rows == .all(estimate: 0))
    }
}
