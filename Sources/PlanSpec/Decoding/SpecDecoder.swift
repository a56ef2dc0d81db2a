import PlanDiagnostics
import PlanSupport
import PlanYAML

/// The result of loading one spec file: the spec when it decoded, and every diagnostic.
public struct LoadedSpec: Sendable {
    public var path: String
    public var source: String
    public var spec: Spec?
    public var diagnostics: [Diagnostic]
    /// The `id` the file declares, when it is a scalar, even if the spec has errors.
    public var declaredID: String?
    /// The spec when it decoded whole and its errors are those of validation (its SQL texts,
    /// E0113-E0115, or a rule such as E0316): not compiled, but replayed in the history, so that
    /// its other changes still count for the specs after it and its texts' names are still
    /// checked. A text that did not parse claims nothing. Nil when a change failed to decode
    /// (it is left out, and the replay would report what follows from its absence).
    public var sqlErrorsOnly: Spec?
}

/// Reads a spec file's bytes into a validated `Spec`.
public enum SpecLoader {
    public static let topLevelKeys = [
        "plancc", "kind", "id", "title", "intent", "rationale", "owner", "links", "current_state",
        "risk", "dialects", "targets", "tables", "rollback", "rollout", "changes",
    ]
    static let rolloutKeys = [
        "mode", "lock_timeout", "statement_timeout", "batch_size", "batch_pause", "lock_retries",
        "max_batch_seconds", "online_copy_rows",
    ]

    /// `size`: the file's size when `bytes` is only its start (see `YAMLParser.parse`).
    public static func load(bytes: [UInt8], path: String, size: Int? = nil, limits: YAMLLimits = .default) -> LoadedSpec {
        var source = String(decoding: bytes, as: UTF8.self)
        let sink = DiagnosticSink()
        var spec: Spec?
        var declaredID: String?
        var decodedCleanly = false
        do {
            // A bare `---` is a document holding only an empty (null) scalar: as empty as no document.
            if let root = try YAMLParser(limits: limits).parse(bytes, file: path, size: size), root.scalar?.isPlainNull != true {
                declaredID = root.mapping?.first { $0.key.scalar?.text == "id" }?.value.scalar?.text
                spec = decode(root, path: path, sha256: SHA256.hex(bytes), sink: sink)
            } else {
                sink.error(.emptyDocument, "the file holds no spec", at: SourceLocation(file: path, line: 1, column: 1, offset: 0),
                           fix: "run 'plancc new \"description\"' for a template")
            }
        } catch {
            sink.diagnostics.append(error.diagnostic)
            // UTF-16 or binary: no line of it is quoted.
            if error.notText { source = "" }
        }
        if var decoded = spec {
            // Changes that failed to decode are left out of `decoded`, so checks that replay the
            // whole sequence could report false errors; they wait for a clean decode.
            decodedCleanly = !sink.diagnostics.hasErrors
            SpecValidator(spec: decoded, sink: sink, replaySchema: decodedCleanly).validate()
            var syntax = SQLSyntax(spec: decoded, file: bytes, sink: sink)
            var volatility = VolatileDefaults(spec: syntax.run(), file: bytes, sink: sink)
            let findings = TargetVersions(spec: volatility.spec, file: bytes).run()
            decoded = volatility.run()
            // Without other errors the spec is replayed, which reports each finding unless an
            // earlier spec creates the function; with them it is not, so they are reported here.
            if sink.diagnostics.hasErrors { sink.diagnostics += findings.map(\.diagnostic) } else { decoded.targetFindings = findings }
            spec = decoded
        }
        let diagnostics = sink.diagnostics.sortedBySource()
        return LoadedSpec(path: path, source: source, spec: diagnostics.hasErrors ? nil : spec, diagnostics: diagnostics,
                          declaredID: declaredID, sqlErrorsOnly: diagnostics.hasErrors && decodedCleanly ? spec : nil)
    }

    /// The keys every spec has, one at least of which a file meant as a spec holds.
    static let identifyingKeys = ["plancc", "id", "changes"]
    static let requiredKeys = ["plancc", "id", "title", "intent", "rationale", "risk", "dialects", "rollback", "changes"]

