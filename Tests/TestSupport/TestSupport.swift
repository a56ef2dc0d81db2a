import Foundation
import PlanccKit
import Planner
import PlanSpec

/// Paths of the repository, found from this file's location.
public enum Repo {
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static func path(_ relative: String) -> String { root + "/" + relative }

    /// The example specs in `specs/`, sorted.
    public static var exampleSpecs: [String] {
        // Absolute: plancc names files relative to the working directory.
        ((try? SpecFiles.collect([path("specs")])) ?? []).map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }
}

/// The result of a finished process.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var succeeded: Bool { status == 0 }
    /// Both streams, for failure messages.
    public var output: String { stdout + stderr }
}

public enum Shell {
    /// Runs `/bin/bash -c command`, optionally feeding `input` on stdin; waits for it.
    @discardableResult
    public static func run(_ command: String, input: String? = nil, environment: [String: String] = [:]) -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command]
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : inPipe
        do { try process.run() } catch {
            return ProcessResult(status: -1, stdout: "", stderr: "cannot start bash: \(error)")
        }
        if let input {
            let data = Data(input.utf8)
            DispatchQueue.global().async {
                inPipe.fileHandleForWriting.write(data)
                try? inPipe.fileHandleForWriting.close()
            }
        }
        // Read both pipes concurrently so a chatty process cannot block on a full pipe.
        let outData = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData.data, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Single-quotes a string for bash.
    public static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

/// Engine tests run unless PLANCC_SKIP_ENGINES=1; a skip is printed loudly.
public enum EngineGate {
    public static var skipped: Bool {
        let skip = ProcessInfo.processInfo.environment["PLANCC_SKIP_ENGINES"] == "1"
        if skip {
            FileHandle.standardError.write(Data("\n*** PLANCC_SKIP_ENGINES=1: ENGINE ROUND-TRIP TESTS ARE SKIPPED ***\n\n".utf8))
        }
        return skip
    }
}

public enum SpecCompiler {
    /// Loads and compiles one spec, failing loudly on any error diagnostic.
    public static func compile(_ path: String, only: Set<Dialect>? = nil) throws -> CompiledChange {
        let workspace = try Workspace.load([path])
        if workspace.hasErrors {
            throw CompileFailure(message: workspace.diagnostics.map { "\($0.location): \($0.message)" }.joined(separator: "\n"))
        }
        let entry = workspace.entries[0]
        return Compiler.compile(entry, only: only)!
    }

    /// The file of a compiled change at `path` (e.g. "postgresql/forward.sql").
    public static func file(_ change: CompiledChange, _ path: String) -> String? {
        change.files.first { $0.path == path }?.contents
    }

    /// Writes a compiled change's files under `dir`.
    public static func write(_ change: CompiledChange, to dir: String) throws {
        for file in change.files {
            let url = URL(fileURLWithPath: dir + "/" + file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: url)
        }
    }
}

public struct CompileFailure: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Written by one reader thread, read after it is joined.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
