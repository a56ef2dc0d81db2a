// Measures plancc against libyaml's own parse of the same files: the compile is a pure
// function of text, so its cost should stay a small multiple of reading the YAML.
//
//   swift run -c release plancc-bench [SPEC|DIR...]     (default: specs/)
import CYAML
import Foundation
import PlanccKit
import PlanRules
import PlanSpec

let usageText = """
    usage: plancc-bench [SPEC|DIR...]

    Measures plancc's load, check and compile of the specs given (default: specs/) against
    libyaml's own parse of the same files, and a check of a spec naming 10,000 SQL names.
    Prints figures; asserts nothing.

    options:
      -h, --help    print this help and exit

    environment:
      PLANCC_BENCH_ITERATIONS   iterations per round (default 200)

    """
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains(where: { $0 == "-h" || $0 == "--help" || $0 == "help" }) {
    print(usageText, terminator: "")
    exit(0)
}
if let option = arguments.first(where: { $0.hasPrefix("-") }) {
    FileHandle.standardError.write(Data("plancc-bench: unknown option '\(option)'\n\(usageText)".utf8))
    exit(64)
}
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("plancc-bench: \(message)\n".utf8))
    exit(66)
}
let paths = arguments.isEmpty ? ["specs"] : arguments
let files: [String]
let inputs: [(path: String, bytes: [UInt8])]
do {
    files = try SpecFiles.collect(paths)
    inputs = try files.map { (path: $0, bytes: try SpecFiles.read($0)) }
} catch {
    fail("\(error)")
}
if files.isEmpty { fail("no spec files in \(paths.joined(separator: " "))") }
let totalBytes = inputs.reduce(0) { $0 + $1.bytes.count }

/// libyaml's event parse alone: the floor plancc cannot go below.
func libyamlParse(_ bytes: [UInt8]) -> Int {
    var parser = yaml_parser_t()
    yaml_parser_initialize(&parser)
    defer { yaml_parser_delete(&parser) }
    var events = 0
    bytes.withUnsafeBufferPointer { buffer in
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        var event = yaml_event_t()
        while yaml_parser_parse(&parser, &event) == 1 {
            let done = event.type == YAML_STREAM_END_EVENT
            yaml_event_delete(&event)
            events += 1
            if done { break }
        }
    }
    return events
}

/// Median seconds per iteration over `rounds` rounds of `iterations` each.
func measure(rounds: Int = 7, iterations: Int, _ body: () -> Void) -> Double {
    var samples: [Double] = []
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations { body() }
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(iterations))
    }
    return samples.sorted()[rounds / 2]
}

var sink = 0
let iterations = Int(ProcessInfo.processInfo.environment["PLANCC_BENCH_ITERATIONS"] ?? "") ?? 200
let parseOnly = measure(iterations: iterations) {
    for input in inputs { sink &+= libyamlParse(input.bytes) }
}
let loadOnly = measure(iterations: iterations) {
    for input in inputs { sink &+= SpecLoader.load(bytes: input.bytes, path: input.path).diagnostics.count }
}
let fullCompile = measure(iterations: iterations) {
    let workspaceSpecs = inputs.map { SpecLoader.load(bytes: $0.bytes, path: $0.path) }
    for loaded in workspaceSpecs {
        guard let spec = loaded.spec else { continue }
        let analysis = PlanRules.Analyzer.analyze(spec)
        sink &+= Compiler.compile(spec, analysis: analysis).files.count
    }
}

let outputBytes = inputs.reduce(0) { total, input in
    let loaded = SpecLoader.load(bytes: input.bytes, path: input.path)
    guard let spec = loaded.spec else { return total }
    let change = Compiler.compile(spec, analysis: PlanRules.Analyzer.analyze(spec))
    return total + change.files.reduce(0) { $0 + $1.contents.utf8.count }
}

/// `check` of one spec whose SQL texts name many columns: a backfill `set` of 4,000 column
/// references in a folded scalar, and author SQL of 2,000 statements. Placing each name and
/// giving it to its statement must stay linear (it once took 26 s for 4,000 names).
func manyNamesSeconds() throws -> (seconds: Double, names: Int) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-bench-\(getpid())").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let names = 4_000, statements = 2_000
    let head = "plancc: 1\nintent: bench.\nrationale: bench.\nrisk: high\ndialects: [postgresql]\nrollback:\n  strategy: restore_from_backup\n"
    let create = head + "id: 20260101000000_create\ntitle: Create\nchanges:\n  - create_table:\n      table: t\n      columns:\n"
        + "        - { name: id, type: bigint, nullable: false }\n        - { name: a, type: bigint }\n        - { name: b, type: text }\n"
        + "      primary_key: [id]\n"
    var big = head + "id: 20260101000100_many_names\ntitle: Many names\nchanges:\n  - backfill:\n      table: t\n      set:\n        a:\n          sql: >\n"
    // One flat call: a chain of `a + a + ...` nests one level per operator, past the parse depth
    // plancc checks (E0113), and would measure the refusal, not the names.
    big += "            greatest(\n" + Array(repeating: "            a,", count: names - 1).joined(separator: "\n") + "\n            a)\n"
    big += "  - sql:\n      forward: |\n"
    for i in 0..<statements { big += "        UPDATE t SET a = a + \(i) WHERE b = 'x' AND id > a;\n" }
    big += "      rollback: SELECT 1\n"
    try create.write(toFile: dir + "/20260101000000_create.yaml", atomically: true, encoding: .utf8)
    try big.write(toFile: dir + "/20260101000100_many_names.yaml", atomically: true, encoding: .utf8)
    var found: [String] = []
    let seconds = measure(rounds: 3, iterations: 1) {
        guard let workspace = try? Workspace.load([dir]) else { return found = ["cannot read \(dir)"] }
        found = workspace.diagnostics.filter { $0.severity == .error }.map { "\($0.location): \($0.code.rawValue) \($0.message)" }
    }
    if let first = found.first { fail("the many-names specs must check clean, and do not: \(first)") }
    return (seconds, names + statements * 3)
}

let manyNames = try manyNamesSeconds()

var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
func row(_ name: String, _ seconds: Double) -> String {
    let micros = seconds * 1e6
    let ratio = seconds / parseOnly
    let mbps = Double(totalBytes) / seconds / 1e6
    return name.padding(toLength: 30, withPad: " ", startingAt: 0)
        + String(format: "%10.1f µs %8.1fx %9.1f MB/s", micros, ratio, mbps)
}
print("plancc-bench: \(files.count) spec(s), \(totalBytes) bytes, median of 7 rounds x \(iterations)")
print("step".padding(toLength: 30, withPad: " ", startingAt: 0) + "   per run   vs parse    throughput")
print(row("libyaml event parse", parseOnly))
print(row("load + validate (plancc)", loadOnly))
print(row("load + analyse + compile all", fullCompile))
print("compile writes \(outputBytes) bytes (\(outputBytes / max(totalBytes, 1))x the input): scripts for every dialect, records, sha256 of each file")
print(String(format: "check of a spec naming %d columns in its SQL texts: %.1f ms", manyNames.names, manyNames.seconds * 1e3))
print("peak RSS: \(usage.ru_maxrss / 1024) MiB   (checksum \(sink & 0xff))")
