import PlanDiagnostics
import PlanSpec
import PlanSupport

/// One spec after replay: its facts filled in from the history, what the history found wrong
/// with it, and the schema it starts from.
public struct Replayed: Sendable {
    public var spec: Spec
    public var diagnostics: [Diagnostic]
    public var before: SchemaModel
}

/// Replays specs over the schema model, in the order given (the caller sorts by id; a
/// baseline sorts first). Applying an operation to the model is that operation's check
/// against history: a change to something an earlier spec removed, a column a known table
/// does not have, a `was` the history contradicts. Pure: no file or database is read.
public enum History {
    public static func replay(_ specs: [Spec]) -> [Replayed] {
        var model = SchemaModel()
        return specs.map { spec in
            var replay = SpecReplay(spec: spec, model: model)
            replay.run()
            model = replay.model
            return replay.result
        }
    }

    /// The schema the specs leave, replayed in the order given: what `schema-at` prints and
    /// the "after" of a change record's picture.
    public static func end(of specs: [Spec]) -> SchemaModel {
        specs.reduce(into: SchemaModel()) { model, spec in model = apply(spec, to: model) }
    }

    /// The schema `spec` leaves when applied whole to `model`.
    public static func apply(_ spec: Spec, to model: SchemaModel) -> SchemaModel {
        var replay = SpecReplay(spec: spec, model: model)
        replay.run()
        return replay.model
    }
}

/// The replay of one spec's changes, in order.
struct SpecReplay {
    var spec: Spec
    var model: SchemaModel
    let before: SchemaModel
    var diagnostics: [Diagnostic] = []

    init(spec: Spec, model: SchemaModel) {
        self.spec = spec
        self.model = model
        before = model
    }

    var result: Replayed { Replayed(spec: spec, diagnostics: diagnostics.sortedBySource(), before: before) }

    mutating func run() {
        for index in spec.changes.indices {
            var change = spec.changes[index]
            checkAgainstHistory(change)
            checkSQL(change)
            if let warning = volatileUserDefault(&change) { diagnostics.append(warning) }
            checkMongo(change)
            checkViewDependencies(change)
            if spec.kind == .change {
                change.operation = inferFacts(change.operation)
                checkFacts(change)
                checkKeyColumnSwap(change)
            }
            checkForeignKeyIndexOrder(change, at: index)
            checkIndexPrefixes(change)
            spec.changes[index] = change
            apply(change)
            checkRowSize(change)
            reportTargetFindings(change)
        }
        if spec.kind == .baseline { model.strict = true }
    }

    // MARK: reporting

    mutating func error(_ code: DiagnosticCode, _ message: String, at location: SourceLocation,
                        notes: [Diagnostic.Note] = [], fix: String? = nil) {
        diagnostics.append(Diagnostic(code, message, at: location, notes: notes, fix: fix))
    }

    mutating func warning(_ code: DiagnosticCode, _ message: String, at location: SourceLocation, fix: String? = nil) {
        diagnostics.append(Diagnostic(code, message, at: location, fix: fix, severity: .warning))
    }

    /// Facts from this spec itself are checked by its own validation (SchemaTracker); the
    /// history reports only what earlier specs established.
    func fromEarlierSpec(_ location: SourceLocation) -> Bool { location.file != spec.path }

    /// "dropped by spec 20261124150000_x, change 2 (drop_column)"
    func reason(_ verb: String, _ change: Change) -> Removal {
        Removal(reason: "\(verb) by spec \(spec.id.value), change \(change.index) (\(change.name))", location: change.location)
    }

    static func suggestion(_ name: String, _ candidates: [String], _ what: String) -> String? {
        if let close = Suggestions.closest(to: name, in: candidates.sorted()) { return "did you mean '\(close)'?" }
        return candidates.isEmpty ? nil : "\(what): \(candidates.sorted().joined(separator: ", "))"
    }
}

extension SpecReplay {
    /// E0318 for the calls of `change` (`Spec.targetFindings`), but where the specs so far, this
    /// one up to the change included, create a function of that name: the call is the author's.
    mutating func reportTargetFindings(_ change: Change) {
        for finding in spec.targetFindings where finding.changeIndex == change.index {
            switch finding.dialect {
            case .postgresql? where model.functions.contains(finding.function): continue
            case .mysql? where model.mySQLFunctions.contains(finding.function): continue
            default: diagnostics.append(finding.diagnostic)
            }
        }
    }
}
