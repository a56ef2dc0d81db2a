@testable import PlanRecords
import Testing

/// Author text and generated names must not change the Markdown around them.
struct MarkdownTests {
    @Test func cellsEscapePunctuationButKeepNamesReadable() {
        #expect(Markdown.cell("orders_status_known") == "orders_status_known")
        #expect(Markdown.cell("drop _plancc_dropped_x") == "drop \\_plancc_dropped_x")
        #expect(Markdown.cell("a | b * c <script>") == "a \\| b \\* c \\<script\\>")
        #expect(Markdown.cell("two\nlines") == "two lines")
    }

    @Test func codeSpansOutgrowBackticksInside() {
        #expect(Markdown.code("id") == "`id`")
        #expect(Markdown.code("a`b") == "``a`b``")
        #expect(Markdown.code("`x`") == "`` `x` ``")
    }

    @Test func paragraphsAreTrimmedAndNeverEmpty() {
        #expect(Markdown.paragraph("  text\n") == "text")
        #expect(Markdown.paragraph(" \n") == "_(none given)_")
    }
}
