import PlanSupport
import Testing

struct SuggestionsTests {
    @Test func editDistance() {
        #expect(Suggestions.editDistance("", "abc") == 3)
        #expect(Suggestions.editDistance("kitten", "sitting") == 3)
        #expect(Suggestions.editDistance("add_colum", "add_column") == 1)
        #expect(Suggestions.editDistance("é", "e") == 1)
        #expect(Suggestions.editDistance("emial", "email") == 1)
        #expect(Suggestions.editDistance("ca", "abc") == 3)
    }

    @Test func closestWithinAThirdOfTheWord() {
        let operations = ["add_column", "drop_column", "rename_column", "add_check"]
        #expect(Suggestions.closest(to: "add_colum", in: operations) == "add_column")
        #expect(Suggestions.closest(to: "ADD_COLUMN", in: operations) == "add_column")
        #expect(Suggestions.closest(to: "teleport", in: operations) == nil)
        #expect(Suggestions.closest(to: "", in: operations) == nil)
    }

    @Test func firstOfEquallyCloseCandidatesWins() {
        #expect(Suggestions.closest(to: "cat", in: ["bat", "cut"]) == "bat")
    }
}
