import Testing
import TestSupport

/// CHANGE.md explains each large-table MySQL copy: the tool the history calls for, why, the
/// command, and how that tool cuts over. Compiled from the example specs with their history.
struct OnlineCopyRecordTests {
    static func changeRecord(_ spec: String) throws -> String {
        let change = try SpecCompiler.compile(Repo.path("specs/\(spec).yaml"))
        return try #require(SpecCompiler.file(change, "CHANGE.md"))
    }

    @Test func foreignKeysKnownToTheHistoryChoosePtOnlineSchemaChange() throws {
        let md = try Self.changeRecord("20261124110000_orders_add_status")
        #expect(md.contains("- change 3 (`add_check`), `mysql/backfill.sql`, table `orders`: **pt-online-schema-change**, because 'orders' has foreign keys (orders.orders_user_id_fk to users)"), "\(md)")
        #expect(md.contains("pt-online-schema-change --alter='ADD CONSTRAINT `orders_status_known` CHECK"))
        #expect(md.contains("--alter-foreign-keys-method=auto --preserve-triggers"))
        #expect(md.contains("swaps the tables with one atomic `RENAME TABLE`"))
        #expect(!md.contains("gh-ost --host"))
    }

    @Test func aTableTheBaselineKnowsWithoutForeignKeysChoosesGhost() throws {
        let md = try Self.changeRecord("20261125093000_audit_events_primary_key")
        #expect(md.contains("`mysql/rollback.sql`, table `audit_events`: **gh-ost**, because the schema history"), "\(md)")
        #expect(md.contains("gh-ost --host=HOST --database=DB --table='audit_events' --alter='DROP PRIMARY KEY'"))
        #expect(md.contains("--postpone-cut-over-flag-file"))
        #expect(!md.contains("pt-online-schema-change --alter"))
    }

    @Test func changesWithoutATableCopySayNothingOfIt() throws {
        let md = try Self.changeRecord("20261124093000_users_add_phone")
        #expect(!md.contains("MySQL, large tables"))
    }
}
