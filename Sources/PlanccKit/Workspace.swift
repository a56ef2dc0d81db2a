import PlanDiagnostics
import Planner
import PlanRules
import PlanSchema
import PlanSpec

/// Specs loaded from the command line, checked one by one and across each other.
public struct Workspace: Sendable {
    public struct Entry: Sendable {
        public let loaded: LoadedSpec
        /// Scaffold placeholders left in the file (each an error).
        public let placeholders: [Diagnostic]
        /// What replaying the history found: changes to what earlier specs removed, facts it contradicts.
        public let history: [Diagnostic]
        /// The schema the spec starts from, as the specs before it left it.
        public let before: SchemaModel?
        public let analysis: Analysis?
        /// The spec, when it loaded and replayed without errors, with the facts the history supplies.
        public let spec: Spec?
    }

    public let entries: [Entry]
    /// YAML files in the folders given that are not named `<id>.yaml`, and were not read.
    public let skipped: [String]
    /// What the folder walk did not follow (a symlinked folder already read), and the files it
    /// skipped, as the one-line notes every format carries.
    public let notes: [String]
    /// Every diagnostic, each spec's own and those between specs (name collisions), in file
    /// then source order.
    public let diagnostics: [Diagnostic]

    private init(entries: [Entry], skipped: [String], walkNotes: [String], crossSpecDiagnostics: [Diagnostic]) {
        self.entries = entries
        self.skipped = skipped
        self.notes = walkNotes + skipped.map { "\($0): not read: spec files are named <id>.yaml (YYYYMMDDHHMMSS_description)" }
        diagnostics = (entries.flatMap { $0.loaded.diagnostics + $0.placeholders + $0.history + ($0.analysis?.diagnostics ?? []) }
            + crossSpecDiagnostics)
            .sortedBySource()
    }

    /// Loads the specs at `paths` (files or folders). A file given alone is replayed after the
    /// specs before it in its folder, its history; they are read, not reported on.
    public static func load(_ paths: [String]) throws(IOFailure) -> Workspace {
        let collected = try SpecFiles.collectWithSkipped(paths)
        var loaded: [(file: String, spec: LoadedSpec, placeholders: [Diagnostic])] = []
        for file in collected.files {
            let (bytes, size) = try SpecFiles.readCapped(file)
            let spec = SpecLoader.load(bytes: bytes, path: file, size: size)
            loaded.append((file, spec, size > bytes.count ? [] : Placeholders.check(bytes, path: file)))
        }
        var history: [Spec] = []
        for file in SpecFiles.history(of: collected.files) {
            guard let (bytes, size) = try? SpecFiles.readCapped(file) else { continue }
            let loaded = SpecLoader.load(bytes: bytes, path: file, size: size)
            guard let spec = loaded.spec ?? loaded.sqlErrorsOnly else { continue }
            history.append(spec)
        }
        // Two files of one id are said to be so, and only the first is replayed (for the specs
        // after it): replayed too, the others would report only the symptom (a column that
        // "already exists"). None of them is compiled.
        let duplicates = DuplicateIDs.check(loaded.compactMap(\.spec.spec))
        // A spec whose only errors are in SQL texts is replayed too (not compiled): its other
        // changes count for the specs after it, and its other texts are checked.
        let ready = loaded.compactMap { $0.placeholders.isEmpty ? $0.spec.spec ?? $0.spec.sqlErrorsOnly : nil }
            .filter { !duplicates.copies.contains($0.path) }
        let replayed = Dictionary(History.replay(HistoryOrder.sorted(ready + history)).map { ($0.spec.path, $0) },
                                  uniquingKeysWith: { first, _ in first })
        let entries = loaded.map { file, spec, placeholders -> Entry in
            let replay = (spec.spec ?? spec.sqlErrorsOnly).flatMap { replayed[$0.path] }
            let usable = spec.spec == nil ? nil : replay.flatMap { $0.diagnostics.hasErrors || duplicates.files.contains(file) ? nil : $0.spec }
            return Entry(loaded: spec, placeholders: placeholders, history: replay?.diagnostics ?? [], before: replay?.before,
                         analysis: usable.map { Analyzer.analyze($0, known: replay.map { TableLinksFromHistory.indexes($0.before) } ?? KnownIndexes()) },
                         spec: usable)
        }
        let cross = CrossSpecChecks.run(entries.compactMap(\.spec))
        // Files meant as specs (by name or content) but not named by the rule: an error each,
        // so a misnamed spec cannot slip past a gate unread.
        let misnamed = collected.misnamed.map { file in
            Diagnostic(.idFileMismatch, "this file looks like a spec but is not named by the naming rule, so it was not read",
                       at: SourceLocation(file: file, line: 1, column: 1, offset: 0),
                       fix: "rename it: \(SpecFiles.namingRule)")
        }
        return Workspace(entries: entries, skipped: collected.skipped, walkNotes: collected.notes,
                         crossSpecDiagnostics: duplicates.diagnostics + cross + misnamed)
    }

    public var hasErrors: Bool { diagnostics.hasErrors }

    /// The text of each file, for quoting source lines in diagnostics.
    public var sources: [String: String] {
        Dictionary(entries.map { ($0.loaded.path, $0.loaded.source) }, uniquingKeysWith: { a, _ in a })
    }
}

/// The order specs apply in: the baseline first, then by id (the file name starts with it).
enum HistoryOrder {
    static func sorted(_ specs: [Spec]) -> [Spec] {
        specs.sorted { a, b in
            if (a.kind == .baseline) != (b.kind == .baseline) { return a.kind == .baseline }
            return (a.id.value, a.path) < (b.id.value, b.path)
        }
    }
}

/// Spec files that declare one id (`x.yaml` and `x.yml`, or one file in two folders given):
/// they would write the same `out/<id>/`. Each file is told, naming the others.
enum DuplicateIDs {
    /// `files`: every file of a shared id; `copies`: those after the first of each id.
    static func check(_ specs: [Spec]) -> (files: Set<String>, copies: Set<String>, diagnostics: [Diagnostic]) {
        let groups = Dictionary(grouping: specs, by: \.id.value).filter { $0.value.count > 1 }
        let diagnostics = groups.flatMap { id, group in
            group.map { spec in
                let others = group.filter { $0.path != spec.path }
                return Diagnostic(.nameCollision, "\(group.count == 2 ? "two" : String(group.count)) files declare the id '\(id)': "
                                      + group.map(\.path).joined(separator: ", "),
                                  at: spec.id.location, notes: others.map { .init("also declared here", at: $0.id.location) },
                                  fix: "keep one file per id: delete the copy, or give one a new id ('plancc new' makes one)")
            }
        }
        return (Set(groups.values.joined().map(\.path)), Set(groups.values.flatMap { $0.dropFirst() }.map(\.path)), diagnostics)
    }
}

/// Names a dialect scopes per database must not be created by two specs:
/// PostgreSQL index names (per schema), MySQL foreign key and check names.
enum CrossSpecChecks {
    static func run(_ specs: [Spec]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var pgIndexes: [String: Name] = [:]
        var mysqlConstraints: [String: Name] = [:]
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
