import PlanDiagnostics
import Planner
import PlanRules
import PlanSpec

/// Specs loaded from the command line, checked one by one and across each other.
public struct Workspace: Sendable {
    public struct Entry: Sendable {
        public let loaded: LoadedSpec
        public let analysis: Analysis?
        public var spec: Spec? { loaded.spec }
    }

    public let entries: [Entry]
    /// Every diagnostic, each spec's own and those between specs (name collisions), in file
    /// then source order.
    public let diagnostics: [Diagnostic]

    private init(entries: [Entry], crossSpecDiagnostics: [Diagnostic]) {
        self.entries = entries
        diagnostics = (entries.flatMap { $0.loaded.diagnostics + ($0.analysis?.diagnostics ?? []) } + crossSpecDiagnostics)
            .sortedBySource()
    }

    public static func load(_ paths: [String]) throws(IOFailure) -> Workspace {
        let files = try SpecFiles.collect(paths)
        var entries: [Entry] = []
        for file in files {
            let loaded = SpecLoader.load(bytes: try SpecFiles.read(file), path: file)
            let analysis = loaded.spec.map(Analyzer.analyze)
            entries.append(Entry(loaded: loaded, analysis: analysis))
        }
        let cross = CrossSpecChecks.run(entries.compactMap(\.spec))
        return Workspace(entries: entries, crossSpecDiagnostics: cross)
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
