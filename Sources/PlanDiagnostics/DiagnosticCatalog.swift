/// The reference of every diagnostic code, generated from `DiagnosticCode.allCases` so that
/// `docs/diagnostics.md` cannot drift from the enum (a test compares the two).
public enum DiagnosticCatalog {
    /// Code families by prefix, in the order the enum lists them.
    static let families: [(prefix: String, name: String)] = [
        ("E00", "YAML and files"),
        ("E01", "Structure"),
        ("E02", "Names"),
        ("E03", "Meaning"),
        ("E04", "Risk and rollback"),
        ("W01", "Warnings: portability and dialects"),
        ("W04", "Warnings: risk analysis"),
    ]

    public static func markdown() -> String {
        var out = """
        <!-- Generated from DiagnosticCode.allCases (Sources/PlanDiagnostics); do not edit.
             Regenerate with: PLANCC_RECORD=1 swift test --filter DiagnosticsDocTests -->
        # Diagnostic codes

        Every diagnostic plancc reports carries one of these stable codes, in text
        (`file:line:column: error[E0103]: ...`), JSON (`"code"`) and SARIF (`ruleId`) output.
        Errors (`E`) make `plancc check` and `plancc compile` exit 1; warnings (`W`) do not.


        """
        var listed = Set<DiagnosticCode>()
        for family in families {
            let codes = DiagnosticCode.allCases.filter { $0.rawValue.hasPrefix(family.prefix) }
            guard !codes.isEmpty else { continue }
            out += section(family.name, codes)
            listed.formUnion(codes)
        }
        let rest = DiagnosticCode.allCases.filter { !listed.contains($0) }
        if !rest.isEmpty { out += section("Other", rest) }
        return out
    }

    private static func section(_ name: String, _ codes: [DiagnosticCode]) -> String {
        var out = "## \(name)\n\n| code | severity | title |\n|---|---|---|\n"
        for code in codes {
            out += "| \(code.rawValue) | \(code.severity.rawValue) | \(code.title.replacingPipes) |\n"
        }
        return out + "\n"
    }
}

private extension String {
    /// A `|` would end a Markdown table cell.
    var replacingPipes: String { split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
}
