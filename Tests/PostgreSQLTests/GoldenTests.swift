import Foundation
import Testing
import TestSupport

/// The PostgreSQL scripts of the backend's own specs, compared with the expected files beside
/// each spec (`Specs/<id>/<id>.expected/*.sql`). Re-record them with PLANCC_RECORD=1 after an
/// intended change, and review the diff.
@Suite
struct PostgreSQLGoldenTests {
    static let phases = ["forward", "backfill", "contract", "rollback", "verify"]

    @Test("generated scripts match the committed expected files", arguments: Fixtures.ownSpecs)
    func golden(_ spec: String) throws {
        let change = try SpecCompiler.compile(spec, only: [.postgresql])
        let expectedDir = spec.replacingOccurrences(of: ".yaml", with: ".expected")
        let record = ProcessInfo.processInfo.environment["PLANCC_RECORD"] == "1"
        for phase in Self.phases {
            let fresh = try #require(SpecCompiler.file(change, "postgresql/\(phase).sql"))
                // Paths in headers and comments are written relative to the repository.
                .replacingOccurrences(of: Repo.root + "/", with: "")
            let path = "\(expectedDir)/\(phase).sql"
            if record {
                try FileManager.default.createDirectory(atPath: expectedDir, withIntermediateDirectories: true)
                try fresh.write(toFile: path, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOfFile: path, encoding: .utf8)
            #expect(fresh == expected, "\(path) is stale: run with PLANCC_RECORD=1 and review the diff")
        }
    }
}

/// squawk (with the repository's .squawk.toml) finds nothing in the forward, backfill and
/// contract scripts of the backend's own specs and of the examples under out/. squawk parses SQL, not
/// psql: the psql variables the retries test (`:'SQLSTATE'`) are given to it as string literals,
/// and the DDL a call of the retry procedure hands it as the plain transaction it is.
@Suite
struct PostgreSQLSquawkTests {
    @Test("squawk reports nothing on the expected scripts")
    func squawkClean() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let interpolation = try Regex(#":'([A-Za-z_]+)'"#)
        let retrying = try Regex(#"CALL pg_temp\.plancc_step\('(?:[^']|'')*', (?s:.*?)\n\$plancc(?:_\d+)?\$\);"#)
        let execute = try Regex(#"(\$plancc(?:_\d+)?\$)\n((?s:.*?))\1"#)
        var files: [String] = []
        let phases = ["forward", "backfill", "contract"]
        var scripts: [(path: String, name: String, phase: String)] = []
        for spec in Fixtures.ownSpecs {
            let id = URL(fileURLWithPath: spec).deletingPathExtension().lastPathComponent
            for phase in phases { scripts.append((spec.replacingOccurrences(of: ".yaml", with: ".expected/\(phase).sql"), id, phase)) }
        }
        let out = Repo.path("out")
        for id in try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        where FileManager.default.fileExists(atPath: "\(out)/\(id)/postgresql/forward.sql") {
            for phase in phases { scripts.append(("\(out)/\(id)/postgresql/\(phase).sql", "out-" + id, phase)) }
        }
        #expect(scripts.count > 30)
        for (path, name, phase) in scripts {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let copy = "\(dir)/\(name).\(phase).sql"
            let plain = text.replacing(retrying) { block in
                "BEGIN;\n" + String(block.output[0].substring ?? "").matches(of: execute)
                    .map { String($0.output[2].substring ?? "") }.joined() + "COMMIT;"
            }
            #expect(!plain.contains("CALL pg_temp.plancc_step("), "a retried step was not unwrapped in \(path)")
            #expect(!plain.contains("BEGIN;\nCOMMIT;"), "a retrying block lost its statements in \(path)")
            try plain.replacing(interpolation) { "'psql variable \($0.output[1].substring ?? "")'" }
                .write(toFile: copy, atomically: true, encoding: .utf8)
            files.append(copy)
        }
        let result = Shell.run("squawk --config \(Shell.quote(Repo.path(".squawk.toml"))) --reporter gcc "
            + files.map(Shell.quote).joined(separator: " "))
        #expect(result.succeeded, "squawk findings (or squawk missing: pip install squawk-cli):\n\(result.output)")
    }
}