    static func decode(_ root: YAMLNode, path: String, sha256: String, sink: DiagnosticSink) -> Spec? {
        // A YAML file that is something else (docker-compose.yml given by name) is told so once,
        // not with a missing-key error for every key of a spec.
        if let pairs = root.mapping {
            let keys = pairs.compactMap { $0.key.scalar?.text }
            if !keys.contains(where: identifyingKeys.contains) {
                let shown = keys.prefix(5).joined(separator: ", ") + (keys.count > 5 ? ", ..." : "")
                sink.error(.missingKey, "this file does not look like a plancc spec: it has none of the keys "
                               + identifyingKeys.joined(separator: ", ") + (keys.isEmpty ? "" : " (its keys: \(shown))"),
                           at: root.location,
                           fix: "a spec's top-level keys are " + requiredKeys.joined(separator: ", ") + " (required) and "
                               + topLevelKeys.filter { !requiredKeys.contains($0) }.joined(separator: ", ")
                               + "; 'plancc new \"description\"' writes one, docs/spec-format.md describes each")
                return nil
            }
        }
        guard let f = Fields(root, "the spec", allowed: topLevelKeys, sink: sink) else { return nil }
        let format = f.required("plancc").flatMap { sink.integer($0, "plancc", in: Int64.min...Int64.max) }
        if let format, format != 1, let node = f["plancc"] {
            sink.error(.unsupportedFormat, "format \(format) is not supported; this plancc reads format 1", at: node.location)
        }
        let kind = f["kind"].map { sink.choice($0, "kind", as: Spec.Kind.self) } ?? .change
        let id = f.required("id").flatMap { sink.name($0, "id") }
        let title = f.required("title").flatMap { sink.text($0, "title") }
        if let title, title.unicodeScalars.contains(where: DiagnosticSink.isControlOrLineBreak), let node = f["title"] {
            sink.error(.invalidValue, "'title' must be one line", at: node.location)
        }
        let intent = f.required("intent").flatMap { sink.text($0, "intent") }
        let rationale = f.required("rationale").flatMap { sink.text($0, "rationale") }
        let owner = f["owner"].flatMap { sink.text($0, "owner") }
        let links = f["links"].map { decodeLinks($0, sink) } ?? []
        let currentState = f["current_state"].flatMap { sink.text($0, "current_state") }
        let riskNode = f.required("risk")
        let risk = riskNode.flatMap { sink.choice($0, "risk", as: RiskLevel.self) }
        let dialects = f.required("dialects").flatMap { decodeDialects($0, sink) }
        sink.dialects = dialects
        let targets = f["targets"].map { decodeTargets($0, dialects: dialects, sink) } ?? Targets()
        let tables = f["tables"].map { decodeTables($0, sink) } ?? [:]
        let rollback = f.required("rollback").flatMap { rollbackPolicy($0, sink) }
        let rollout = f["rollout"].map { decodeRollout($0, sink) } ?? Rollout()
        let changes = f.required("changes").flatMap { decodeChanges($0, sink) }

        guard let format, let kind, let id, let title, let intent, let rationale, let risk, let riskNode,
              let dialects, let targets, let tables, let rollback, let rollout, let changes else { return nil }
        return Spec(path: path, sha256: sha256, format: Int(format), kind: kind, id: id, title: title, intent: intent,
                    rationale: rationale, owner: owner, links: links ?? [], currentState: currentState, risk: risk,
                    riskLocation: riskNode.location, dialects: dialects, tables: tables, rollback: rollback,
                    rollout: rollout, changes: changes, location: root.location, targets: targets)
    }

    private static func decodeLinks(_ node: YAMLNode, _ sink: DiagnosticSink) -> [String]? {
        guard let items = node.sequence else {
            sink.wrongType(node, expected: "a list", for: "links")
            return nil
        }
        return items.compactMap { sink.text($0, "links") }
    }

    private static func decodeDialects(_ node: YAMLNode, _ sink: DiagnosticSink) -> [Dialect]? {
        guard let items = node.sequence else {
            sink.wrongType(node, expected: "a list of dialects", for: "dialects")
            return nil
        }
        if items.isEmpty {
            sink.error(.emptyList, "'dialects' must name at least one of postgresql, mysql, mongodb", at: node.location)
            return nil
        }
        var seen: [Dialect] = []
        for item in items {
            guard let dialect = sink.choice(item, "dialect", as: Dialect.self) else { continue }
            if seen.contains(dialect) {
                sink.error(.duplicateName, "dialect '\(dialect.rawValue)' is listed twice", at: item.location)
            } else {
                seen.append(dialect)
            }
        }
        return seen.count == items.count ? seen.sorted() : nil
    }

    private static func decodeTables(_ node: YAMLNode, _ sink: DiagnosticSink) -> [String: TableFacts]? {
        guard let pairs = node.mapping else {
            sink.wrongType(node, expected: "a mapping of table: { rows: N }", for: "tables")
            return nil
        }
        var result: [String: TableFacts] = [:]
        for pair in pairs {
            guard let table = sink.name(pair.key, "table name"),
                  let f = Fields(pair.value, "tables.\(table.value)", allowed: Vocabulary.tableFactKeys, sink: sink) else { continue }
            let rows = f["rows"].flatMap { sink.integer($0, "rows", in: 0...Int64.max) }
            result[table.value] = TableFacts(rows: rows)
        }
        return result
    }

    private static func rollbackPolicy(_ node: YAMLNode, _ sink: DiagnosticSink) -> RollbackPolicy? {
        guard let f = Fields(node, "rollback", allowed: ["strategy", "notes"], sink: sink) else { return nil }
        let strategy = f.required("strategy").flatMap { sink.choice($0, "rollback strategy", as: RollbackPolicy.Strategy.self) }
        let notes = f["notes"].flatMap { sink.text($0, "rollback.notes") }
        guard let strategy else { return nil }
        return RollbackPolicy(strategy: strategy, notes: notes, location: node.location)
    }

