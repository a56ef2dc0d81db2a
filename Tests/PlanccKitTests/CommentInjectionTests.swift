import Foundation
import Planner
import Testing
import TestSupport

/// Spec text that reaches comments (notes, intent) must stay inside them: SQL lexers end a
/// `--` comment at `\r` as well as `\n`, and JavaScript ends `//` at U+2028 and U+2029 too.
@Suite struct CommentInjectionTests {
    @Test func everyLineTerminatorStartsANewCommentLine() {
        let text = "a\rb\r\nc\nd\u{2028}e\u{2029}f\u{85}g\u{0B}h\u{0C}i"
        #expect(CommentText.lines(text) == ["a", "b", "c", "d", "e", "f", "g", "h", "i"])
        #expect(CommentText.lines("nul\u{0}bell\u{7}") == ["nul\u{FFFD}bell\u{FFFD}"])
        var script = ScriptBuilder(commentPrefix: "--")
        script.comment("x\r\\! id")
        #expect(script.text == "-- x\n-- \\! id\n")
    }

    @Test func hostileNotesStayInCommentsInEveryScript() throws {
        let change = try SpecCompiler.compile(Repo.path("Tests/PlanccKitTests/Specs/20261124093000_hostile_notes.yaml"))
        let scripts = change.files.filter { $0.path.hasSuffix(".sql") || $0.path.hasSuffix(".js") }
        #expect(scripts.count == 15)
        for file in scripts {
            let prefix = file.path.hasSuffix(".js") ? "//" : "--"
            // Lines as an engine's lexer sees them: split at every terminator, not just "\n".
            for line in file.contents.split(whereSeparator: { "\r\n\u{2028}\u{2029}\u{85}\u{0B}\u{0C}".contains($0) }) {
                for marker in ["DROP TABLE users", "dropDatabase", "\\! touch", "\\! id", "\\! ls", "print(1)"] where line.contains(marker) {
                    #expect(line.hasPrefix(prefix), "\(file.path): '\(line)' is outside a comment")
                }
            }
            #expect(!file.contents.unicodeScalars.contains { $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" },
                    "\(file.path) carries a raw line terminator")
        }
    }
}
