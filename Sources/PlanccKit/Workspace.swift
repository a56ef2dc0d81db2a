import PlanDiagnostics
import Planner
import PlanRules
import PlanSpec

/// Specs loaded from the command line, checked one by one and across each other.
public struct Workspace: Sendable {
    public struct Entry: Sendable {
        public let loaded: LoadedSpec
        /// Scaffold placeholders left in the file (each an error).
        public let placeholders: [Diagnostic]
        public let analysis: Analysis?
        /// The spec, when it loaded without errors.
        public var spec: Spec? { placeholders.isEmpty ? loaded.spec : nil }
    }

    public let entries: [Entry]
    /// YAML files in the folders given that are not named `<id>.yaml`, and were not read.
    public let skipped: [String]
    /// Every diagnostic, each spec's own and those between specs (name collisions), in file
    /// then source order.
    public let diagnostics: [Diagnostic]

    private init(entries: [Entry], skipped: [String], crossSpecDiagnostics: [Diagnostic]) {
        self.entries = entries
        self.skipped = skipped
        diagnostics = (entries.flatMap { $0.loaded.diagnostics + $0.placeholders + ($0.analysis?.diagnostics ?? []) }
            + crossSpecDiagnostics)
            .sortedBySource()
    }

    public static func load(_ paths: [String]) throws(IOFailure) -> Workspace {
        let collected = try SpecFiles.collectWithSkipped(paths)
        var entries: [Entry] = []
        for file in collected.files {
            let bytes = try SpecFiles.read(file)
            let loaded = SpecLoader.load(bytes: bytes, path: file)
            let placeholders = Placeholders.check(bytes, path: file)
            let analysis = placeholders.isEmpty ? loaded.spec.map(Analyzer.analyze) : nil
            entries.append(Entry(loaded: loaded, placeholders: placeholders, analysis: analysis))
        }
        let cross = CrossSpecChecks.run(entries.compactMap(\.spec))
        return Workspace(entries: entries, skipped: collected.skipped, crossSpecDiagnostics: cross)
    }

    public var hasErrors: Bool { diagnostics.hasErrors }

    /// The text of each file, for quoting source lines in diagnostics.
    public var sources: [String: String] {
        Dictionary(entries.map { ($0.loaded.path, $0.loaded.source) }, uniquingKeysWith: { a, _ in a })
    }
}

/// Names a dialect scopes per database must not be created by two specs:
/// PostgreSQL index names (per schema), MySQL foreign key and check names.
enum CrossSpecChecks {
    static func run(_ specs: [Spec]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var pgIndexes: [String: Name] = [:]
        var mysqlConstraints: [String: Name] = [:]
        var ids: [String: Name] = [:]
        for spec in specs {
            // Two specs with one id would write the same out/<id>/.
            if let first = ids[spec.id.value] {
                diagnostics.append(Diagnostic(.nameCollision, "spec id '\(spec.id.value)' is also the id of another spec",
                                              at: spec.id.location, notes: [.init("first used here", at: first.location)],
                                              fix: "give one of them a new id ('plancc new' makes one)"))
            }
            ids[spec.id.value] = spec.id
        }
        for spec in specs where spec.kind == .change {
            let pg = spec.dialects.contains(.postgresql), my = spec.dialects.contains(.mysql)
            for change in spec.changes {
                switch change.operation {
                case let .createIndex(op) where pg:
                    claim(op.name, in: &pgIndexes, what: "PostgreSQL index", &diagnostics)
                case let .dropIndex(op):
                    pgIndexes[op.name.value] = nil
                case let .addForeignKey(op) where my:
                    claim(op.name, in: &mysqlConstraints, what: "MySQL foreign key", &diagnostics)
                case let .addCheck(op) where my:
                    claim(op.name, in: &mysqlConstraints, what: "MySQL check constraint", &diagnostics)
                case let .dropConstraint(op):
                    mysqlConstraints[op.name.value] = nil
                default:
                    break
                }
            }
        }
        return diagnostics
    }

    private static func claim(_ name: Name, in names: inout [String: Name], what: String, _ diagnostics: inout [Diagnostic]) {
        if let first = names[name.value], first.location.file != name.location.file {
            diagnostics.append(Diagnostic(.nameCollision, "\(what) name '\(name.value)' is already created by another spec",
                                          at: name.location, notes: [.init("first created here", at: first.location)],
                                          fix: "these names are unique per database: choose another"))
        }
        names[name.value] = name
    }
}
