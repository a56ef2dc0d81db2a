import Foundation
import PlanDiagnostics
import PlanccKit
import Testing
import TestSupport

struct SARIFRendererTests {
    private func render(_ diagnostics: [Diagnostic]) throws -> [String: Any] {
        let text = SARIFRenderer.render(diagnostics, toolVersion: "1.2.3",
                                        extraRules: [.init(id: "drop-column", name: "drop column", help: "soft-drop it",
                                                                   docPath: "docs/rules.md#drop-column")])
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func requiredFieldsRulesAndRegions() throws {
        let at = PlanDiagnostics.SourceLocation(file: "specs/my spec é.yaml", line: 3, column: 7, offset: 40)
        let log = try render([
            Diagnostic(.unknownKey, "unknown key 'titel'", at: at, fix: "use 'title'"),
            Diagnostic(.riskFinding, "drops a column", at: at, severity: .warning, ruleID: "drop-column"),
        ])
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["version"] as? String == "1.2.3")
        let ruleIDs = try #require(driver["rules"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(ruleIDs == DiagnosticCode.allCases.map(\.rawValue) + ["drop-column"])
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.map { $0["ruleId"] as? String } == ["E0102", "drop-column"])
        #expect(results.map { $0["ruleIndex"] as? Int } == [ruleIDs.firstIndex(of: "E0102"), ruleIDs.count - 1])
        #expect(results.map { $0["level"] as? String } == ["error", "warning"])
        #expect((results[0]["message"] as? [String: Any])?["text"] as? String == "unknown key 'titel' (use 'title')")
        let physical = try #require((results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "specs/my%20spec%20%C3%A9.yaml")
        let region = try #require(physical["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 3)
        #expect(region["startColumn"] as? Int == 7)
    }

    @Test func noDiagnosticsIsAnEmptyResultList() throws {
        let run = try #require((try render([])["runs"] as? [[String: Any]])?.first)
        #expect((run["results"] as? [Any])?.isEmpty == true)
    }

    /// SARIF 2.1.0's constraints on what plancc writes (sarifLog, run, toolComponent,
    /// reportingDescriptor, multiformatMessageString, result, location, region), transcribed
    /// from the OASIS standard into Draft 2020-12, closed where the standard is closed; URIs
    /// SARIF wants absolute (informationUri, helpUri) must have a scheme, artifact URIs must be
    /// URI references (no raw space or non-ASCII).
    static let sarifSchema = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "type": "object", "required": ["version", "runs"], "additionalProperties": false,
      "properties": {
        "$schema": {"type": "string", "pattern": "^[a-z][a-z0-9+.-]*://"},
        "version": {"enum": ["2.1.0"]},
        "runs": {"type": "array", "items": {"$ref": "#/$defs/run"}}
      },
      "$defs": {
        "absoluteUri": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+$"},
        "uriReference": {"type": "string", "pattern": "^[A-Za-z0-9._~/%:@!$&'()*+,;=?#-]*$"},
        "message": {"type": "object", "required": ["text"], "additionalProperties": false,
                    "properties": {"text": {"type": "string", "minLength": 1}}},
        "multiformat": {"type": "object", "required": ["text"], "additionalProperties": false,
                        "properties": {"text": {"type": "string", "minLength": 1}, "markdown": {"type": "string"}}},
        "run": {"type": "object", "required": ["tool"], "additionalProperties": false, "properties": {
          "tool": {"type": "object", "required": ["driver"], "additionalProperties": false,
                   "properties": {"driver": {"$ref": "#/$defs/toolComponent"}}},
          "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
          "results": {"type": "array", "items": {"$ref": "#/$defs/result"}},
          "invocations": {"type": "array", "items": {"$ref": "#/$defs/invocation"}}}},
        "invocation": {"type": "object", "required": ["executionSuccessful"], "additionalProperties": false, "properties": {
          "executionSuccessful": {"type": "boolean"}, "exitCode": {"type": "integer"},
          "toolExecutionNotifications": {"type": "array", "items": {"$ref": "#/$defs/notification"}}}},
        "notification": {"type": "object", "required": ["message"], "additionalProperties": false, "properties": {
          "message": {"$ref": "#/$defs/message"}, "level": {"enum": ["none", "note", "warning", "error"]}}},
        "toolComponent": {"type": "object", "required": ["name"], "additionalProperties": false, "properties": {
          "name": {"type": "string"}, "version": {"type": "string"},
          "informationUri": {"$ref": "#/$defs/absoluteUri"},
          "rules": {"type": "array", "uniqueItems": true, "items": {"$ref": "#/$defs/reportingDescriptor"}}}},
        "reportingDescriptor": {"type": "object", "required": ["id"], "additionalProperties": false, "properties": {
          "id": {"type": "string"}, "name": {"type": "string"},
          "shortDescription": {"$ref": "#/$defs/multiformat"}, "fullDescription": {"$ref": "#/$defs/multiformat"},
          "help": {"$ref": "#/$defs/multiformat"}, "helpUri": {"$ref": "#/$defs/absoluteUri"}}},
        "result": {"type": "object", "required": ["message"], "additionalProperties": false, "properties": {
          "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": -1},
          "level": {"enum": ["none", "note", "warning", "error"]},
          "message": {"$ref": "#/$defs/message"},
          "locations": {"type": "array", "items": {"type": "object", "additionalProperties": false, "properties": {
            "physicalLocation": {"type": "object", "additionalProperties": false, "properties": {
              "artifactLocation": {"type": "object", "additionalProperties": false,
                                   "properties": {"uri": {"$ref": "#/$defs/uriReference"}}},
              "region": {"type": "object", "additionalProperties": false, "properties": {
                "startLine": {"type": "integer", "minimum": 1}, "startColumn": {"type": "integer", "minimum": 1}}}}}}}},
          "properties": {"type": "object"}}}
      }
    }
    """#

    /// Validates SARIF text with Python's jsonschema; returns its report.
    private func validate(_ sarif: String) throws -> ProcessResult {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-sarif-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.sarifSchema.write(toFile: dir + "/schema.json", atomically: true, encoding: .utf8)
        try sarif.write(toFile: dir + "/log.sarif", atomically: true, encoding: .utf8)
        let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
        for e in errors: print('/'.join(map(str, e.absolute_path)) + ': ' + e.message)
        sys.exit(1 if errors else 0)
        """
        return Shell.run("python3 - \(Shell.quote(dir + "/schema.json")) \(Shell.quote(dir + "/log.sarif"))", input: script)
    }

    /// The SARIF of a real check (errors, a warning, findings) against the schema, with and
    /// without --docs-url; the schema itself rejects what plancc used to write.
    @Test func realOutputValidatesAgainstTheSchema() throws {
        let workspace = try Workspace.load([
            Repo.path("Tests/Cases/bad/unknown_operation/20261124120000_unknown_operation.yaml"),
            Repo.path("specs/20261124103000_create_orders.yaml"), Repo.path("specs/20261125110000_orders_drop_shipped_at.yaml"),
        ])
        for docsURL in [nil, "https://example.org/plancc/blob/v0.1.0"] {
            let sarif = DiagnosticOutput.render(workspace, format: .sarif, colored: false, docsURL: docsURL)
            let result = try validate(sarif)
            #expect(result.status == 0, "\(docsURL ?? "no docs URL"): \(result.output)")
        }
        // A relative helpUri, or a rule whose help has no text, is refused: the check can fail.
        let bad = #"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"plancc","rules":[{"id":"x","helpUri":"docs/rules.md#x","help":{}}]}}}]}"#
        let refused = try validate(bad)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("helpUri"))
        #expect(refused.stdout.contains("'text' is a required property"))
    }

    /// The SARIF of a check that could not run (a folder with no specs) is valid too, with the
    /// error as a tool execution notification; so is one with notes.
    @Test func failureAndNotesValidateAgainstTheSchema() throws {
        let failed = DiagnosticOutput.renderFailure("empty: no spec files in this folder", exitCode: 64, format: .sarif)
        let result = try validate(failed)
        #expect(result.status == 0, "\(result.output)")
        #expect(failed.contains("\"toolExecutionNotifications\""))
        let noted = SARIFRenderer.render([], toolVersion: "0", invocation: SARIFRenderer.Invocation(notes: ["x.yml: not read"]))
        let second = try validate(noted)
        #expect(second.status == 0, "\(second.output)")
    }

    /// Each rule's help is its documentation, not its title again; with a docs URL its
    /// helpUri is an anchor that docs/rules.md or docs/diagnostics.md really has.
    @Test func rulesCarryTheirDocsAndARealHelpUri() throws {
        let workspace = try Workspace.load([Repo.path("specs/20261125110000_orders_drop_shipped_at.yaml")])
        let base = "https://example.org/plancc/blob/main"
        let sarif = DiagnosticOutput.render(workspace, format: .sarif, colored: false, docsURL: base)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let driver = try #require(((log["runs"] as? [[String: Any]])?.first?["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["informationUri"] as? String == base + "/README.md")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        func anchors(_ doc: String) throws -> Set<String> {
            let text = try String(contentsOfFile: Repo.path(doc), encoding: .utf8)
            return Set(text.split(separator: "\n").filter { $0.hasPrefix("## ") }.map { heading in
                String(heading.dropFirst(3).lowercased().unicodeScalars.compactMap { s -> Character? in
                    s == " " ? "-" : ((("a"..."z").contains(s) || ("0"..."9").contains(s) || s == "-") ? Character(s) : nil)
                })
            })
        }
        let known = ["docs/rules.md": try anchors("docs/rules.md"), "docs/diagnostics.md": try anchors("docs/diagnostics.md")]
        for rule in rules {
            let id = try #require(rule["id"] as? String)
            let name = try #require(rule["name"] as? String)
            let help = try #require((rule["help"] as? [String: Any])?["text"] as? String)
            #expect(help != name && help.count > name.count + 40, "\(id): \(help)")
            let uri = try #require(rule["helpUri"] as? String, "\(id)")
            #expect(uri.hasPrefix(base + "/docs/"), "\(id)")
            let parts = uri.dropFirst(base.count + 1).split(separator: "#").map(String.init)
            #expect(parts.count == 2 && known[parts[0]]?.contains(parts[1]) == true, "\(id): \(uri)")
        }
        let drop = try #require(rules.first { $0["id"] as? String == "drop-column" })
        #expect(drop["helpUri"] as? String == base + "/docs/rules.md#drop-column")
        #expect(((drop["help"] as? [String: Any])?["text"] as? String)?.contains("Only a backup brings the values back.") == true)
        // Without a docs URL nothing is made up: no helpUri, no informationUri.
        let plain = DiagnosticOutput.render(workspace, format: .sarif, colored: false)
        #expect(!plain.contains("helpUri") && !plain.contains("informationUri") && !plain.contains("http://") && !plain.contains("github.com"))
        #expect(plain.contains("See docs/rules.md#drop-column in plancc's repository."))
    }

    /// Without --docs-url the built plancc links its own docs on this machine: each rule's
    /// helpUri is the absolute file:// URI (SARIF wants an absolute one) of a docs/ section that
    /// exists in the checkout it was built in. A copy of the binary with no docs beside it makes
    /// none up. Both validate against the schema.
    @Test func helpUriWithoutDocsURLIsTheLocalDocs() throws {
        let binary = try PlanccExecutable.path()
        let spec = Repo.path("specs/20261125110000_orders_drop_shipped_at.yaml")
        let result = Shell.run("\(Shell.quote(binary)) check \(Shell.quote(spec)) --format sarif")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try validate(result.stdout).status == 0)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let driver = try #require(((log["runs"] as? [[String: Any]])?.first?["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let root = URL(fileURLWithPath: Repo.root).resolvingSymlinksInPath().path
        #expect(driver["informationUri"] as? String == "file://\(root)/README.md")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.count > 50)
        for rule in rules {
            let uri = try #require(rule["helpUri"] as? String, "\(rule["id"] ?? "?")")
            let parts = uri.split(separator: "#").map(String.init)
            try #require(parts.count == 2 && parts[0].hasPrefix("file://\(root)/docs/"), "\(uri)")
            let path = String(parts[0].dropFirst("file://".count))
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let anchors = text.split(separator: "\n").filter { $0.hasPrefix("## ") }.map { heading in
                String(heading.dropFirst(3).lowercased().unicodeScalars.compactMap { s -> Character? in
                    s == " " ? "-" : ((("a"..."z").contains(s) || ("0"..."9").contains(s) || s == "-") ? Character(s) : nil)
                })
            }
            #expect(anchors.contains(parts[1]), "\(uri)")
        }
        #expect(rules.contains { $0["helpUri"] as? String == "file://\(root)/docs/rules.md#drop-column" })
        // --docs-url still wins.
        let published = Shell.run("\(Shell.quote(binary)) check \(Shell.quote(spec)) --format sarif --docs-url https://example.org/p/blob/v1")
        #expect(published.stdout.contains("\"helpUri\": \"https://example.org/p/blob/v1/docs/rules.md#drop-column\""))
        #expect(!published.stdout.contains("file://"))

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-nodocs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/bin", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: binary, toPath: dir + "/bin/plancc")
        let alone = Shell.run("\(Shell.quote(dir + "/bin/plancc")) check \(Shell.quote(spec)) --format sarif")
        #expect(alone.status == 0, "\(alone.stderr)")
        #expect(!alone.stdout.contains("helpUri") && !alone.stdout.contains("file://"))
        #expect(try validate(alone.stdout).status == 0)
        // Installed docs (PREFIX/share/doc/plancc, as scripts/install copies them) are found too.
        try FileManager.default.createDirectory(atPath: dir + "/share/doc/plancc/docs", withIntermediateDirectories: true)
        for doc in ["docs/rules.md", "docs/diagnostics.md"] {
            try FileManager.default.copyItem(atPath: Repo.path(doc), toPath: dir + "/share/doc/plancc/" + doc)
        }
        let installed = Shell.run("\(Shell.quote(dir + "/bin/plancc")) check \(Shell.quote(spec)) --format sarif")
        let real = URL(fileURLWithPath: dir).resolvingSymlinksInPath().path
        #expect(installed.stdout.contains("\"helpUri\": \"file://\(real)/share/doc/plancc/docs/rules.md#drop-column\""), "\(installed.stdout.prefix(400))")
    }
}
