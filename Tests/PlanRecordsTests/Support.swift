import Foundation
import Planner
import PlanRecords
import PlanRules
import PlanSpec
import Testing
import TestSupport

/// Compares fresh output with a committed file; `PLANCC_RECORD=1` rewrites the file instead,
/// after which the diff is reviewed by eye like any other change.
enum Golden {
    static func check(_ actual: String, against path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        if ProcessInfo.processInfo.environment["PLANCC_RECORD"] == "1" {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(actual == expected, "\(path) differs from fresh output (PLANCC_RECORD=1 re-records)", sourceLocation: sourceLocation)
    }
}

/// Runs Python's `jsonschema` (Draft 2020-12) over documents; YAML files are read with PyYAML.
enum SchemaValidator {
    static let script = """
    import json, sys, yaml, jsonschema
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failed = 0
    for path in sys.argv[2:]:
        with open(path) as f:
            document = yaml.safe_load(f) if path.endswith(('.yaml', '.yml')) else json.load(f)
        for error in validator.iter_errors(document):
            failed += 1
            print(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
    print(f"{len(sys.argv) - 2} document(s), {failed} error(s)")
    sys.exit(1 if failed else 0)
    """

    /// Validates the files at `paths` against the schema text.
    static func validate(schema: String, paths: [String]) throws -> ProcessResult {
        let dir = try TempDir()
        let schemaPath = dir.path + "/schema.json"
        try schema.write(toFile: schemaPath, atomically: true, encoding: .utf8)
        let args = ([schemaPath] + paths).map(Shell.quote).joined(separator: " ")
        return Shell.run("python3 - \(args)", input: script)
    }
}

/// A temporary directory, removed when the value goes away.
final class TempDir {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "plancc-records-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ contents: String, to relative: String) throws -> String {
        let file = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try contents.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}
