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

    /// What a family of codes means and what to do about it: the help SARIF shows beside a
    /// diagnostic, whose message already names the spot and the fix.
    static let familyHelp: [String: String] = [
        "E00": "The file is not one YAML 1.2 document within plancc's limits (docs/yaml.md: core schema, one document, "
            + "size, depth and alias limits, UTF-8). Fix the YAML at the line shown; the rest of the spec is checked once it parses.",
        "E01": "A key, operation or value does not have the shape spec format 1 allows (docs/spec-format.md, `plancc schema`). "
            + "The message names the key and, when one is close, the spelling meant.",
        "E02": "An id or a name breaks a rule: the id and file naming rule, a dialect's identifier rules and length limits "
            + "(names generated from it included), a name defined twice or by another spec, or a `plancc new` placeholder left in. "
            + "Rename, or fill in the placeholder, as the message says.",
        "E03": "The spec is well formed but cannot be compiled as written: it changes a table or column an earlier change removed "
            + "or that is not defined, a literal does not fit its type, a listed dialect cannot express the operation or lacks its text, "
            + "or rollback lacks the `was` fact it needs, or SQL text calls a function the target server version (`targets:`) does not have. "
            + "The message names both places when two are involved.",
        "E04": "The declared risk or rollback does not match what the analysis computed (docs/rules.md): declare at least the "
            + "computed risk, or a rollback strategy that can undo the change (restore_from_backup or forward_fix for data loss).",
        "W01": "The spec compiles, but on one listed dialect it does not do what it says everywhere else: SQL text that means "
            + "something else there, a missing `was` fact, an operation with no effect there, a default plancc compiles as volatile "
            + "because it calls a volatile function, a function PostgreSQL does not ship. Read what that dialect's scripts do instead.",
        "W04": "A risk finding of the analysis, for the reviewer; it does not stop the compile (`plancc rules` lists the rules).",
    ]

    /// What the family of `code` means and what to do about it.
    public static func familyExplanation(_ code: DiagnosticCode) -> String {
        familyHelp.first { code.rawValue.hasPrefix($0.key) }?.value ?? ""
    }

    /// The help of one code: its title, severity and its family's explanation.
    public static func help(_ code: DiagnosticCode) -> String {
        let family = familyHelp.first { code.rawValue.hasPrefix($0.key) }?.value ?? ""
        return "\(code.rawValue) (\(code.severity.rawValue)): \(code.title). \(family)"
    }

    /// The heading of docs/diagnostics.md that lists `code`, as a GitHub anchor (`yaml-and-files`).
    public static func anchor(_ code: DiagnosticCode) -> String {
        let name = families.first { code.rawValue.hasPrefix($0.prefix) }?.name ?? "Other"
        return String(name.lowercased().unicodeScalars.compactMap { s -> Character? in
            if s == " " { return "-" }
            return (("a"..."z").contains(s) || ("0"..."9").contains(s) || s == "-") ? Character(s) : nil
        })
    }

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
