import ArgumentParser
import Foundation
import PlanccKit
import PlanSupport

@main
struct Plancc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plancc",
        abstract: "Compile database change specs into reviewed-ready migration scripts.",
        discussion: """
            Start with 'plancc new "add phone to users"', which writes a commented specs/<id>.yaml; \
            'plancc check specs' validates it and shows the computed risk, 'plancc compile specs -o out' \
            writes the scripts and CHANGE.md. Every key a spec may hold is in docs/spec-format.md \
            ('plancc schema' gives editors the same as a JSON Schema); 'plancc rules ID' explains a finding or a code.
            """,
        version: PlanccKit.version,
        subcommands: [Compile.self, Check.self, Docs.self, ExplainCommand.self, New.self, Rules.self, Schema.self, SchemaAtCommand.self]
    )

    /// Parses and runs like ArgumentParser's own `main`, with plancc's error style: an unknown
    /// subcommand gets the closest one suggested, and every usage error reads
    /// `plancc: error: ...` on stderr, exit 64.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let names = configuration.subcommands.map { $0._commandName } + ["help"]
        if let first = arguments.first, !first.hasPrefix("-"), !names.contains(first) {
            var message = "plancc: error: unknown subcommand '\(first)'"
            if let near = Suggestions.closest(to: first, in: names.filter { $0 != "help" }) { message += "; did you mean '\(near)'?" }
            printError(message + "\n  (subcommands: \(names.filter { $0 != "help" }.joined(separator: ", ")); see 'plancc --help')\n")
            Foundation.exit(64)
        }
        let subcommands = names.filter { $0 != "help" }
        // `plancc help comple`: ArgumentParser would print the top-level help and exit 0.
        if arguments.first == "help", arguments.count > 1, let asked = arguments.dropFirst().first(where: { !$0.hasPrefix("-") }),
           !subcommands.contains(asked) {
            var message = "plancc: error: no help for '\(asked)': not a subcommand"
            if let near = Suggestions.closest(to: asked, in: subcommands) { message += "; did you mean '\(near)'?" }
            printError(message + "\n  (subcommands: \(subcommands.joined(separator: ", ")); see 'plancc --help')\n")
            Foundation.exit(64)
        }
        var command: ParsableCommand
        do { command = try parseAsRoot(arguments) } catch {
            // One line in plancc's style and a hint, never ArgumentParser's usage block.
            let sub = arguments.first.flatMap { subcommands.contains($0) ? $0 : nil }
            let hint = sub.map { "  (see 'plancc help \($0)')" } ?? "  (see 'plancc --help')"
            let text = message(for: error).split(separator: "\n").first.map(String.init) ?? "bad usage"
            fail(error, message: usageStyle(text) + "\n" + hint)
        }
        // What a command refuses once its arguments parsed is said in its own words, without
        // a usage line (which ArgumentParser would give for the root command, not this one).
        do { try command.run() } catch { fail(error, message: message(for: error)) }
    }

    /// ArgumentParser's sentences in plancc's style, one lowercase clause: "Unknown option
    /// '--formt'. Did you mean '--format'?" -> "unknown option '--formt'; did you mean
    /// '--format'?"; "... Please provide one of 'text', 'json'." -> "...; expected one of
    /// 'text', 'json'". plancc's own messages are left as they are.
    static func usageStyle(_ text: String) -> String {
        var t = text
        if t.hasPrefix("Error: ") { t = String(t.dropFirst("Error: ".count)) }
        for (sentence, clause) in [(". Please provide one of ", "; expected one of "), (". Did you mean ", "; did you mean "), (". Please ", "; ")] {
            t = t.replacingOccurrences(of: sentence, with: clause)
        }
        t = t.replacingOccurrences(of: ", but '", with: ", given '").replacingOccurrences(of: "' was specified", with: "'")
        if t.hasSuffix("."), !t.hasSuffix("..") { t.removeLast() }
        if let first = t.first, first.isUppercase, let second = t.dropFirst().first, second.isLowercase {
            t = first.lowercased() + t.dropFirst()
        }
        return t
    }

    /// Exits for `error`: quietly for an exit code, else with `message` in plancc's style.
    private static func fail(_ error: Error, message: String) -> Never {
        let code = exitCode(for: error)
        if code == .success || error is ExitCode { exit(withError: error) }
        var message = message
        if message.hasPrefix("Error: ") { message = String(message.dropFirst("Error: ".count)) }
        if !message.hasPrefix("plancc: error: ") { message = "plancc: error: " + message }
        printError(message.hasSuffix("\n") ? message : message + "\n")
        Foundation.exit(code.rawValue)
    }

    /// Bare `plancc` is a usage error: the help on stderr, exit 64, so a CI step with a
    /// forgotten subcommand fails.
    func run() throws {
        printError(Plancc.helpMessage() + "\n")
        throw ExitCode(64)
    }
}

/// Exit codes of every command: 0 clean, 1 errors or stale output, 64 bad usage, 74 I/O.
enum Exit {
    static let errors = ExitCode(1)
    static let io = ExitCode(74)

    /// Reports an I/O failure on stderr and returns its exit code (74, or 64 for unusable inputs).
    static func io(_ failure: IOFailure) -> ExitCode {
        FileHandle.standardError.write(Data("plancc: error: \(failure.description)\n".utf8))
        return ExitCode(failure.exitCode)
    }
}

/// Options every command that reads specs shares.
struct SpecInputs: ParsableArguments {
    @Argument(help: "Spec files, or directories searched for files named <id>.yaml (or .yml).")
    var paths: [String]

    /// Loads the specs; says on stderr which YAML files of the folders were not read.
    func load() throws -> Workspace {
        do { return try loadOrFail() } catch { throw Exit.io(error) }
    }

    /// The same, throwing the IOFailure itself (for `check` to render it in its format too).
    func loadOrFail() throws(IOFailure) -> Workspace {
        let workspace = try Workspace.load(paths)
        for note in workspace.notes {
            printError("plancc: note: \(note)\n")
        }
        return workspace
    }
}

/// `-o ''` (an unset variable, `-o "$OUT"`) would write into the working directory: refused.
func requireOutputFolder(_ output: String) throws {
    if output.trimmingCharacters(in: .whitespaces).isEmpty {
        throw ValidationError("-o needs a folder (default out); an empty one would write into the working directory")
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

/// Unbuffered, so that stdout and stderr interleave in the order they were written.
func printOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// Colour only on a terminal, and never when NO_COLOR is set.
var stderrIsColorTerminal: Bool {
    isatty(FileHandle.standardError.fileDescriptor) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
}
var stdoutIsColorTerminal: Bool {
    isatty(FileHandle.standardOutput.fileDescriptor) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
}
