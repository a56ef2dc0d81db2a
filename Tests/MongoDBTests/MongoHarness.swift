import BackendMongoDB
import Foundation
import PlanccKit
import Planner
import PlanSpec
import TestSupport

/// Generated MongoDB scripts of one spec, written to a folder the Node harness can run.
struct MongoScripts {
    let id: String
    let spec: Spec
    let plan: Plan
    /// `<dir>/mongodb/<phase>.js`
    let dir: String

    func path(_ phase: Phase) -> String { "\(dir)/mongodb/\(phase.rawValue).js" }

    /// Whether a phase runs anything (not only comments).
    func runsCode(_ phase: Phase) -> Bool {
        let text = (try? String(contentsOfFile: path(phase), encoding: .utf8)) ?? ""
        return text.contains("planccInfo(")
    }

    /// Whether forward creates a collection, which then needs fixture documents.
    var createsCollections: Bool {
        ((try? String(contentsOfFile: path(.forward), encoding: .utf8)) ?? "").contains("await planccCreateCollection(")
    }

    /// Whether rollback puts documents back as they were: strategy reverse and no step of it
    /// that only says what cannot be undone.
    var rollbackRestoresDocuments: Bool {
        spec.rollback.strategy == .reverse && !plan.rollback.contains { if case .note = $0.action { true } else { false } }
    }

    /// Compiles `specPath` for MongoDB into `root/<id>`; a baseline is compiled as the change
    /// that creates what it describes, so that a history can start from it.
    static func compile(_ specPath: String, into root: String) throws -> MongoScripts {
        let workspace = try Workspace.load([specPath])
        guard !workspace.hasErrors, var spec = workspace.entries.first?.spec else {
            throw HarnessFailure(message: workspace.diagnostics.map { "\($0.location): \($0.message)" }.joined(separator: "\n"))
        }
        spec.kind = .change
        let plan = Planner.plan(spec)
        let dir = root + "/" + spec.id.value
        for file in MongoDBBackend().render(plan) {
            let path = dir + "/" + file.path
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try file.contents.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return MongoScripts(id: spec.id.value, spec: spec, plan: plan, dir: dir)
    }
}

/// A throwaway SecantusDB on a free loopback port, and the Node harness that talks to it.
final class MongoServer {
    let uri: String
    private let server = Process()
    static let harness = Repo.path("Tests/MongoDBTests/harness")
    private static let node = "NODE_PATH=/usr/share/nodejs node --no-warnings"

    init(tempDir: String) throws {
        let port = Shell.run("python3 -c 'import socket; s = socket.socket(); s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])'")
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        uri = "mongodb://127.0.0.1:\(port)"
        let log = tempDir + "/secantus.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        // Started directly, not through a shell, so that it holds none of the test's pipes.
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-m", "secantus", "--host", "127.0.0.1", "--port", port, "--storage-path", ":memory:", "--standalone"]
        server.standardOutput = FileHandle(forWritingAtPath: log)
        server.standardError = server.standardOutput
        server.standardInput = FileHandle.nullDevice
        // `:memory:` keeps its files in a temporary folder: under ours, which the test removes.
        server.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": tempDir]) { _, new in new }
        try server.run()
        let ready = Shell.run("for i in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/\(port)) 2>/dev/null && exit 0; sleep 0.1; done; exit 1")
        if !ready.succeeded {
            stop()
            throw HarnessFailure(message: "SecantusDB did not start: " + ((try? String(contentsOfFile: log, encoding: .utf8)) ?? ""))
        }
    }

    /// SIGKILL: the server inherits the test process's blocked SIGTERM and SIGINT, so it would
    /// never see them; its files are in our temporary folder anyway.
    func stop() {
        guard server.isRunning else { return }
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
    }

    /// Runs scripts one after the other in one Node process, as `mongosh URI FILE` would.
    func run(_ database: String, _ files: [String]) -> ProcessResult {
        Shell.run("\(Self.node) \(Self.harness)/run-mongosh.js \(uri) \(database) " + files.map(Shell.quote).joined(separator: " "))
    }

    /// Starts a script, kills it (SIGKILL) once it reports its first batch; true when it was
    /// killed before it finished.
    func runKilledAfterFirstBatch(_ database: String, _ file: String, log: String) -> Bool {
        let result = Shell.run("""
            \(Self.node) \(Self.harness)/run-mongosh.js \(uri) \(database) \(Shell.quote(file)) > \(Shell.quote(log)) 2>&1 & pid=$!
            for i in $(seq 1 1000); do grep -q ': batch 1,' \(Shell.quote(log)) && break; kill -0 $pid 2>/dev/null || break; sleep 0.005; done
            kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
            grep -q 'backfill: done' \(Shell.quote(log)) && echo finished || echo killed
            """)
        return result.stdout.contains("killed")
    }

    /// Validators, indexes and a checksum of the documents of every collection, as JSON text.
    func snapshot(_ database: String) -> String {
        Shell.run("\(Self.node) \(Self.harness)/snapshot.js \(uri) \(database)").stdout
    }

    /// Fills every empty collection with fixture documents that pass its validator.
    func seedEmptyCollections(_ database: String, count: Int) -> ProcessResult {
        Shell.run("\(Self.node) \(Self.harness)/seed.js \(uri) \(database) \(count)")
    }
}

struct HarnessFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
