import Foundation
import Testing
import TestSupport
import PlanccKit

/// CI gates that cannot pass by accident, and output that does not depend on how a path was
/// typed: the built executable, end to end.
@Suite(.serialized)
struct GateCommandTests {
    static let goodSpec = "specs/20261124093000_users_add_phone.yaml"
    static let secondSpec = "specs/20261124095000_create_password_reset_tokens.yaml"

    private func plancc(_ arguments: String, in dir: String = Repo.root) throws -> ProcessResult {
        let binary = try PlanccExecutable.path()
        return Shell.run("cd \(Shell.quote(dir)) && \(Shell.quote(binary)) \(arguments)")
    }

    private func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-gate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.resolvingSymlinksInPath().path
    }

    private func copy(_ spec: String, to dir: String) throws {
        let name = (spec as NSString).lastPathComponent
        try FileManager.default.copyItem(atPath: Repo.path(spec), toPath: dir + "/" + name)
    }

    /// Every file under `dir`, relative path to contents.
    private func snapshot(_ dir: String) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: dir)
        while let entry = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + entry, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[entry] = FileManager.default.contents(atPath: dir + "/" + entry)
            }
        }
        return files
    }

    @Test(arguments: ["check", "compile", "docs"])
    func aFolderWithoutSpecsIsBadUsageInOneLine(_ command: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/specs", withIntermediateDirectories: true)
        try Data("services: {}\n".utf8).write(to: URL(fileURLWithPath: dir + "/specs/docker-compose.yml"))
        let result = try plancc("\(command) specs", in: dir)
        #expect(result.status == 64, "\(result.output)")
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("plancc: error:") }
        #expect(lines == ["plancc: error: specs: no spec files in this folder (specs are named <id>.yaml, e.g. 20261124093000_add_phone.yaml)"])
    }

    @Test func filesNotNamedLikeASpecAreSkippedWithANote() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/specs/.github", withIntermediateDirectories: true)
        try copy(Self.goodSpec, to: dir + "/specs")
        // Not YAML a spec would accept: parsed, each would be an error.
        try Data("services: [\n".utf8).write(to: URL(fileURLWithPath: dir + "/specs/docker-compose.yml"))
        try Data("x: [\n".utf8).write(to: URL(fileURLWithPath: dir + "/specs/.pre-commit-config.yaml"))
        try Data("on: [\n".utf8).write(to: URL(fileURLWithPath: dir + "/specs/.github/ci.yaml"))
        let result = try plancc("check specs", in: dir)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.hasPrefix("specs/20261124093000_users_add_phone.yaml: risk declared low"))
        #expect(result.stderr == """
        plancc: note: specs/.pre-commit-config.yaml: not read: spec files are named <id>.yaml (YYYYMMDDHHMMSS_description)
        plancc: note: specs/docker-compose.yml: not read: spec files are named <id>.yaml (YYYYMMDDHHMMSS_description)
        1 spec(s) checked: 0 error(s), 0 warning(s)

        """)
        // Named on the command line, a file is read whatever its name.
        #expect(try plancc("check specs/docker-compose.yml", in: dir).status == 1)
    }

    /// A folder reached through a symlink reads the same specs, written the same way, however
    /// it is spelled; a symlinked subfolder is followed, a link back into the walk is noted.
    @Test func aSymlinkedSpecFolderIsFollowedAndGivesTheSameBytes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/specs", withIntermediateDirectories: true)
        try copy(Self.goodSpec, to: dir + "/specs")
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: "specs")
        let reference = try plancc("check --format json specs", in: dir)
        #expect(reference.status == 0, "\(reference.output)")
        #expect(reference.stdout.contains("\"path\": \"specs/20261124093000_users_add_phone.yaml\""), "\(reference.stdout)")
        for spelling in ["link", "link/", Shell.quote(dir + "/link"), Shell.quote(dir + "/link/")] {
            let result = try plancc("check --format json \(spelling)", in: dir)
            #expect(result.status == 0, "\(spelling): \(result.output)")
            #expect(result.stdout == reference.stdout, "\(spelling)")
        }
        #expect(try plancc("compile specs -o out", in: dir).status == 0)
        for spelling in ["link", "link/"] {
            let result = try plancc("compile \(spelling) -o out --check", in: dir)
            #expect(result.status == 0, "compile \(spelling) --check: \(result.output)")
        }

        // A symlinked subfolder is walked; a link back to a folder already read is a loop, noted.
        try FileManager.default.createDirectory(atPath: dir + "/more", withIntermediateDirectories: true)
        try copy(Self.secondSpec, to: dir + "/more")
        try FileManager.default.createSymbolicLink(atPath: dir + "/specs/more", withDestinationPath: "../more")
        try FileManager.default.createSymbolicLink(atPath: dir + "/more/back", withDestinationPath: "../specs")
        let walked = try plancc("check link", in: dir)
        #expect(walked.status == 0, "\(walked.output)")
        #expect(walked.stdout.split(separator: "\n").map { $0.split(separator: ":")[0] } == [
            "specs/20261124093000_users_add_phone.yaml", "specs/more/20261124095000_create_password_reset_tokens.yaml",
        ], "\(walked.stdout)")
        #expect(walked.stderr.hasPrefix("plancc: note: specs/more/back: not followed: a symbolic link to a folder already read (a loop)\n"),
                "\(walked.stderr)")
    }

    /// Files meant as specs but misnamed are errors naming the rule; other YAML is noted.
    @Test func misnamedSpecsAreErrorsNamingTheRule() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/specs", withIntermediateDirectories: true)
        try copy(Self.goodSpec, to: dir + "/specs")
        let spec = try String(contentsOfFile: Repo.path(Self.goodSpec), encoding: .utf8)
        for name in ["20261124090001_Upper.yaml", "20261124090005-dash.yaml", "2026112409_short.yaml", "x.YAML", "phone.yml"] {
            try Data(spec.utf8).write(to: URL(fileURLWithPath: dir + "/specs/" + name))
        }
        try Data("services: {}\n".utf8).write(to: URL(fileURLWithPath: dir + "/specs/docker-compose.yml"))
        let result = try plancc("check specs", in: dir)
        #expect(result.status == 1, "\(result.output)")
        let errors = result.stderr.split(separator: "\n").filter { $0.contains("error[") }.map(String.init)
        #expect(errors == ["20261124090001_Upper.yaml", "20261124090005-dash.yaml", "2026112409_short.yaml", "phone.yml", "x.YAML"].map {
            "specs/\($0):1:1: error[E0202]: this file looks like a spec but is not named by the naming rule, so it was not read"
        }, "\(result.stderr)")
        #expect(result.stderr.contains("help: rename it: spec files are named <id>.yaml, the id YYYYMMDDHHMMSS_description in lowercase letters"))
        #expect(result.stderr.contains("plancc: note: specs/docker-compose.yml: not read"))
        // Only misnamed files: still an error (exit 1), not "no spec files".
        try FileManager.default.removeItem(atPath: dir + "/specs/" + (Self.goodSpec as NSString).lastPathComponent)
        #expect(try plancc("check specs", in: dir).status == 1)
        // A digit-led name is a spec's whatever it holds.
        try FileManager.default.removeItem(atPath: dir + "/specs")
        try FileManager.default.createDirectory(atPath: dir + "/specs", withIntermediateDirectories: true)
        try copy(Self.goodSpec, to: dir + "/specs")
        try Data("a: 1\n".utf8).write(to: URL(fileURLWithPath: dir + "/specs/2026_notes.yaml"))
        let digit = try plancc("check specs", in: dir)
        #expect(digit.status == 1 && digit.stderr.contains("specs/2026_notes.yaml:1:1: error[E0202]"), "\(digit.output)")
        // The top-level keys alone make a spec of a file, whatever its name.
        try Data("plancc: 1\nchanges: []\n".utf8).write(to: URL(fileURLWithPath: dir + "/specs/keys.Yml"))
        let keys = try plancc("check specs", in: dir)
        #expect(keys.stderr.contains("specs/keys.Yml:1:1: error[E0202]"), "\(keys.output)")
    }

    /// ArgumentParser's own errors take plancc's style: one `plancc: error:` line and a hint,
    /// no usage block, exit 64; `help` of an unknown subcommand suggests the closest.
    @Test(arguments: ["--bogus", "check --format xml specs", "check", "check --bogus specs", "help comple"])
    func usageErrorsAreOneLineAndAHint(_ arguments: String) throws {
        let result = try plancc(arguments)
        #expect(result.status == 64, "\(arguments): \(result.output)")
        #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[2].isEmpty, "\(arguments): \(result.stderr)")
        #expect(lines.first?.hasPrefix("plancc: error: ") == true, "\(arguments): \(result.stderr)")
        #expect(lines.count > 1 && lines[1].hasPrefix("  (") && lines[1].contains("plancc "), "\(arguments): \(result.stderr)")
        #expect(!result.stderr.lowercased().contains("usage"), "\(arguments): \(result.stderr)")
        if arguments == "help comple" {
            #expect(lines.first == "plancc: error: no help for 'comple': not a subcommand; did you mean 'compile'?")
        }
        if arguments.hasPrefix("check --format") {
            #expect(lines.first?.contains("'xml'") == true && lines[1] == "  (see 'plancc help check')", "\(result.stderr)")
        }
    }

    /// An output folder that cannot be made says why, as the system does: a symlink loop, a
    /// dangling symlink, a file system that takes no new folders.
    @Test func outputFolderReasonsAreTheRealOnes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/specs", withIntermediateDirectories: true)
        try copy(Self.goodSpec, to: dir + "/specs")
        try FileManager.default.createSymbolicLink(atPath: dir + "/loop", withDestinationPath: "loop")
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling", withDestinationPath: "nowhere")
        let cases: [(String, String)] = [
            ("loop", "loop: cannot create the output directory (too many levels of symbolic links)"),
            ("dangling", "dangling: cannot create the output directory (it is a symbolic link to 'nowhere', which does not exist)"),
            ("loop/plans", "loop/plans: cannot create the output directory (loop: too many levels of symbolic links)"),
            ("/proc/plancc-x", "/proc/plancc-x: cannot create the output directory (/proc does not take new folders: its file system refuses them)"),
        ]
        for command in ["compile specs", "docs specs"] {
            for (output, message) in cases {
                let result = try plancc("\(command) -o \(output)", in: dir)
                #expect(result.status == 74, "\(command) -o \(output): \(result.output)")
                let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("plancc: error:") }
                #expect(errors == ["plancc: error: \(message)"], "\(command) -o \(output): \(result.stderr)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/nowhere"))
    }

    /// `check` in a machine format gives a document even when it cannot do its work: an empty
    /// folder (64), a FIFO named like a spec (74).
    @Test func machineFormatsCarryIOAndUsageErrors() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/fifo", withIntermediateDirectories: true)
        #expect(mkfifo(dir + "/fifo/20261124093000_fifo.yaml", 0o644) == 0)
        for (folder, status, message) in [
            ("empty", Int32(64), "empty: no spec files in this folder (specs are named <id>.yaml, e.g. 20261124093000_add_phone.yaml)"),
            ("fifo", Int32(74), "fifo/20261124093000_fifo.yaml: cannot read (not a regular file: a FIFO)"),
        ] {
            let json = try plancc("check --format json \(folder) < /dev/null", in: dir)
            #expect(json.status == status, "\(json.output)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stdout)")
            let error = try #require(object["error"] as? [String: Any])
            #expect(error["message"] as? String == message)
            #expect(error["exit_code"] as? Int == Int(status))
            #expect((object["specs"] as? [Any])?.isEmpty == true)

            let github = try plancc("check --format github \(folder) < /dev/null", in: dir)
            #expect(github.status == status)
            #expect(github.stdout == "::error title=plancc::\(message)\n", "\(github.stdout)")

            let sarif = try plancc("check --format sarif \(folder) < /dev/null", in: dir)
            #expect(sarif.status == status)
            let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any], "\(sarif.stdout)")
            let run = try #require((log["runs"] as? [[String: Any]])?.first)
            let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
            #expect(invocation["executionSuccessful"] as? Bool == false)
            #expect(invocation["exitCode"] as? Int == Int(status))
            let notification = try #require((invocation["toolExecutionNotifications"] as? [[String: Any]])?.first)
            #expect(notification["level"] as? String == "error")
            #expect((notification["message"] as? [String: Any])?["text"] as? String == message)
            // Text keeps stdout empty; the error is on stderr in every format.
            #expect(try plancc("check \(folder) < /dev/null", in: dir).stdout.isEmpty)
            #expect(sarif.stderr == "plancc: error: \(message)\n")
        }
    }

    /// The notes (files not read) are in every machine format too.
    @Test func notesAppearInMachineFormats() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/specs", withIntermediateDirectories: true)
        try copy(Self.goodSpec, to: dir + "/specs")
        try Data("services: {}\n".utf8).write(to: URL(fileURLWithPath: dir + "/specs/docker-compose.yml"))
        let note = "specs/docker-compose.yml: not read: spec files are named <id>.yaml (YYYYMMDDHHMMSS_description)"
        let json = try plancc("check --format json specs", in: dir)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["notes"] as? [String] == [note])
        let github = try plancc("check --format github specs", in: dir)
        #expect(github.stdout.hasPrefix("::notice::\(note)\n"), "\(github.stdout)")
        let sarif = try plancc("check --format sarif specs", in: dir)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let invocation = try #require((((log["runs"] as? [[String: Any]])?.first)?["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == true)
        let notes = (invocation["toolExecutionNotifications"] as? [[String: Any]]) ?? []
        #expect(notes.map { ($0["message"] as? [String: Any])?["text"] as? String } == [note])
    }

    @Test func anUntouchedScaffoldIsAnErrorNamingEachLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let created = try plancc("new 'tidy up' --dir specs", in: dir)
        #expect(created.status == 0, "\(created.output)")
        let path = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        for command in ["check specs", "compile specs -o out"] {
            let result = try plancc(command, in: dir)
            #expect(result.status == 1, "\(command): \(result.output)")
            let errors = result.output.split(separator: "\n").filter { $0.contains("error[E0209]") }.map(String.init)
            #expect(errors == [
                "\(path):11:9: error[E0209]: this text (starting 'TODO:') is a placeholder of the 'plancc new' scaffold",
                "\(path):13:12: error[E0209]: this text (starting 'TODO:') is a placeholder of the 'plancc new' scaffold",
                "\(path):37:14: error[E0209]: 'todo_table' is a placeholder of the 'plancc new' scaffold",
                "\(path):38:23: error[E0209]: 'todo_column' is a placeholder of the 'plancc new' scaffold",
            ], "\(result.output)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test func aDeletedSpecFailsCheckAndCompileRemovesOnlyItsFolder() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/specs", withIntermediateDirectories: true)
        try copy(Self.goodSpec, to: dir + "/specs")
        try copy(Self.secondSpec, to: dir + "/specs")
        #expect(try plancc("compile specs -o out", in: dir).status == 0)
        // Not plancc's: a folder without plan.json, and a file.
        try FileManager.default.createDirectory(atPath: dir + "/out/notes", withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: dir + "/out/notes/todo.txt"))
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: dir + "/out/README.md"))
        #expect(try plancc("compile specs -o out --check", in: dir).status == 0)

        try FileManager.default.removeItem(atPath: dir + "/specs/20261124095000_create_password_reset_tokens.yaml")
        let before = snapshot(dir + "/out")
        let check = try plancc("compile specs -o out --check", in: dir)
        #expect(check.status == 1, "\(check.output)")
        #expect(check.stderr.contains("  out/20261124095000_create_password_reset_tokens/ (its spec specs/20261124095000_create_password_reset_tokens.yaml is gone; compile removes it)\n"),
                "\(check.stderr)")
        #expect(snapshot(dir + "/out") == before, "--check must write nothing")

        // Compiling one file never removes the others' folders.
        #expect(try plancc("compile specs/20261124093000_users_add_phone.yaml -o out", in: dir).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir + "/out/20261124095000_create_password_reset_tokens/plan.json"))

        let compile = try plancc("compile specs -o out", in: dir)
        #expect(compile.status == 0, "\(compile.output)")
        #expect(compile.stdout.contains("removed out/20261124095000_create_password_reset_tokens/ (its spec specs/20261124095000_create_password_reset_tokens.yaml is gone)\n"))
        let left = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").sorted()
        #expect(left == ["20261124093000_users_add_phone", "README.md", "notes"])
        #expect(try plancc("compile specs -o out --check", in: dir).status == 0)
    }

    /// `specs`, `./specs`, `specs/../specs/` and the absolute path write the same bytes, and
    /// `--check` of one spelling accepts the output of another.
    @Test func threeSpellingsOfOnePathGiveTheSameBytes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/specs", withIntermediateDirectories: true)
        try copy(Self.goodSpec, to: dir + "/specs")
        var snapshots: [[String: Data]] = []
        for spelling in ["specs", "./specs", "specs/../specs/", Shell.quote(dir + "/specs")] {
            try? FileManager.default.removeItem(atPath: dir + "/out")
            let result = try plancc("compile \(spelling) -o out", in: dir)
            #expect(result.status == 0, "\(spelling): \(result.output)")
            snapshots.append(snapshot(dir + "/out"))
            #expect(try plancc("compile specs -o ./out/ --check", in: dir).status == 0, "\(spelling)")
        }
        #expect(!snapshots[0].isEmpty)
        #expect(snapshots.allSatisfy { $0 == snapshots[0] })
        let header = String(decoding: snapshots[0]["20261124093000_users_add_phone/postgresql/forward.sql"] ?? Data(), as: UTF8.self)
        #expect(header.contains("-- spec:    specs/20261124093000_users_add_phone.yaml\n"))
        let check = try plancc("check ./specs/", in: dir)
        #expect(check.status == 0)
    }

    @Test func bareCommandPrintsHelpAndIsBadUsage() throws {
        let result = try plancc("")
        #expect(result.status == 64)
        #expect(result.stderr.contains("USAGE: plancc <subcommand>"))
        #expect(result.stdout.isEmpty)
    }

    @Test func anOutputThatIsAFileSaysSoInOneLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data().write(to: URL(fileURLWithPath: dir + "/afile"))
        let result = try plancc("compile \(Self.goodSpec) -o \(Shell.quote(dir + "/afile"))")
        #expect(result.status == 74)
        // An output path is shown as plancc names output folders: against the working directory,
        // or absolute when it lies outside it (so the message does not depend on where the clone is).
        let shown = SpecFiles.outputPath(dir, cwd: Repo.root)
        #expect(result.stderr == "plancc: error: \(shown)/afile: cannot write the output there (it is a file, not a directory)\n")
    }

    /// The script paths the commands of a CHANGE.md name (`psql ... -f P`, `mysql ... < P`, `mongosh "$URI" P`).
    private func commandPaths(_ changeRecord: String) -> [String] {
        changeRecord.split(separator: "\n").map { $0.drop { $0 == " " } }.compactMap { line -> String? in
            for lead in ["psql -v ON_ERROR_STOP=1 -f ", "mysql --batch --default-character-set=utf8mb4 DB < ", "mongosh \"$URI\" "]
            where line.hasPrefix(lead) {
                return String(line.dropFirst(lead.count))
            }
            return nil
        }
    }

    /// `-o build/plans`: CHANGE.md's commands name `build/plans/<id>/...`, each an existing
    /// script from the working directory; `./build//plans/` writes the same bytes; `docs` with
    /// the same folder agrees with `compile --check`.
    @Test func outputElsewhereIsNamedInTheCommands() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/specs", withIntermediateDirectories: true)
        try copy(Self.goodSpec, to: dir + "/specs")
        let result = try plancc("compile specs -o build/plans", in: dir)
        #expect(result.status == 0, "\(result.output)")
        let id = "20261124093000_users_add_phone"
        let record = String(decoding: FileManager.default.contents(atPath: "\(dir)/build/plans/\(id)/CHANGE.md") ?? Data(), as: UTF8.self)
        #expect(record.contains("Run each command from the directory that holds `build/` (the paths start `build/plans/`)."))
        #expect(record.contains("Review the scripts under `build/plans/\(id)/`"))
        #expect(record.contains("psql -v ON_ERROR_STOP=1 -f build/plans/\(id)/postgresql/forward.sql\n"))
        #expect(!record.contains("out/"))
        let paths = commandPaths(record)
        #expect(paths.count == 15, "\(paths)")  // 5 phases (rollback included) x 3 dialects
        for path in paths {
            #expect(path.hasPrefix("build/plans/\(id)/"), "\(path)")
            #expect(FileManager.default.fileExists(atPath: dir + "/" + path), "\(path)")
        }
        let first = snapshot(dir + "/build/plans")
        try FileManager.default.removeItem(atPath: dir + "/build")
        #expect(try plancc("compile specs -o ./build//plans/", in: dir).status == 0)
        #expect(snapshot(dir + "/build/plans") == first)
        #expect(try plancc("compile specs -o build/plans --check", in: dir).status == 0)
        #expect(try plancc("docs specs -o build/plans", in: dir).status == 0)
        #expect(try plancc("compile specs -o build/plans --check", in: dir).status == 0)
        #expect(snapshot(dir + "/build/plans").filter { $0.key != "INDEX.md" && $0.key != "SCHEMA.md" } == first)
        // The default folder is still named `out/`.
        #expect(try plancc("compile specs", in: dir).status == 0)
        let plain = String(decoding: FileManager.default.contents(atPath: "\(dir)/out/\(id)/CHANGE.md") ?? Data(), as: UTF8.self)
        #expect(plain.contains("Run each command from the directory that holds `out/`."))
        #expect(commandPaths(plain).allSatisfy { $0.hasPrefix("out/\(id)/") && FileManager.default.fileExists(atPath: dir + "/" + $0) })
    }

    /// The `run:` line of each script's header names the script exactly as CHANGE.md's command
    /// for it does, from the same base (the `from:` line below it): whatever `-o` was (a
    /// one-letter folder too), and whether the spec path was typed relative, `./` or absolute.
    @Test(arguments: ["build/plans", "X", "./o//"])
    func scriptHeadersAgreeWithTheRecord(_ output: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/specs", withIntermediateDirectories: true)
        try copy(Self.goodSpec, to: dir + "/specs")
        let id = "20261124093000_users_add_phone"
        let folder = SpecFiles.displayPath(output, cwd: dir)
        var first: [String: Data]?
        for spec in ["specs/\(id).yaml", "./specs/\(id).yaml", dir + "/specs/\(id).yaml"] {
            try? FileManager.default.removeItem(atPath: dir + "/" + folder)
            let result = try plancc("compile \(Shell.quote(spec)) -o \(Shell.quote(output))", in: dir)
            #expect(result.status == 0, "\(result.output)")
            let files = snapshot(dir + "/" + folder)
            if let first { #expect(files == first, "\(spec)") } else { first = files }
        }
        let files = first ?? [:]
        let record = String(decoding: files["\(id)/CHANGE.md"] ?? Data(), as: UTF8.self)
        let commands = Set(record.split(separator: "\n").map { String($0.drop { $0 == " " }) })
        let holder = folder.contains("/") ? "`\(folder.prefix { $0 != "/" })/` (the paths start `\(folder)/`)" : "`\(folder)/`"
        #expect(record.contains("Run each command from the directory that holds \(holder)."), "\(record)")
        let scripts = files.keys.filter { $0.hasSuffix(".sql") || $0.hasSuffix(".js") }
        #expect(scripts.count == 15)
        for script in scripts {
            let text = String(decoding: files[script] ?? Data(), as: UTF8.self)
            let marker = script.hasSuffix(".js") ? "// run:     " : "-- run:     "
            let run = text.split(separator: "\n").first { $0.hasPrefix(marker) }.map { String($0.dropFirst(marker.count)) } ?? ""
            let command = run.replacingOccurrences(of: "   (or: mariadb ...)", with: "")
            #expect(commands.contains(command), "\(script): \(run)")
            #expect(command.hasSuffix(" \(folder)/\(script)"), "\(script): \(run)")
            #expect(FileManager.default.fileExists(atPath: dir + "/" + folder + "/" + script))
            #expect(text.contains("run:     \(run)\n\(marker.prefix(3))from:    the directory that holds \(holder.replacingOccurrences(of: "`", with: ""))\n"), "\(script)")
        }
    }

    /// An output folder outside the working directory, typed absolute or as `../`, is named by
    /// its absolute path in the scripts and records (the same bytes either way): nothing in them
    /// depends on where plancc ran.
    @Test func outputOutsideTheWorkingDirectoryIsNamedAbsolutely() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/work/specs", withIntermediateDirectories: true)
        try copy(Self.goodSpec, to: dir + "/work/specs")
        let id = "20261124093000_users_add_phone"
        let absolute = dir + "/absout"
        var first: [String: Data]?
        for output in [absolute, "../absout", dir + "/work/../absout/"] {
            try? FileManager.default.removeItem(atPath: absolute)
            let result = try plancc("compile specs -o \(Shell.quote(output))", in: dir + "/work")
            #expect(result.status == 0, "\(result.output)")
            let files = snapshot(absolute)
            if let first { #expect(files == first, "\(output)") } else { first = files }
        }
        let files = first ?? [:]
        let script = String(decoding: files["\(id)/postgresql/forward.sql"] ?? Data(), as: UTF8.self)
        #expect(script.contains("-- run:     psql -v ON_ERROR_STOP=1 -f \(absolute)/\(id)/postgresql/forward.sql\n-- from:    any directory (the path is absolute)\n"),
                "\(script.prefix(700))")
        let record = String(decoding: files["\(id)/CHANGE.md"] ?? Data(), as: UTF8.self)
        #expect(record.contains("The commands name the scripts by absolute path: run them from any directory."))
        #expect(!record.contains("../absout") && !script.contains("../absout"))
    }

    /// `docs -o X` writes the records only: CHANGE.md then says the scripts are not there yet and
    /// which command writes them; that command, run as written, writes each script a command
    /// names, and the records it writes with them drop the sentence. `explain -o` names the same
    /// folder as compile's records.
    @Test func docsElsewhereSaysWhereTheScriptsComeFrom() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/specs", withIntermediateDirectories: true)
        try copy(Self.goodSpec, to: dir + "/specs")
        let id = "20261124093000_users_add_phone"
        #expect(try plancc("docs specs -o X", in: dir).status == 0)
        let record = String(decoding: FileManager.default.contents(atPath: "\(dir)/X/\(id)/CHANGE.md") ?? Data(), as: UTF8.self)
        let paths = commandPaths(record)
        #expect(paths.count == 15)
        #expect(!paths.contains { FileManager.default.fileExists(atPath: dir + "/" + $0) })
        let compile = "plancc compile specs/\(id).yaml -o X"
        #expect(record.contains("The scripts these commands name are not all in `X/\(id)/` (`plancc docs` writes the records only): `\(compile)`"))
        #expect(try plancc(String(compile.dropFirst("plancc ".count)), in: dir).status == 0)
        #expect(paths.allSatisfy { FileManager.default.fileExists(atPath: dir + "/" + $0) })
        let compiled = String(decoding: FileManager.default.contents(atPath: "\(dir)/X/\(id)/CHANGE.md") ?? Data(), as: UTF8.self)
        #expect(!compiled.contains("are not all in"))
        #expect(commandPaths(compiled) == paths)
        // docs over the compiled folder writes what compile wrote.
        #expect(try plancc("docs specs -o X", in: dir).status == 0)
        #expect(try plancc("compile specs -o X --check", in: dir).status == 0)
        let explained = try plancc("explain specs/\(id).yaml -o ./X/", in: dir)
        #expect(explained.status == 0, "\(explained.output)")
        // Every phase but rollback, which explain leaves to CHANGE.md.
        #expect(commandPaths(explained.stdout) == paths.filter { !$0.contains("/rollback.") })
        #expect(explained.stdout.contains("Run each command from the directory that holds `X/`."))
    }

    /// I/O errors say what and why in one line, for compile and docs alike: an output that is a
    /// file, one under a file, one in a folder that cannot be written.
    @Test(arguments: ["compile", "docs"])
    func ioErrorsAreOneLineWithTheReason(_ command: String) throws {
        let dir = try temporaryDirectory()
        defer { chmod(dir + "/locked", 0o755); try? FileManager.default.removeItem(atPath: dir) }
        try Data().write(to: URL(fileURLWithPath: dir + "/afile"))
        let shown = SpecFiles.outputPath(dir, cwd: Repo.root)
        let cases: [(String, String)] = [
            (dir + "/afile", "\(shown)/afile: cannot write the output there (it is a file, not a directory)"),
            (dir + "/afile/plans", "\(shown)/afile/plans: cannot create the output directory (\(shown)/afile is a file, not a directory)"),
        ]
        for (output, message) in cases {
            let result = try plancc("\(command) \(Self.goodSpec) -o \(Shell.quote(output))")
            #expect(result.status == 74, "\(output)")
            #expect(result.stderr == "plancc: error: \(message)\n", "\(result.stderr)")
        }
        // Permissions do not stop root: there, /sys (never writable) stands in for a locked folder.
        let unwritable: String
        if getuid() == 0 {
            unwritable = "/sys/plancc-\(UUID().uuidString)"
        } else {
            try FileManager.default.createDirectory(atPath: dir + "/locked", withIntermediateDirectories: true)
            chmod(dir + "/locked", 0o555)
            unwritable = dir + "/locked/plans"
        }
        let result = try plancc("\(command) \(Self.goodSpec) -o \(Shell.quote(unwritable))")
        #expect(result.status == 74)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("plancc: error: \(unwritable): cannot create the output directory ("), "\(result.stderr)")
        #expect(["permission denied", "read-only file system", "operation not permitted"].contains { result.stderr.contains($0) }, "\(result.stderr)")
    }
}
