import Foundation
import Testing
import TestSupport

/// `.pre-commit-hooks.yaml` and the GitHub Actions job of docs/ci.md, run as pre-commit and
/// the runner would: each hook's `entry` + `args` (+ the staged files when `pass_filenames`),
/// each `plancc` step of the workflow, with the built `plancc` first on PATH.
@Suite(.serialized)
struct CIIntegrationTests {
    struct Hook: Decodable {
        var id: String
        var entry: String
        var language: String
        var args: [String]?
        var pass_filenames: Bool?
        var files: String?
        var always_run: Bool?

        /// Whether pre-commit runs the hook for a commit staging `files` (deleted files are not
        /// in pre-commit's list, so a commit that only deletes gives none).
        func runs(staging files: [String]) throws -> Bool {
            if always_run == true { return true }
            guard let pattern = self.files else { return !files.isEmpty }
            let regex = try Regex(pattern)
            return files.contains { $0.contains(regex) }
        }
    }

    /// The YAML at `path` (or the first ```yaml block of a Markdown file) as JSON, through PyYAML.
    private func yamlAsJSON(_ path: String, block: Int? = nil) throws -> Data {
        let script = """
        import json, re, sys, yaml
        text = open(sys.argv[1]).read()
        if sys.argv[2] != '-':
            text = re.findall(r'```yaml\\n(.*?)```', text, re.S)[int(sys.argv[2])]
        print(json.dumps(yaml.safe_load(text)))
        """
        let result = Shell.run("python3 - \(Shell.quote(path)) \(block.map(String.init) ?? "-")", input: script)
        #expect(result.status == 0, "\(result.stderr)")
        return Data(result.stdout.utf8)
    }

    private func hooks() throws -> [Hook] {
        try JSONDecoder().decode([Hook].self, from: yamlAsJSON(Repo.path(".pre-commit-hooks.yaml")))
    }

    /// Runs `command` in `dir` with the built plancc's folder first on PATH.
    private func run(_ command: String, in dir: String) throws -> ProcessResult {
        let binDir = (try PlanccExecutable.path() as NSString).deletingLastPathComponent
        return Shell.run("cd \(Shell.quote(dir)) && PATH=\(Shell.quote(binDir)):\"$PATH\" \(command)")
    }

    /// What pre-commit runs for a hook, given the staged files.
    private func hookCommand(_ hook: Hook, files: [String]) -> String {
        ([hook.entry] + (hook.args ?? []).map(Shell.quote) + ((hook.pass_filenames ?? true) ? files.map(Shell.quote) : []))
            .joined(separator: " ")
    }

