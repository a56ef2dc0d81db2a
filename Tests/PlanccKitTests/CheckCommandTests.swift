import Foundation
import Testing
import TestSupport

/// `plancc check` end to end: the built executable, run as a user would, from the repo root.
@Suite(.serialized)
struct CheckCommandTests {
    static let badSpec = "Tests/Cases/bad/unknown_operation/20261124120000_unknown_operation.yaml"

    private func plancc(_ arguments: String, environment: [String: String] = [:]) throws -> ProcessResult {
        let binary = try PlanccExecutable.path()
        return Shell.run("cd \(Shell.quote(Repo.root)) && \(Shell.quote(binary)) \(arguments)", environment: environment)
    }

    @Test func exampleSpecsAreClean() throws {
        let result = try plancc("check specs")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stderr.contains("spec(s) checked: 0 error(s)"))
    }

    @Test func badSpecExitsOneWithLocatedErrorAndCaret() throws {
        let result = try plancc("check \(Self.badSpec)")
        #expect(result.status == 1)
        // Diagnostics and counts on stderr; on stdout only the line per spec.
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = try #require(lines.firstIndex {
            $0 == "\(Self.badSpec):11:5: error[E0103]: unknown operation 'add_colum'; did you mean 'add_column'?"
        }, "\(result.stderr)")
        #expect(Array(lines[(first + 1)...(first + 3)]) == ["   |", "11 |   - add_colum:", "   |     ^"])
        #expect(result.stderr.contains("\(Self.badSpec):14:5: error[E0103]: unknown operation 'teleport_table'"))
        #expect(result.stderr.hasSuffix("1 spec(s) checked: 2 error(s), 0 warning(s)\n"))
        #expect(result.stdout == "\(Self.badSpec): not analysed (it has errors)\n")
    }

    @Test func missingPathExits74() throws {
        let result = try plancc("check specs/no_such_spec.yaml")
        #expect(result.status == 74)
        #expect(result.stderr.contains("no_such_spec.yaml"))
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test(arguments: ["check", "check --format xml specs", "check --no-such-flag specs", "frobnicate"])
    func badUsageExits64(_ arguments: String) throws {
        let result = try plancc(arguments)
        #expect(result.status == 64, "\(arguments): \(result.output)")
    }

    @Test func jsonFormatIsAnObjectWithOneEntryPerSpec() throws {
        let dropColumn = "specs/20261125110000_orders_drop_shipped_at.yaml"
        let result = try plancc("check --format json \(Self.badSpec) ./\(dropColumn)")
        #expect(result.status == 1)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(parsed["errors"] as? Int == 2)
        let specs = try #require(parsed["specs"] as? [[String: Any]])
        #expect(specs.map { $0["path"] as? String } == [Self.badSpec, dropColumn])
        // The bad spec: no risk (it did not load), the id it declares, its diagnostics.
        #expect(specs[0]["computed_risk"] is NSNull)
        #expect(specs[0]["id"] as? String == ((Self.badSpec as NSString).lastPathComponent as NSString).deletingPathExtension)
        let diagnostics = try #require(specs[0]["diagnostics"] as? [[String: Any]])
        let first = try #require(diagnostics.first { $0["code"] as? String == "E0103" })
        #expect(first["severity"] as? String == "error")
        #expect(first["file"] as? String == Self.badSpec)
        #expect(first["line"] as? Int == 11)
        #expect(first["column"] as? Int == 5)
        #expect(first["fix"] as? String == "use 'add_column'")
        // The good one: declared and computed risk, and the finding with its rule id.
        #expect(specs[1]["id"] as? String == "20261125110000_orders_drop_shipped_at")
        #expect(specs[1]["declared_risk"] as? String == "high")
        #expect(specs[1]["computed_risk"] as? String == "high")
        let findings = try #require(specs[1]["findings"] as? [[String: Any]])
        #expect(findings.map { $0["rule"] as? String } == ["drop-column"])
        #expect(findings.first?["line"] as? Int == 23)
        #expect((specs[1]["diagnostics"] as? [Any])?.isEmpty == true)
    }

    @Test func textShowsEachSpecsRiskAndFindingsUnlessQuiet() throws {
        let dropColumn = "specs/20261125110000_orders_drop_shipped_at.yaml"
        let result = try plancc("check \(dropColumn) specs/20261124093000_users_add_phone.yaml")
        #expect(result.status == 0)
        #expect(result.stdout == """
        \(dropColumn): risk declared high, computed high; findings: drop-column (high)
        specs/20261124093000_users_add_phone.yaml: risk declared low, computed low; findings: add-nullable-column (low), create-index (low)

        """)
        #expect(result.stderr == "2 spec(s) checked: 0 error(s), 0 warning(s)\n")
        let quiet = try plancc("check -q \(dropColumn)")
        #expect(quiet.stdout.isEmpty)
        #expect(quiet.stderr == "1 spec(s) checked: 0 error(s), 0 warning(s)\n")
        let bad = try plancc("check \(Self.badSpec) \(dropColumn)")
        #expect(bad.stdout.hasPrefix("\(Self.badSpec): not analysed (it has errors)\n"))
    }

    @Test func githubFormatIsWorkflowAnnotations() throws {
        let dropColumn = "specs/20261125110000_orders_drop_shipped_at.yaml"
        let result = try plancc("check --format github \(Self.badSpec) \(dropColumn)")
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        #expect(lines.count == 3)
        #expect(lines[0] == "::error file=\(Self.badSpec),line=11,col=5,title=E0103::unknown operation 'add_colum'; did you mean 'add_column'? (use 'add_column')")
        #expect(lines[1].hasPrefix("::error file=\(Self.badSpec),line=14,col=5,title=E0103::unknown operation 'teleport_table'"))
        #expect(lines[2] == "::notice file=\(dropColumn),line=23,col=15,title=drop-column::high risk: column 'orders.shipped_at' is dropped with its values in forward")
        // Every line is one command: `::level key=value,...::message` with no raw newline or CR.
        for line in lines {
            #expect(line.range(of: #"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=[^:,]+::.+$"#, options: .regularExpression) != nil, "\(line)")
        }
    }

    @Test func sarifFormatHasRulesAndRegions() throws {
        let result = try plancc("check --format sarif \(Self.badSpec)")
        #expect(result.status == 1)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.contains("sarif") == true)
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "plancc")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ruleIDs = rules.compactMap { $0["id"] as? String }
        #expect(ruleIDs.contains("E0103"))
        #expect(Set(ruleIDs).count == ruleIDs.count)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 2)
        for result in results {
            let ruleID = try #require(result["ruleId"] as? String)
            #expect(ruleIDs.contains(ruleID))
            if let index = result["ruleIndex"] as? Int { #expect(ruleIDs[index] == ruleID) }
            #expect(result["level"] as? String == "error")
            #expect((result["message"] as? [String: Any])?["text"] is String)
            let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == Self.badSpec)
            let region = try #require(location["region"] as? [String: Any])
            #expect(region["startLine"] as? Int != nil)
            #expect(region["startColumn"] as? Int != nil)
        }
    }

    /// Piped output is never coloured; on a terminal (a pty from `script`) it is, unless NO_COLOR is set.
    @Test func colourOnlyOnATerminalWithoutNoColor() throws {
        let escape = "\u{1B}["
        #expect(!(try plancc("check \(Self.badSpec)").stderr.contains(escape)))
        #expect(!(try plancc("check \(Self.badSpec)", environment: ["NO_COLOR": "1"]).stderr.contains(escape)))
        let binary = try PlanccExecutable.path()
        let onTerminal = { (prefix: String) in
            Shell.run("cd \(Shell.quote(Repo.root)) && \(prefix) script -qec \(Shell.quote("\(binary) check \(Self.badSpec)")) /dev/null")
        }
        #expect(onTerminal("unset NO_COLOR;").stdout.contains(escape))
        #expect(!onTerminal("NO_COLOR=1").stdout.contains(escape))
    }

    /// Every format: the machine ones (json, sarif, github) are all on stdout and stderr stays
    /// empty; text sends every diagnostic to stderr, as compile, docs and explain do.
    @Test(arguments: ["json", "sarif", "github"])
    func machineFormatsAreOnStdoutOnly(_ format: String) throws {
        let result = try plancc("check --format \(format) \(Self.badSpec) specs/20261124103000_create_orders.yaml")
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        #expect(result.stdout.contains("E0103"))
        #expect(result.stdout.contains("W0103"))
    }

    @Test(arguments: ["check", "compile", "docs", "explain"])
    func diagnosticsGoToStderr(_ command: String) throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-stderr-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let output = command == "compile" || command == "docs" ? " -o \(Shell.quote(out))" : ""
        let bad = try plancc("\(command) \(Self.badSpec)\(output)")
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("\(Self.badSpec):11:5: error[E0103]: unknown operation 'add_colum'"), "\(bad.stderr)")
        #expect(!bad.stdout.contains("E0103"), "\(bad.stdout)")
        // A warning, with nothing wrong: still stderr.
        let warned = try plancc("\(command) specs/20261124103000_create_orders.yaml\(output)")
        #expect(warned.status == 0, "\(warned.output)")
        #expect(warned.stderr.contains("warning[W0103]"))
        #expect(!warned.stdout.contains("W0103"))
    }

    /// `plancc comple`: the closest subcommand, in the one error style, exit 64.
    @Test func unknownSubcommandSuggestsTheClosest() throws {
        let result = try plancc("comple specs")
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("plancc: error: unknown subcommand 'comple'; did you mean 'compile'?\n"), "\(result.stderr)")
        let far = try plancc("frobnicate")
        #expect(far.status == 64)
        #expect(far.stderr.hasPrefix("plancc: error: unknown subcommand 'frobnicate'\n"), "\(far.stderr)")
        // Argument errors take the same style.
        let usage = try plancc("compile specs --check --dialect mysql")
        #expect(usage.status == 64)
        #expect(usage.stderr.hasPrefix("plancc: error: --check compares"), "\(usage.stderr)")
        #expect(!usage.stderr.contains("Error:"))
    }

    /// The argument parser's own errors read like plancc's: one lowercase clause, no sentences.
    @Test(arguments: [
        ("check --bogus specs", "unknown option '--bogus'"),
        ("check --formt json specs", "unknown option '--formt'; did you mean '--format'?"),
        ("check", "missing expected argument '<paths> ...'"),
        ("check --format xml specs", "the value 'xml' is invalid for '--format <format>'; expected one of 'text', 'json', 'sarif' or 'github'"),
        ("compile -o", "missing value for '-o <output>'"),
        ("check --quiet=3 specs", "the option '--quiet' does not take any value, given '3'"),
    ])
    func argumentErrorsTakePlanccsStyle(_ arguments: String, _ message: String) throws {
        let result = try plancc(arguments)
        #expect(result.status == 64)
        let sub = arguments.split(separator: " ").first.map(String.init) ?? ""
        #expect(result.stderr == "plancc: error: \(message)\n  (see 'plancc help \(sub)')\n", "\(result.stderr)")
    }
}
