import Foundation
import Testing
import TestSupport

/// What a new team member runs into, end to end on the built binary: a spec saved as UTF-16 or
/// UTF-32, a binary file, a YAML file that is something else, a dangling symlink, shell
/// completion of `new --op` and `rules ID`.
struct NewMemberTests {
    private func plancc(_ arguments: String, in dir: String) throws -> ProcessResult {
        Shell.run("cd \(Shell.quote(dir)) && \(Shell.quote(try PlanccExecutable.path())) \(arguments) < /dev/null")
    }

    private func project() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-member-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("specs"), withIntermediateDirectories: true)
        return url.resolvingSymlinksInPath().path
    }

    static let spec = "specs/20261124093000_users_add_phone.yaml"

    /// The example spec in another Unicode encoding: one E0007 at 1:1 naming the encoding, with
    /// the iconv command as help, and no line of it quoted.
    @Test(arguments: [
        ("UTF-16", "UTF-16 (little-endian, with a byte order mark)", "UTF-16"),
        ("UTF-16BE", "UTF-16 (big-endian, no byte order mark)", "UTF-16BE"),
        ("UTF-16LE", "UTF-16 (little-endian, no byte order mark)", "UTF-16LE"),
        ("UTF-32", "UTF-32 (little-endian, with a byte order mark)", "UTF-32"),
        ("UTF-32BE", "UTF-32 (big-endian, no byte order mark)", "UTF-32BE"),
    ])
    func aSpecInUTF16OrUTF32IsNamedSo(_ encoding: String, _ named: String, _ iconv: String) throws {
        let dir = try project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let converted = Shell.run("iconv -f UTF-8 -t \(encoding) \(Shell.quote(Repo.path(Self.spec))) > \(Shell.quote(dir + "/" + Self.spec))")
        #expect(converted.succeeded, "\(converted.output)")
        let result = try plancc("check specs", in: dir)
        #expect(result.status == 1)
        let file = Self.spec
        #expect(result.stderr == """
            \(file):1:1: error[E0007]: file is \(named); plancc reads UTF-8
              = help: save it as UTF-8 in the editor, or convert it: iconv -f \(iconv) -t UTF-8 \(file) > \(file).utf8 && mv \(file).utf8 \(file)
            1 spec(s) checked: 1 error(s), 0 warning(s)

            """, "\(result.stderr)")
        // The help's command works.
        let fixed = Shell.run("cd \(Shell.quote(dir)) && iconv -f \(iconv) -t UTF-8 \(file) > \(file).utf8 && mv \(file).utf8 \(file)")
        #expect(fixed.succeeded, "\(fixed.output)")
        #expect(try plancc("check specs", in: dir).status == 0)
    }

    /// The help's command quotes a path the shell would split, and works as printed.
    @Test func theConversionCommandQuotesAPathWithASpace() throws {
        let dir = try project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/my specs", withIntermediateDirectories: true)
        let file = "my specs/20261124093000_users_add_phone.yaml"
        #expect(Shell.run("iconv -f UTF-8 -t UTF-16 \(Shell.quote(Repo.path(Self.spec))) > \(Shell.quote(dir + "/" + file))").succeeded)
        let result = try plancc("check 'my specs'", in: dir)
        let help = try #require(result.stderr.split(separator: "\n").first { $0.hasPrefix("  = help: ") })
        let command = try #require(help.components(separatedBy: "convert it: ").last)
        #expect(command == "iconv -f UTF-16 -t UTF-8 '\(file)' > '\(file).utf8' && mv '\(file).utf8' '\(file)'", "\(command)")
        #expect(Shell.run("cd \(Shell.quote(dir)) && \(command)").succeeded)
        #expect(try plancc("check 'my specs'", in: dir).status == 0)
    }

    /// A binary file named like a spec: one short line with the NUL's offset, not its bytes
    /// escaped into a long quoted line.
    @Test func aBinaryFileIsSaidInOneShortLine() throws {
        let dir = try project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/specs/20261124120000_bin.yaml"
        let head = Array(try Data(contentsOf: URL(fileURLWithPath: try PlanccExecutable.path())).prefix(4096))
        try Data(head).write(to: URL(fileURLWithPath: file))
        let result = try plancc("check specs", in: dir)
        #expect(result.status == 1)
        let offset = try #require(head.firstIndex(of: 0))
        #expect(result.stderr == """
            specs/20261124120000_bin.yaml:1:1: error[E0007]: binary file (NUL byte at offset \(offset)); a spec is YAML text in UTF-8
            1 spec(s) checked: 1 error(s), 0 warning(s)

            """, "\(result.stderr)")
    }

    /// A long line (invalid UTF-8 far into a minified line) is quoted cut around the caret.
    @Test func aLongLineIsQuotedAroundTheCaret() throws {
        let dir = try project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/specs/20261124120000_long.yaml"
        let bytes = Array("plancc: 1\ntitle: \"".utf8) + Array(repeating: UInt8(ascii: "a"), count: 500) + [0xFF] + Array(repeating: UInt8(ascii: "b"), count: 500) + Array("\"\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let result = try plancc("check specs", in: dir)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "specs/20261124120000_long.yaml:2:509: error[E0007]: invalid UTF-8 byte 0xFF", "\(result.stderr)")
        let quoted = try #require(lines.first { $0.hasPrefix("2 | ") })
        let caret = try #require(lines.first { $0.hasSuffix("^") })
        #expect(quoted.count <= 4 + 122, "\(quoted)")
        #expect(quoted.hasPrefix("2 | …aaa") && quoted.hasSuffix("bbb…"), "\(quoted)")
        // The caret stands under the replacement character.
        let under = quoted[quoted.index(quoted.startIndex, offsetBy: caret.count - 1)]
        #expect(under == "\u{FFFD}", "\(quoted)\n\(caret)")
    }

    /// `plancc check docker-compose.yml`: said once that it is not a spec, with the keys a spec
    /// has as help, rather than a missing-key error for each of them.
    @Test func aYAMLFileThatIsNotASpecIsToldOnce() throws {
        let dir = try project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "version: \"3\"\nservices:\n  web:\n    image: nginx\n".write(toFile: dir + "/docker-compose.yml", atomically: true, encoding: .utf8)
        let result = try plancc("check docker-compose.yml", in: dir)
        #expect(result.status == 1)
        let errors = result.stderr.split(separator: "\n").filter { $0.contains(": error[") }
        #expect(errors == ["docker-compose.yml:1:1: error[E0101]: this file does not look like a plancc spec: it has none of the keys plancc, id, changes (its keys: version, services)"],
                "\(result.stderr)")
        #expect(result.stderr.contains("  = help: a spec's top-level keys are plancc, id, title, intent, rationale, risk, dialects, rollback, changes (required) and kind, owner, links, current_state, targets, tables, rollout; 'plancc new \"description\"' writes one, docs/spec-format.md describes each\n"),
                "\(result.stderr)")
    }

    /// A dangling symlink, given or in a folder: the message names the link and its target.
    @Test func aDanglingSymlinkNamesItsTarget() throws {
        let dir = try project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/specs/20261124093000_users_add_phone.yaml",
                                                   withDestinationPath: "../old/20261124093000_users_add_phone.yaml")
        try FileManager.default.createSymbolicLink(atPath: dir + "/gone", withDestinationPath: "/nowhere/specs")
        let cases = [
            ("check specs", "plancc: error: specs/20261124093000_users_add_phone.yaml: cannot read (it is a symbolic link to '../old/20261124093000_users_add_phone.yaml', which does not exist)\n"),
            ("compile specs/20261124093000_users_add_phone.yaml -o out", "plancc: error: specs/20261124093000_users_add_phone.yaml: cannot read (it is a symbolic link to '../old/20261124093000_users_add_phone.yaml', which does not exist)\n"),
            ("check gone", "plancc: error: gone: cannot read (it is a symbolic link to '/nowhere/specs', which does not exist)\n"),
        ]
        for (command, message) in cases {
            let result = try plancc(command, in: dir)
            #expect(result.status == 74, "\(command)")
            #expect(result.stderr == message, "\(command): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    /// `-o ''` (an unset variable) is bad usage, not a compile into the working directory.
    @Test(arguments: ["compile", "docs", "explain"])
    func anEmptyOutputFolderIsRefused(_ command: String) throws {
        let dir = try project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: Repo.path(Self.spec), toPath: dir + "/" + Self.spec)
        let result = try plancc("\(command) specs -o ''", in: dir)
        #expect(result.status == 64, "\(result.output)")
        #expect(result.stderr == "plancc: error: -o needs a folder (default out); an empty one would write into the working directory\n  (see 'plancc help \(command)')\n",
                "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["specs"])
    }

    /// `plancc --help` says where to start and where the format is described.
    @Test func helpSaysWhereToStart() throws {
        let result = try plancc("--help", in: NSTemporaryDirectory())
        #expect(result.status == 0)
        let text = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for phrase in ["Start with 'plancc new \"add phone to users\"'", "'plancc check specs'", "docs/spec-format.md", "'plancc rules ID'"] {
            #expect(text.contains(phrase), "\(phrase)")
        }
    }

    /// Completion offers the operations of `new --op` and the ids of `rules`, in every shell.
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionOffersOperationsAndRuleIDs(_ shell: String) throws {
        let dir = try project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try plancc("--generate-completion-script \(shell)", in: dir)
        #expect(result.status == 0)
        for word in ["create_index", "alter_column_type", "backfill", "drop-column", "E0103", "W0401"] {
            #expect(result.stdout.contains(word), "\(shell): \(word) is not offered")
        }
        // `-o` completes folders.
        let directory = ["bash": "__plancc_add_completions -d", "zsh": "_files -/", "fish": "(__plancc_complete_directories)"][shell]!
        #expect(result.stdout.components(separatedBy: directory).count - 1 >= 3, "\(shell): -o of compile, docs and explain complete folders")
    }
}
