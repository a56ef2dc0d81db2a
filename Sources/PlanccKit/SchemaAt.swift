import BackendMySQL
import BackendPostgreSQL
import PlanDiagnostics
import PlanSchema
import PlanSpec

/// `plancc schema-at ID`: the schema the history knows after spec ID, replayed from the
/// baseline and every spec up to it in id order (nothing is read from a database). Written as a
/// baseline spec (`yaml`), as DDL that creates it on an empty database (`sql`, from that
/// baseline read back through the decoder), or as a Mermaid diagram.
public enum SchemaAt {
    public enum Format: String, CaseIterable, Sendable {
        case yaml, sql, mermaid
    }

    public struct Failure: Error, Sendable {
        public var message: String
    }

    /// The specs of `workspace` up to and including the one `id` names (its full id, its
    /// 14-digit timestamp, or its file), in history order; a failure when none matches or one
    /// of them did not load.
    public static func history(_ workspace: Workspace, upTo id: String) throws(Failure) -> [Spec] {
        let entries = workspace.entries.filter { $0.loaded.spec != nil }
        let ids = entries.compactMap { $0.loaded.spec?.id.value }
        let asked = id.hasSuffix(".yaml") || id.hasSuffix(".yml") ? Self.fileID(id) : id
        // A spec that did not decode has no id: its file name (which starts with its id, by
        // the naming rule) tells whether it is in the history asked for.
        let unreadable = workspace.entries.filter { $0.loaded.spec == nil }
        func fileID(_ entry: Workspace.Entry) -> String { Self.fileID(entry.loaded.path) }
        func firstError(_ entry: Workspace.Entry) -> String {
            let error = entry.loaded.diagnostics.first { $0.severity == .error }
            return error.map { "\($0.location.file):\($0.location.line):\($0.location.column): \($0.message)" } ?? entry.loaded.path
        }
        if let broken = unreadable.first(where: { fileID($0) == asked || fileID($0).hasPrefix(asked + "_") }) {
            throw Failure(message: "the spec asked for does not load: \(firstError(broken)) (run 'plancc check \(broken.loaded.path)')")
        }
        let matches = ids.filter { $0 == asked || $0.hasPrefix(asked + "_") }
        guard matches.count == 1, let target = matches.first else {
            if matches.count > 1 { throw Failure(message: "'\(id)' names \(matches.count) specs: \(matches.sorted().joined(separator: ", ")); give the whole id") }
            var message = "no spec with id '\(id)' among the \(ids.count) spec(s) read"
            if let near = ids.min(by: { distance($0, asked) < distance($1, asked) }) { message += "; the nearest is '\(near)'" }
            throw Failure(message: message)
        }
        let ordered = HistoryOrder.sorted(entries.compactMap { $0.loaded.spec })
        guard let last = ordered.firstIndex(where: { $0.id.value == target }) else { throw Failure(message: "no spec with id '\(id)'") }
        if let broken = unreadable.sorted(by: { fileID($0) < fileID($1) }).first(where: { fileID($0) < target }) {
            throw Failure(message: "the history up to '\(target)' has a spec that does not load: \(firstError(broken)) (run 'plancc check' on it)")
        }
        let upTo = Set(ordered[...last].map(\.path))
        let broken = workspace.entries.filter { upTo.contains($0.loaded.path) && $0.spec == nil }.map(\.loaded.path)
        if !broken.isEmpty {
            throw Failure(message: "the history up to '\(target)' has specs with errors (\(broken.joined(separator: ", "))): run 'plancc check' on them")
        }
        let usable = Dictionary(workspace.entries.compactMap { entry in entry.spec.map { (entry.loaded.path, $0) } },
                                uniquingKeysWith: { a, _ in a })
        return ordered[...last].compactMap { usable[$0.path] }
    }

    /// The schema after the last of `specs` in `format`; `dialect` picks the SQL dialect
    /// (postgresql or mysql) and a diagram's type spellings; by default the first the specs target.
    public static func render(_ specs: [Spec], format: Format, dialect: Dialect? = nil) throws(Failure) -> String {
        guard let last = specs.last else { throw Failure(message: "no spec to replay") }
        let model = History.end(of: specs)
        let dialects = Dialect.allCases.filter { d in specs.contains { $0.dialects.contains(d) } }
        switch format {
        case .mermaid:
            return SchemaDiagram.mermaid(model, dialect: dialect ?? dialects.first)
        case .yaml:
            // With --dialect, a baseline of that dialect alone: its texts need no other's form.
            let listed = dialect.map { [$0] } ?? dialects
            let rendered = baseline(model, after: last, dialects: listed)
            let loaded = loadBack(rendered, after: last)
            if let error = loaded.diagnostics.first(where: { $0.severity == .error }), dialect == nil {
                throw Failure(message: "the schema after '\(last.id.value)' is not a baseline every dialect of the specs can read "
                                  + "(\(error.location.line):\(error.location.column): \(error.message)); print it for one: --dialect postgresql, mysql or mongodb")
            }
            return rendered.yaml
        case .sql:
            guard let dialect = dialect ?? dialects.first(where: \.isSQL) else {
                throw Failure(message: "the specs target no SQL dialect: use --format yaml or mermaid")
            }
            guard dialect.isSQL else { throw Failure(message: "MongoDB has no DDL to print: use --format yaml or mermaid") }
            // A baseline of the one dialect: a text written for PostgreSQL alone needs no MySQL form.
            let rendered = baseline(model, after: last, dialects: [dialect])
            let loaded = loadBack(rendered, after: last)
            guard let spec = loaded.spec, !loaded.diagnostics.hasErrors else {
                let first = loaded.diagnostics.first { $0.severity == .error }.map { "\($0.location.line):\($0.location.column): \($0.message)" } ?? ""
                throw Failure(message: "the schema after '\(last.id.value)' cannot be written as a baseline (\(first)); print it with --format yaml to see it")
            }
            var out = "-- The schema after \(last.id.value), as plancc's history knows it (plancc schema-at): DDL for an empty database.\n"
            out += rendered.omitted.map { "-- not written, not known whole: \($0)\n" }.joined()
            out += dialect == .postgresql ? PostgreSQLBackend().schemaDDL(spec) : MySQLBackend().schemaDDL(spec)
            return out
        }
    }

    private static func baseline(_ model: SchemaModel, after spec: Spec, dialects: [Dialect]) -> SchemaBaseline.Rendered {
        let stamp = spec.id.value.prefix(14)
        return SchemaBaseline.render(model, id: "\(stamp)_schema_at", dialects: dialects, after: spec.id.value)
    }

    /// The id a spec file's name starts with: `specs/2026..._x.yaml` is `2026..._x`.
    private static func fileID(_ path: String) -> String {
        String(path.split(separator: "/").last!.split(separator: ".").first!)
    }

    /// The baseline read back through the decoder, as `plancc check` would read it.
    private static func loadBack(_ rendered: SchemaBaseline.Rendered, after spec: Spec) -> LoadedSpec {
        SpecLoader.load(bytes: Array(rendered.yaml.utf8), path: String(spec.id.value.prefix(14)) + "_schema_at.yaml")
    }

    private static func distance(_ a: String, _ b: String) -> Int {
        // Common prefix length, negated: ids share their timestamps' leading digits.
        -zip(a, b).prefix { $0 == $1 }.count
    }
}
