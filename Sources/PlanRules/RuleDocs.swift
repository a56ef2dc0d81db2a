import PlanDiagnostics
import PlanSpec
import PlanSupport

/// The rules' documentation, generated from the rule types themselves: the listing of
/// `plancc rules`, one rule's page for `plancc rules ID`, and `docs/rules.md`.
public enum RuleDocs {
    /// `plancc rules`: every rule with its severity, then every diagnostic code.
    public static func listing() -> String {
        let width = RuleRegistry.all.map { $0.id.count }.max() ?? 0
        var out = "Analysis rules (plancc rules ID for why and advice):\n\n"
        for rule in RuleRegistry.all {
            out += "  " + pad(rule.id, width) + "  " + pad(rule.severity.rawValue, 6) + "  " + rule.title + "\n"
        }
        out += "\nDiagnostic codes:\n\n"
        for code in DiagnosticCode.allCases {
            out += "  \(code.rawValue)  " + pad(code.severity.rawValue, 7) + "  \(code.title)\n"
        }
        return out
    }

    /// `plancc rules ID`: a rule's page, or a diagnostic code's title with what its family
    /// means; nil for an unknown id.
    public static func explain(_ id: String) -> String? {
        if let rule = RuleRegistry.rule(id) {
            var out = "\(rule.id): \(rule.title)\n\n"
            out += "risk: \(rule.severity.rawValue)\n"
            out += "dialects: \(rule.dialects.map(\.rawValue).joined(separator: ", "))\n"
            if rule.losesData { out += "loses data: yes; rollback strategy 'reverse' cannot undo it (E0402)\n" }
            out += "\nWhy:\n" + wrap(rule.why) + "\nAdvice:\n" + wrap(rule.advice)
            return out
        }
        if let code = DiagnosticCode(rawValue: id.uppercased()) {
            let family = DiagnosticCatalog.familyExplanation(code)
            return "\(code.rawValue) (\(code.severity.rawValue)): \(code.title)\n"
                + (family.isEmpty ? "" : "\n" + wrap(family))
                + "\nAll codes: docs/diagnostics.md#\(DiagnosticCatalog.anchor(code))\n"
        }
        return nil
    }

    /// The closest rule id or diagnostic code to a mistyped one.
    public static func suggestion(for id: String) -> String? {
        Suggestions.closest(to: id, in: RuleRegistry.all.map { $0.id } + DiagnosticCode.allCases.map(\.rawValue))
    }

    /// `docs/rules.md`.
    public static func markdown() -> String {
        var md = """
            <!-- Generated from Sources/PlanRules/Rules by RuleDocs.markdown(); do not edit.
                 Re-generate: PLANCC_RECORD=1 swift test --filter PlanRulesTests -->
            # Analysis rules

            `plancc check` and `plancc compile` run every rule below on each spec. Each finding
            carries its rule's risk; the computed risk of a spec is the highest among them, and a
            declared `risk:` below it is error E0401, which lists every finding above the declared
            risk. A change that loses data at forward (rules marked "loses data") needs
            `rollback.strategy: restore_from_backup` or `forward_fix`, unless expand_contract keeps
            the data until contract (error E0402). `plancc rules ID` prints one rule.

            | id | risk | title |
            |---|---|---|

            """
        for rule in RuleRegistry.all {
            md += "| [`\(rule.id)`](#\(rule.id)) | \(rule.severity.rawValue) | \(rule.title) |\n"
        }
        for rule in RuleRegistry.all {
            md += "\n## \(rule.id)\n\n**\(rule.title)**. Risk: \(rule.severity.rawValue). "
            md += "Dialects: \(rule.dialects.map(\.displayName).joined(separator: ", ")).\n"
            if rule.losesData { md += "Loses data: rollback strategy `reverse` cannot undo it (E0402).\n" }
            md += "\n\(rule.why)\n\n**Advice:** \(rule.advice)\n"
        }
        md += HazardCatalogue.markdown()
        md += "\n## Diagnostic codes\n\n| code | severity | title |\n|---|---|---|\n"
        for code in DiagnosticCode.allCases {
            md += "| \(code.rawValue) | \(code.severity.rawValue) | \(code.title) |\n"
        }
        return md
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// Word-wraps a paragraph at 88 columns, indented by two spaces.
    private static func wrap(_ text: String) -> String {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > 86 {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.map { "  " + $0 + "\n" }.joined()
    }
}
