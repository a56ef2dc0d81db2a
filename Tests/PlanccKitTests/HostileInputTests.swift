import Foundation
import Testing
import TestSupport

/// What a reviewer trying to break the CLI found, end to end on the built binary: a killed
/// compile, binary files, one id in two files, a symlink loop and a FIFO, JSON of a spec with
/// an error, `new --op` with a wrong operation.
@Suite(.serialized)
struct HostileInputTests {
    static let goodSpec = "specs/20261124093000_users_add_phone.yaml"
    static let goodID = "20261124093000_users_add_phone"

    private func plancc(_ arguments: String, in dir: String = Repo.root) throws -> ProcessResult {
        Shell.run("cd \(Shell.quote(dir)) && \(Shell.quote(try PlanccExecutable.path())) \(arguments)")
    }

    /// A fresh folder holding `specs/` with the given example specs.
    private func project(_ specs: [String] = [goodSpec]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("specs"), withIntermediateDirectories: true)
        for spec in specs {
            try FileManager.default.copyItem(atPath: Repo.path(spec), toPath: url.path + "/" + spec)
        }
        return url.resolvingSymlinksInPath().path
    }

    private func hidden(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasPrefix(".") }.sorted()
    }

    /// A process id no process has: a child that has exited and been reaped.
    private func deadPID() -> Int32 {
        Int32(Shell.run("sh -c 'echo $$'").stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 999_999
    }

    /// Many specs, so that staging takes long enough to be caught at it.
    private func manySpecs(in dir: String, count: Int) throws {
        for i in 0..<count {
            let id = String(format: "2026120100%02d%02d_create_t%04d", i / 60, i % 60, i)
            try Data("""
            plancc: 1
            id: \(id)
            title: Create t\(i)
            intent: A table.
            rationale: A test.
            risk: low
            dialects: [postgresql, mysql, mongodb]
            rollback:
              strategy: reverse
            changes:
              - create_table:
                  table: t\(i)
                  columns:
                    - { name: id, type: bigint, nullable: false }
                  primary_key: [id]

            """.utf8).write(to: URL(fileURLWithPath: "\(dir)/specs/\(id).yaml"))
        }
    }

    /// Starts `compile specs -o out`, sends `signal` once a staging folder appears, and
    /// returns the exit status and stderr, or nil when it finished before one was seen.
    private func compileInterrupted(in dir: String, signal: Int32) -> (status: Int32, stderr: String, staged: Bool)? {
        let script = """
        import os, signal, subprocess, sys, time
        # Signals the test runner blocks would stay blocked in the compile it starts.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGINT, signal.SIGTERM])
        p = subprocess.Popen([sys.argv[1], 'compile', 'specs', '-o', 'out'], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        staged = False
        while p.poll() is None:
            names = os.listdir('out') if os.path.isdir('out') else []
            if any('.tmp-' in n for n in names):
                os.kill(p.pid, int(sys.argv[2])); staged = True; break
            time.sleep(0.0005)
        err = p.communicate()[1].decode()
        print(p.returncode, int(staged)); sys.stdout.write(err)
        """
        let binary = (try? PlanccExecutable.path()) ?? "plancc"
        let result = Shell.run("cd \(Shell.quote(dir)) && python3 - \(Shell.quote(binary)) \(signal)", input: script)
        let lines = result.stdout.split(separator: "\n", maxSplits: 1)
        guard let head = lines.first?.split(separator: " "), head.count == 2, let status = Int32(head[0]) else { return nil }
        return (status, lines.count > 1 ? String(lines[1]) : "", head[1] == "1")
    }

    @Test func aCompileKilledWithSIGKILLLeavesWhatTheNextCompileRemovesAndCheckFails() throws {
        let dir = try project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try manySpecs(in: dir, count: 40)
        let killed = try #require(compileInterrupted(in: dir, signal: SIGKILL))
        #expect(killed.staged, "the compile finished before a staging folder was seen")
        #expect(killed.status == -9)
        let left = hidden(dir + "/out")
        #expect(!left.isEmpty && left.allSatisfy { $0.contains(".tmp-") }, "\(left)")

        let check = try plancc("compile specs -o out --check", in: dir)
        #expect(check.status == 1, "\(check.output)")
        for name in left {
            let pid = name.split(separator: "-").last.map(String.init) ?? ""
            #expect(check.stderr.contains("  out/\(name)/ (left by plancc process \(pid), no longer running); compile removes it\n"), "\(check.stderr)")
        }
        let compile = try plancc("compile specs -o out", in: dir)
        #expect(compile.status == 0, "\(compile.output)")
        for name in left { #expect(compile.stdout.contains("removed out/\(name)/ (left by plancc process ")) }
        #expect(hidden(dir + "/out").isEmpty)
        #expect(try plancc("compile specs -o out --check", in: dir).status == 0)
    }

    /// SIGTERM (and SIGINT) while staging: the compile removes its own staging folders, says
    /// so in one line, exits 128 + the signal, and the output is as it was.
    @Test(arguments: [SIGTERM, SIGINT])
    func aCompileInterruptedCleansUpItsOwnStaging(_ signal: Int32) throws {
        let dir = try project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try manySpecs(in: dir, count: 40)
        let interrupted = try #require(compileInterrupted(in: dir, signal: signal))
        #expect(interrupted.staged, "the compile finished before a staging folder was seen")
        #expect(interrupted.status == 128 + signal)
        let name = signal == SIGTERM ? "SIGTERM" : "SIGINT"
        #expect(interrupted.stderr.hasSuffix("plancc: error: out/: interrupted by \(name); nothing was written\n"), "\(interrupted.stderr)")
        #expect(hidden(dir + "/out").isEmpty)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: dir + "/out")) ?? []).isEmpty)
    }

    /// Planted leftovers of a dead process: a staging folder, a previous output moved aside
    /// (its place empty: killed between the two renames) which goes back, and a records temp
    /// file. A leftover of a live process (this test's) is another compile's, and a user's
    /// `notes.tmp-PID` is theirs: both left alone.
    @Test func leftoversOfDeadProcessesAreCleanedAndAPreviousOutputRestored() throws {
        let dir = try project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try plancc("compile specs -o out", in: dir).status == 0)
        let id = "20261124093000_users_add_phone"
        let dead = deadPID(), live = getpid()
        try FileManager.default.createDirectory(atPath: "\(dir)/out/.\(id).tmp-\(dead)/postgresql", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: "\(dir)/out/\(id)", toPath: "\(dir)/out/.\(id).old-\(dead)")
        try Data().write(to: URL(fileURLWithPath: "\(dir)/out/INDEX.md.tmp-\(dead)"))
        try FileManager.default.createDirectory(atPath: "\(dir)/out/.\(id).tmp-\(live)", withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: "\(dir)/out/notes.tmp-\(dead)"))

        let check = try plancc("compile specs -o out --check", in: dir)
        #expect(check.status == 1)
        #expect(check.stderr.contains("  out/.\(id).old-\(dead)/ (left by plancc process \(dead), no longer running); compile removes it\n"))
        #expect(check.stderr.contains("  out/INDEX.md.tmp-\(dead) (left by plancc process \(dead), no longer running); compile removes it\n"))
        #expect(!check.stderr.contains("tmp-\(live)"))

        let compile = try plancc("compile specs/\(id).yaml -o out", in: dir)
        #expect(compile.status == 0, "\(compile.output)")
        #expect(compile.stdout.hasPrefix("""
            restored out/\(id)/ from out/.\(id).old-\(dead)/ (left by plancc process \(dead), no longer running)
            removed out/.\(id).tmp-\(dead)/ (left by plancc process \(dead), no longer running)
            removed out/INDEX.md.tmp-\(dead) (left by plancc process \(dead), no longer running)

            """), "\(compile.stdout)")
        #expect(hidden(dir + "/out") == [".\(id).tmp-\(live)"])
        #expect(FileManager.default.fileExists(atPath: "\(dir)/out/notes.tmp-\(dead)"))
    }

    /// A compile that cannot remove the previous output it moved aside (a folder it may not
    /// empty: owned by root, run as nobody; or locked with chmod when not root) says which
    /// folder and why and exits 74; --check then names it as left by a process that is gone,
    /// not "interrupted".
    @Test func aCompileThatCannotRemoveThePreviousOutputSaysSoAndFails() throws {
        let dir = try project()
        defer { chmod("\(dir)/out/\(Self.goodID)/postgresql", 0o755); _ = Shell.run("chmod -R u+w \(Shell.quote(dir))"); try? FileManager.default.removeItem(atPath: dir) }
        #expect(try plancc("compile specs -o out", in: dir).status == 0)
        let asOther: String
        if getuid() == 0 {
            // Root may remove anything: run as nobody, in folders nobody may write, beside root's out/<id>/.
            chmod(dir, 0o777)
            chmod(dir + "/out", 0o777)
            asOther = "setpriv --reuid=nobody --regid=nogroup --clear-groups "
        } else {
            chmod("\(dir)/out/\(Self.goodID)/postgresql", 0o555)
            asOther = ""
        }
        // A spec change, so that the output is replaced.
        let spec = dir + "/" + Self.goodSpec
        try (try String(contentsOfFile: spec, encoding: .utf8) + "# edited\n").write(toFile: spec, atomically: false, encoding: .utf8)
        let compile = Shell.run("cd \(Shell.quote(dir)) && \(asOther)\(Shell.quote(try PlanccExecutable.path())) compile specs -o out")
        #expect(compile.status == 74, "\(compile.output)")
        let left = hidden(dir + "/out").filter { $0.hasPrefix(".\(Self.goodID).old-") }
        #expect(left.count == 1, "\(hidden(dir + "/out"))")
        let name = try #require(left.first)
        #expect(compile.stderr.contains("plancc: error: out/\(name)/: cannot remove the previous output of out/\(Self.goodID)/, moved aside there (permission denied); the new output is in place; remove that folder by hand\n"),
                "\(compile.stderr)")
        let check = Shell.run("cd \(Shell.quote(dir)) && \(Shell.quote(try PlanccExecutable.path())) compile specs -o out --check")
        #expect(check.status == 1)
        let pid = name.split(separator: "-").last.map(String.init) ?? ""
        #expect(check.stderr.contains("  out/\(name)/ (left by plancc process \(pid), no longer running)"), "\(check.stderr)")
        #expect(!check.stderr.contains("interrupted"), "\(check.stderr)")
    }

    /// Control bytes of a binary file are shown escaped in the excerpt (and the caret still
    /// stands under the bad byte); invalid UTF-8 is shown as U+FFFD.
    @Test func excerptsEscapeControlCharacters() throws {
        let dir = try project([])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bytes = Array("plancc: 1\nid: 20261124120000_bin\ntitle: ".utf8)
        bytes += [0x1B] + Array("[31mred".utf8) + [0x07, 0x20, 0xE2, 0x80, 0xAE, 0x20, 0xFF, 0x0A]
        let file = dir + "/specs/20261124120000_bin.yaml"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let result = try plancc("check specs", in: dir)
        #expect(result.status == 1)
        #expect(!result.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x202E })
        #expect(result.stderr.contains("""
            specs/20261124120000_bin.yaml:3:20: error[E0007]: invalid UTF-8 byte 0xFF
              |
            3 | title: \\u{1B}[31mred\\u{7} \\u{202E} \u{FFFD}
              |                                    ^

            """), "\(result.stderr)")
        // Not UTF-8 at all, and a control character libyaml refuses: located, named, escaped.
        try Data(Array("plancc: 1\ntitle: \"a".utf8) + [0x01] + Array("b\"\n".utf8)).write(to: URL(fileURLWithPath: file))
        let control = try plancc("check specs", in: dir)
        #expect(control.stderr.hasPrefix("""
            specs/20261124120000_bin.yaml:2:10: error[E0001]: control character U+0001 is not allowed in YAML (is this a binary file?)
              |
            2 | title: "a\\u{1}b"
              |          ^

            """), "\(control.stderr)")
    }

    /// `x.yaml` and `x.yml`, or one spec in two folders given: one clear error on each file,
    /// naming both, and no history error.
    @Test func twoFilesOfOneIdAreToldSo() throws {
        let dir = try project(["specs/20261124090000_baseline_users.yaml", Self.goodSpec])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: dir + "/" + Self.goodSpec, toPath: dir + "/specs/20261124093000_users_add_phone.yml")
        let result = try plancc("check specs", in: dir)
        #expect(result.status == 1)
        let errors = result.stderr.split(separator: "\n").filter { $0.contains(": error[") }
        let message = "error[E0208]: two files declare the id '20261124093000_users_add_phone': "
            + "specs/20261124093000_users_add_phone.yaml, specs/20261124093000_users_add_phone.yml"
        #expect(errors == ["specs/20261124093000_users_add_phone.yaml:2:5: \(message)", "specs/20261124093000_users_add_phone.yml:2:5: \(message)"],
                "\(result.stderr)")
        #expect(!result.output.contains("already exists"))
        #expect(try plancc("compile specs -o out", in: dir).status == 1)

        try FileManager.default.removeItem(atPath: dir + "/specs/20261124093000_users_add_phone.yml")
        try FileManager.default.createDirectory(atPath: dir + "/copy", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: dir + "/" + Self.goodSpec, toPath: dir + "/copy/20261124093000_users_add_phone.yaml")
        let twoFolders = try plancc("check specs copy", in: dir)
        #expect(twoFolders.status == 1)
        #expect(twoFolders.stderr.contains("two files declare the id '20261124093000_users_add_phone': "
            + "specs/20261124093000_users_add_phone.yaml, copy/20261124093000_users_add_phone.yaml"))
        #expect(!twoFolders.output.contains("already exists"))
    }

    /// JSON names the id of a spec that has an error: as the file declares it, else from its name.
    @Test func jsonGivesTheIdOfASpecWithAnError() throws {
        let dir = try project([])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = try String(contentsOfFile: Repo.path(Self.goodSpec), encoding: .utf8)
        try text.replacingOccurrences(of: "risk: low", with: "risk: lowish")
            .write(toFile: dir + "/" + Self.goodSpec, atomically: true, encoding: .utf8)
        try text.replacingOccurrences(of: "id: 20261124093000_users_add_phone", with: "id: [not, a, name]")
            .replacingOccurrences(of: "20261124093000", with: "20261124093001")
            .write(toFile: dir + "/specs/20261124093001_users_add_phone.yaml", atomically: true, encoding: .utf8)
        let result = try plancc("check --format json specs", in: dir)
        #expect(result.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let specs = try #require(json["specs"] as? [[String: Any]])
        #expect(specs.map { $0["id"] as? String } == ["20261124093000_users_add_phone", "20261124093001_users_add_phone"])
        #expect(specs.allSatisfy { !(($0["diagnostics"] as? [Any]) ?? []).isEmpty })
    }

    /// A symlink loop and a FIFO on the command line (or named like a spec in a folder): one
    /// line saying what and why, exit 74, and no wait on the FIFO.
    @Test func aSymlinkLoopAndAFIFOSayWhyTheyCannotBeRead() throws {
        let dir = try project([])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/loop.yaml", withDestinationPath: "loop.yaml")
        #expect(mkfifo(dir + "/fifo.yaml", 0o644) == 0)
        #expect(mkfifo(dir + "/specs/20261124093000_fifo.yaml", 0o644) == 0)
        let cases = [
            ("check loop.yaml", "plancc: error: loop.yaml: cannot read (too many levels of symbolic links)\n"),
            ("compile fifo.yaml", "plancc: error: fifo.yaml: cannot read (not a regular file: a FIFO)\n"),
            ("check specs", "plancc: error: specs/20261124093000_fifo.yaml: cannot read (not a regular file: a FIFO)\n"),
            ("check missing.yaml", "plancc: error: missing.yaml: cannot read (no such file or directory)\n"),
        ]
        for (command, message) in cases {
            let result = try plancc("\(command) < /dev/null", in: dir)
            #expect(result.status == 74, "\(command)")
            #expect(result.stderr == message, "\(command): \(result.stderr)")
        }
    }

    /// `new --op` with a wrong operation: said in plancc's style, the closest operation
    /// suggested, the valid ones listed, no usage line; exit 64 and nothing written.
    @Test func newWithAnUnknownOperationListsTheOperations() throws {
        let dir = try project([])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let near = try plancc("new 'add index' --op creat_index", in: dir)
        #expect(near.status == 64)
        #expect(near.stderr.hasPrefix("plancc: error: unknown operation 'creat_index'; did you mean 'create_index'?\n  (operations: create_table, drop_table, "),
                "\(near.stderr)")
        #expect(near.stderr.split(separator: "\n").count == 2)
        #expect(!near.stderr.contains("Usage"))
        let bogus = try plancc("new 'add index' --op bogus", in: dir)
        #expect(bogus.status == 64)
        #expect(bogus.stderr.hasPrefix("plancc: error: unknown operation 'bogus'\n  (operations: create_table, "), "\(bogus.stderr)")
        #expect(bogus.stderr.contains(", backfill, sql)\n"))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: dir + "/specs")) ?? []).isEmpty)
    }

    /// A 1 GB (sparse) file named like a spec is refused by its size without being read whole:
    /// E0006 with the real size, in well under a second and a few MB (reading it whole took
    /// over a minute and 2 GB).
    @Test func aHugeFileIsRefusedWithoutBeingRead() throws {
        let dir = try project([])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "specs/20261124120000_huge.yaml"
        #expect(FileManager.default.createFile(atPath: dir + "/" + path, contents: Data("plancc: 1\n".utf8)))
        #expect(truncate(dir + "/" + path, 1 << 30) == 0)
        let started = Date()
        let result = Shell.run("cd \(Shell.quote(dir)) && /usr/bin/time -f 'maxrss=%M' \(Shell.quote(try PlanccExecutable.path())) check specs")
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.contains("\(path):1:1: error[E0006]: file is 1073741824 bytes; specs are limited to 1048576 bytes"), "\(result.stderr)")
        #expect(elapsed < 10, "took \(elapsed) s")
        let rss = result.stderr.split(separator: "\n").first { $0.hasPrefix("maxrss=") }.flatMap { Int($0.dropFirst("maxrss=".count)) }
        #expect((rss ?? .max) < 200_000, "max RSS \(rss ?? -1) KB")
    }

    /// `plancc new` with a title in another script: the id is the title transliterated to ASCII
    /// (a valid id and file name the folder's loader takes), the title kept as written; letters
    /// that do not transliterate give `change`; `check` reads each one as a spec (E0209 for the
    /// scaffold's placeholders only).
    @Test(arguments: [("Ajouter l'état été", "ajouter_l_etat_ete"), ("用户表", "yong_hu_biao"), ("Straße öffnen", "strasse_offnen"),
                      ("ᐊᐃᓐᓇᐅᔪᖅ", "change"), ("iOS app: add push tokens", "ios_app_add_push_tokens")])
    func newWithANonASCIITitleGivesAValidID(_ title: String, _ slug: String) throws {
        let dir = try project([])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try plancc("new \(Shell.quote(title))", in: dir)
        #expect(result.status == 0, "\(result.output)")
        let path = result.stdout.trimmingCharacters(in: .newlines)
        #expect(path.range(of: #"^specs/[0-9]{14}_"# + slug + #"\.yaml$"#, options: .regularExpression) != nil, "\(path)")
        let text = try String(contentsOfFile: dir + "/" + path, encoding: .utf8)
        #expect(text.contains("title: \"\(title)\"\n"), "\(text.prefix(600))")
        let checked = try plancc("check specs", in: dir)
        #expect(checked.status == 1)
        #expect(checked.stderr.contains("E0209"), "\(checked.stderr)")
        #expect(!checked.stderr.contains("E0201") && !checked.stderr.contains("E0202") && !checked.stderr.contains("note:"), "\(checked.stderr)")
    }

    /// Several `plancc new` in the same second, the same title or not, run at once: each gets
    /// its own id, in distinct seconds (so the history has one order), and no file is replaced.
    @Test func newRunsInTheSameSecondDoNotCollide() throws {
        let dir = try project([])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let binary = Shell.quote(try PlanccExecutable.path())
        let result = Shell.run("cd \(Shell.quote(dir)) && for i in 1 2 3 4; do \(binary) new 'add phone' & done; \(binary) new 'other thing' & wait")
        #expect(result.status == 0, "\(result.output)")
        let paths = result.stdout.split(separator: "\n").map(String.init)
        #expect(paths.count == 5, "\(result.output)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/specs").sorted()
        #expect(files.count == 5, "\(files)")
        #expect(Set(files.map { $0.prefix(14) }).count == 5, "\(files)")
        // An existing spec keeps its bytes: a later `new` takes the next second instead.
        let first = dir + "/specs/" + files[0]
        try "kept".write(toFile: first, atomically: true, encoding: .utf8)
        let stamp = String(files[0].prefix(14))
        let again = try plancc("new 'add phone'", in: dir)
        #expect(again.status == 0)
        #expect(try String(contentsOfFile: first, encoding: .utf8) == "kept")
        #expect(!again.stdout.contains(stamp), "\(again.stdout)")
    }
}