    /// A copy of the example specs and their out/, for breaking.
    private func project() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-ci-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repo.path("specs"), toPath: dir + "/specs")
        try FileManager.default.copyItem(atPath: Repo.path("out"), toPath: dir + "/out")
        return dir
    }

    @Test func theTwoHooksExistAndRunThePlanccOnPath() throws {
        let hooks = try hooks()
        #expect(hooks.map(\.id) == ["plancc-check", "plancc-compile-check"])
        for hook in hooks {
            #expect(hook.language == "system")
            #expect(hook.entry.hasPrefix("plancc "))
            // Each runs when a spec is staged, plancc-check not on other YAML alone.
            #expect(try hook.runs(staging: ["specs/20261124093000_users_add_phone.yaml"]))
        }
        let check = try #require(hooks.first { $0.id == "plancc-check" })
        #expect(try !check.runs(staging: ["docker-compose.yml"]))
        // A commit that only deletes a spec stages no file pre-commit lists: plancc-compile-check
        // must run all the same, as that is the staleness it is there to catch.
        let compileCheck = try #require(hooks.first { $0.id == "plancc-compile-check" })
        #expect(try compileCheck.runs(staging: []), "plancc-compile-check does not run on a commit that only deletes a spec")
    }

    /// Each hook passes on the example specs and their out/, and fails once it should: a spec
    /// with an error for plancc-check; a deleted spec (its out/ folder left) for
    /// plancc-compile-check.
    @Test func eachHookPassesOnTheExamplesAndFailsWhenItShould() throws {
        let dir = try project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let staged = try FileManager.default.contentsOfDirectory(atPath: dir + "/specs").sorted().map { "specs/" + $0 }
        for hook in try hooks() {
            let result = try run(hookCommand(hook, files: staged), in: dir)
            #expect(result.status == 0, "\(hook.id): \(result.output)")
        }
        let check = try #require(try hooks().first { $0.id == "plancc-check" })
        try FileManager.default.copyItem(atPath: Repo.path("Tests/Cases/bad/unknown_operation/20261124120000_unknown_operation.yaml"),
                                         toPath: dir + "/specs/20261126000000_unknown_operation.yaml")
        let failed = try run(hookCommand(check, files: staged), in: dir)
        #expect(failed.status == 1, "\(failed.output)")
        #expect(failed.stderr.contains("error[E0103]"))
        try FileManager.default.removeItem(atPath: dir + "/specs/20261126000000_unknown_operation.yaml")

        let compileCheck = try #require(try hooks().first { $0.id == "plancc-compile-check" })
        try FileManager.default.removeItem(atPath: dir + "/specs/20261125130000_drop_password_reset_tokens.yaml")
        #expect(try compileCheck.runs(staging: []))
        let stale = try run(hookCommand(compileCheck, files: staged), in: dir)
        #expect(stale.status == 1, "\(stale.output)")
        #expect(stale.stderr.contains("out/20261125130000_drop_password_reset_tokens/"))
    }

    /// The install step's `git` lines, run against a local repository with PLANCC_REF a tag, a
    /// branch and a commit id: each gets that commit (`git clone --branch` refuses a commit id).
    private func installFetchesAnyRef(_ install: String) throws {
        let repo = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-ref-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: repo) }
        let made = Shell.run("""
            git init -q -b trunk \(Shell.quote(repo)) && cd \(Shell.quote(repo)) && echo a > a && git add a \
            && git -c user.email=t@t -c user.name=t commit -qm one && git tag v1 && echo b > a \
            && git -c user.email=t@t -c user.name=t commit -qam two && git rev-parse HEAD~1 HEAD
            """)
        #expect(made.status == 0, "\(made.output)")
        let commits = made.stdout.split(separator: "\n").map(String.init)
        let gitLines = install.split(separator: "\n").map(String.init).filter { $0.hasPrefix("git ") }
        #expect(!gitLines.isEmpty)
        for (ref, commit) in [("v1", commits[0]), ("trunk", commits[1]), (commits[0], commits[0])] {
            let target = repo + "-clone"
            defer { try? FileManager.default.removeItem(atPath: target) }
            let script = gitLines.joined(separator: " && ")
                .replacingOccurrences(of: "/tmp/plancc", with: target)
                .replacingOccurrences(of: "${{ vars.PLANCC_REF }}", with: ref)
                .replacingOccurrences(of: "${{ vars.PLANCC_REPOSITORY }}", with: repo)
            let result = Shell.run(script + " && git -C \(Shell.quote(target)) rev-parse HEAD")
            #expect(result.status == 0 && result.stdout.hasSuffix(commit + "\n"), "PLANCC_REF=\(ref): \(result.output)")
        }
    }

    /// The workflow of docs/ci.md is YAML a runner reads, and its plancc steps pass on the
    /// examples: `check --format github` (annotations only on stdout) and `compile --check`.
    @Test func theDocumentedWorkflowsPlanccStepsPass() throws {
        let workflow = try #require(try JSONSerialization.jsonObject(with: yamlAsJSON(Repo.path("docs/ci.md"), block: 0)) as? [String: Any])
        let job = try #require((workflow["jobs"] as? [String: Any])?["plancc"] as? [String: Any])
        let steps = try #require(job["steps"] as? [[String: Any]])
        #expect(steps.first?["uses"] as? String == "actions/checkout@v4")
        let install = try #require(steps.first { ($0["name"] as? String) == "Install plancc" }?["run"] as? String)
        #expect(install.contains("scripts/install /usr/local"))
        try installFetchesAnyRef(install)
        let commands = steps.compactMap { $0["run"] as? String }.filter { $0.hasPrefix("plancc ") }
        #expect(commands == ["plancc check --format github specs", "plancc compile specs -o out --check"])
        let dir = try project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for command in commands {
            let result = try run(command, in: dir)
            #expect(result.status == 0, "\(command): \(result.output)")
        }
        let annotations = try run(commands[0], in: dir).stdout.split(separator: "\n")
        #expect(!annotations.isEmpty && annotations.allSatisfy { $0.hasPrefix("::") })
    }
}
