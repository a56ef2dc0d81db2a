import Testing
@testable import PlanSpec

/// plancc's own names never collide across tables and always fit PostgreSQL's 63 bytes.
struct GeneratedNamesTests {
    /// `user.profile_name` and `user_profile.name` once both became `_plancc_sync_user_profile_name`:
    /// on PostgreSQL every write to "user" failed, on MySQL the second spec dropped the first's triggers.
    @Test func syncNamesOfDifferentColumnsDiffer() {
        let a = GeneratedNames.syncTrigger(table: "user", column: "profile_name")
        let b = GeneratedNames.syncTrigger(table: "user_profile", column: "name")
        #expect(a != b)
        #expect(a.hasPrefix("_plancc_sync_user_profile_name_"))
        #expect(GeneratedNames.notNullCheck(table: "user", column: "profile_name")
                != GeneratedNames.notNullCheck(table: "user_profile", column: "name"))
    }

    @Test func shortNamesKeepTheirReadableForm() {
        #expect(GeneratedNames.shadow("price") == "_plancc_new_price")
        #expect(GeneratedNames.graveyard("notes") == "_plancc_dropped_notes")
        #expect(GeneratedNames.uniqueIndex(table: "users", column: "email") == "users_email_key")
    }

    @Test(arguments: [String(repeating: "a", count: 63), String(repeating: "é", count: 31) + "x", "short"])
    func longNamesAreCutToFitAndStayDistinct(_ name: String) {
        let names = [GeneratedNames.graveyard(name), GeneratedNames.shadow(name),
                     GeneratedNames.syncTrigger(table: name, column: name), GeneratedNames.notNullCheck(table: name, column: name),
                     GeneratedNames.uniqueIndex(table: name, column: name), GeneratedNames.foreignKey(table: name, column: name)]
        for generated in names {
            #expect(generated.utf8.count <= 63, "\(generated)")
        }
        #expect(Set(names).count == names.count)
        // Two long names differing only past the cut still get different names.
        #expect(GeneratedNames.graveyard(name + "1") != GeneratedNames.graveyard(name + "2"))
    }
}
