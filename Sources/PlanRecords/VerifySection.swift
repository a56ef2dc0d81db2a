import Planner

/// What verify checks, in words.
enum VerifySection {
    static func render(_ input: RecordInput) -> String {
        var md = "## Verification\n\nThe verify scripts exit non-zero unless all of these hold:\n\n"
        if input.plan.verify.isEmpty { md += "- nothing is checked for this change\n" }
        for check in input.plan.verify {
            md += "- \(Markdown.cell(CheckText(check.expectation).text)) (change \(check.origin.changeIndex), \(Markdown.code(check.origin.operation)))\n"
        }
        return md
    }
}
