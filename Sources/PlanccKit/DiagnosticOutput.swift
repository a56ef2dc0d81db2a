import PlanDiagnostics
import Planner
import PlanRules
import PlanSupport

/// The formats `check` can print its result in.
public enum DiagnosticFormat: String, CaseIterable, Sendable {
    case text, json, sarif, github
}

public enum DiagnosticOutput {
    /// `quiet` (text only) leaves out the line per spec, keeping diagnostics and the counts.
    /// `docsURL` (SARIF only): where plancc's repository is published, for the rules' `helpUri`.
    public static func render(_ workspace: Workspace, format: DiagnosticFormat, colored: Bool, quiet: Bool = false,
                              docsURL: String? = nil) -> String {
        let diagnostics = workspace.diagnostics
        switch format {
        case .text:
            var out = TextRenderer(colored: colored, sources: workspace.sources).render(diagnostics)
            if !quiet { out += summaries(workspace) }
            out += counts(workspace)
            return out
        case .json:
            return json(workspace).rendered()
        case .sarif:
            let results = (diagnostics + RuleHelpCatalog.findingResults(workspace)).sortedBySource()
            return SARIFRenderer.render(results, toolVersion: PlanccVersion.current, extraRules: RuleHelpCatalog.sarifRules,
                                        docsURL: docsURL, invocation: SARIFRenderer.Invocation(notes: workspace.notes))
        case .github:
            return workspace.notes.map { "::notice::\(githubData($0))\n" }.joined()
                + (diagnostics + RuleHelpCatalog.findingResults(workspace)).sortedBySource().map(githubAnnotation).joined()
        }
    }

    /// The document a machine format gives when the command could not do its work (a folder
    /// with no specs, one that cannot be read): valid in its format, carrying the error, so a
    /// tool reading stdout sees why instead of an empty file.
    public static func renderFailure(_ message: String, exitCode: Int32, format: DiagnosticFormat, docsURL: String? = nil) -> String {
        switch format {
        case .text:
            return ""
        case .json:
            return JSONValue.object([
                "plancc": .string(PlanccVersion.current),
                "specs": .array([]),
                "errors": .int(1),
                "warnings": .int(0),
                "error": .object(["message": .string(message), "exit_code": .int(Int(exitCode))]),
            ]).rendered()
        case .sarif:
            return SARIFRenderer.render([], toolVersion: PlanccVersion.current, extraRules: RuleHelpCatalog.sarifRules, docsURL: docsURL,
                                        invocation: SARIFRenderer.Invocation(failure: (message, exitCode)))
        case .github:
            return "::error title=plancc::\(githubData(message))\n"
        }
    }

    static func githubData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// The text format in its three parts, for `check` to send each where it belongs: the
    /// diagnostics and the counts to stderr, the line per spec (the result) to stdout.
    public static func textParts(_ workspace: Workspace, colored: Bool) -> (diagnostics: String, report: String, counts: String) {
        (TextRenderer(colored: colored, sources: workspace.sources).render(workspace.diagnostics), summaries(workspace), counts(workspace))
    }

    /// "N spec(s) checked: E error(s), W warning(s)".
    public static func counts(_ workspace: Workspace) -> String {
        let errors = workspace.diagnostics.filter { $0.severity == .error }.count
        let warnings = workspace.diagnostics.filter { $0.severity == .warning }.count
        return "\(workspace.entries.count) spec(s) checked: \(errors) error(s), \(warnings) warning(s)\n"
    }

    /// One line per spec: the risk it declares, the risk the analysis computed, and the rule
    /// id and risk of each finding.
    static func summaries(_ workspace: Workspace) -> String {
        workspace.entries.map { entry in
            let path = entry.loaded.path
            guard let spec = entry.spec, let analysis = entry.analysis else { return "\(path): not analysed (it has errors)\n" }
            let findings = analysis.findings.isEmpty ? "none"
                : analysis.findings.map { "\($0.ruleID) (\($0.risk.rawValue))" }.joined(separator: ", ")
            return "\(path): risk declared \(spec.risk.rawValue), computed \(analysis.computedRisk.rawValue); findings: \(findings)\n"
        }.joined()
    }

    /// `{ "specs": [ { id, path, declared_risk, computed_risk, findings, diagnostics } ], counts }`.
    static func json(_ workspace: Workspace) -> JSONValue {
        let specs: [JSONValue] = workspace.entries.map { entry in
            let path = entry.loaded.path
            let own = workspace.diagnostics.filter { $0.location.file == path }
            return .object([
                "id": (entry.loaded.declaredID ?? SpecFiles.id(fromFileName: path)).map { .string($0) } ?? .null,
                "path": .string(path),
                "declared_risk": entry.loaded.spec.map { .string($0.risk.rawValue) } ?? .null,
                "computed_risk": entry.analysis.map { .string($0.computedRisk.rawValue) } ?? .null,
                "findings": .array((entry.analysis?.findings ?? []).map { finding in
                    .object([
                        "rule": .string(finding.ruleID),
                        "risk": .string(finding.risk.rawValue),
                        "message": .string(finding.message),
                        "file": .string(finding.location.file),
                        "line": .int(finding.location.line),
                        "column": .int(finding.location.column),
                    ])
                }),
                "diagnostics": .array(own.map(JSONRenderer.json)),
            ])
        }
        return .object([
            "plancc": .string(PlanccVersion.current),
            "specs": .array(specs),
            "errors": .int(workspace.diagnostics.filter { $0.severity == .error }.count),
            "warnings": .int(workspace.diagnostics.filter { $0.severity == .warning }.count),
            "notes": .array(workspace.notes.map { .string($0) }),
        ])
    }

    /// A GitHub Actions workflow command: `::error file=F,line=L,col=C,title=CODE::message`.
    static func githubAnnotation(_ d: Diagnostic) -> String {
        let command = switch d.severity { case .error: "error"; case .warning: "warning"; case .note: "notice" }
        func property(_ s: String) -> String {
            data(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        }
        func data(_ s: String) -> String {
            s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
                .replacingOccurrences(of: "\n", with: "%0A")
        }
        let title = d.ruleID ?? d.code.rawValue
        let message = d.fix.map { "\(d.message) (\($0))" } ?? d.message
        return "::\(command) file=\(property(d.location.file)),line=\(d.location.line),col=\(d.location.column),"
            + "title=\(property(title))::\(data(message))\n"
    }
}