    private static func decodeRollout(_ node: YAMLNode, _ sink: DiagnosticSink) -> Rollout? {
        guard let f = Fields(node, "rollout", allowed: rolloutKeys, sink: sink) else { return nil }
        var rollout = Rollout()
        var ok = true
        func read<T>(_ key: String, _ decode: (YAMLNode) -> T?, into path: WritableKeyPath<Rollout, T>) {
            guard let node = f[key] else { return }
            if let value = decode(node) { rollout[keyPath: path] = value } else { ok = false }
        }
        read("mode", { sink.choice($0, "rollout mode", as: Rollout.Mode.self) }, into: \.mode)
        read("lock_timeout", { sink.duration($0, "lock_timeout") }, into: \.lockTimeout)
        read("statement_timeout", { sink.duration($0, "statement_timeout") }, into: \.statementTimeout)
        read("batch_size", { sink.integer($0, "batch_size", in: 1...10_000_000).map(Int.init) }, into: \.batchSize)
        read("batch_pause", { sink.duration($0, "batch_pause") }, into: \.batchPause)
        read("lock_retries", { sink.integer($0, "lock_retries", in: 0...100).map(Int.init) }, into: \.lockRetries)
        read("max_batch_seconds", { sink.integer($0, "max_batch_seconds", in: 0...86_400).map(Int.init) }, into: \.maxBatchSeconds)
        read("online_copy_rows", { sink.integer($0, "online_copy_rows", in: 0...Int64.max) }, into: \.onlineCopyRows)
        if rollout.lockTimeout.value == 0, let node = f["lock_timeout"] {
            sink.error(.invalidDuration, "lock_timeout must be above 0: a DDL step must never wait for locks without bound",
                       at: node.location, fix: "use e.g. 5s")
            ok = false
        }
        return ok ? rollout : nil
    }

    private static func decodeChanges(_ node: YAMLNode, _ sink: DiagnosticSink) -> [Change]? {
        guard let items = node.sequence else {
            sink.wrongType(node, expected: "a list of changes", for: "changes")
            return nil
        }
        if items.isEmpty {
            sink.error(.emptyList, "'changes' must hold at least one change", at: node.location)
            return nil
        }
        var changes: [Change] = []
        for (offset, item) in items.enumerated() {
            if let pairs = item.mapping, pairs.count > 1, let key = pairs[0].key.scalar?.text, Operation.names.contains(key),
               pairs[0].value.scalar?.isPlainNull == true {
                let others = pairs.dropFirst().compactMap { $0.key.scalar?.text }.map { "'\($0)'" }.joined(separator: ", ")
                sink.error(.malformedChange,
                           "the body of '\(key)' is not indented: \(others) are read as keys beside '\(key)', not inside it",
                           at: pairs[1].key.location, fix: "indent the body's keys 2 more spaces than '\(key)'")
                continue
            }
            // `- add_column:` with its body, then a body key at the operation's own indentation.
            if let pairs = item.mapping, pairs.count > 1, let key = pairs[0].key.scalar?.text, Operation.names.contains(key),
               pairs[0].value.mapping != nil,
               case let strays = pairs.dropFirst().compactMap({ $0.key.scalar }).filter({ !Operation.names.contains($0.text) }),
               strays.count == pairs.count - 1, let body = pairs[0].value.mapping?.first?.key {
                let names = strays.map { "'\($0.text)'" }.joined(separator: ", ")
                sink.error(.malformedChange,
                           "\(names) \(strays.count == 1 ? "is" : "are") indented like '\(key)', so read as a second key of the change "
                               + "beside it, not as part of its body",
                           at: pairs[1].key.location,
                           fix: "indent \(names) by \(body.location.column - 1) spaces, like '\(body.scalar?.text ?? "")' on line \(body.location.line)")
                continue
            }
            guard let pairs = item.mapping, pairs.count == 1, let key = pairs[0].key.scalar?.text else {
                let count = item.mapping?.count
                sink.error(.malformedChange,
                           count.map { "a change must have exactly one operation key, found \($0)" }
                               ?? "a change must be a mapping like '- add_column: {...}', found \(item.kindDescription)",
                           at: item.location)
                continue
            }
            guard Operation.names.contains(key) else {
                let suggestion = Suggestions.closest(to: key, in: Operation.names)
                sink.error(.unknownOperation,
                           "unknown operation '\(key)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                           at: pairs[0].key.location,
                           fix: suggestion.map { "use '\($0)'" } ?? "operations: \(Operation.names.joined(separator: ", "))")
                continue
            }
            if let operation = sink.operation(key, pairs[0].value) {
                changes.append(Change(index: offset + 1, operation: operation, location: pairs[0].key.location))
            }
        }
        // The changes that decoded, so that each can still be validated on its own; the
        // failed ones have already reported their errors.
        return changes
    }
}
