import PlanSpec
import PlanDiagnostics

/// The version written into every generated file's header.
public enum PlanccVersion {
    public static let current = "0.1.0"
}

/// The five scripts of every compiled change, in the order they are run.
public enum Phase: String, Sendable, CaseIterable {
    case forward, backfill, contract, rollback, verify

    public var summary: String {
        switch self {
        case .forward: "expand: adds what the new code needs, keeps what the old code uses"
        case .backfill: "batched data migration, resumable, with progress"
        case .contract: "removes what only the old code used (expand_contract only)"
        case .rollback: "undoes forward and backfill, newest first (run before contract)"
        case .verify: "fails unless the change is fully in place"
        }
    }
}

/// Where a step came from: the change's number, operation and spec line.
public struct StepOrigin: Sendable, Equatable {
    public var changeIndex: Int
    public var operation: String
    public var location: SourceLocation

    public init(changeIndex: Int, operation: String, location: SourceLocation) {
        self.changeIndex = changeIndex
        self.operation = operation
        self.location = location
    }

    /// `change 2 (create_index), specs/x.yaml line 14`
    public var comment: String {
        CommentText.singleLine("change \(changeIndex) (\(operation)), \(location.file) line \(location.line)")
    }
}

/// One unit of work in a phase.
public struct Step: Sendable {
    public var origin: StepOrigin
    public var action: Action

    public init(_ action: Action, from origin: StepOrigin) {
        self.origin = origin
        self.action = action
    }
}

/// One check of the verify phase.
public struct Check: Sendable {
    public var origin: StepOrigin
    public var expectation: Expectation

    public init(_ expectation: Expectation, from origin: StepOrigin) {
        self.origin = origin
        self.expectation = expectation
    }
}

/// A compiled change, ready for the backends: the spec and its phases.
public struct Plan: Sendable {
    public var spec: Spec
    public var forward: [Step] = []
    public var backfill: [Step] = []
    public var contract: [Step] = []
    /// Undoes forward and backfill, newest first.
    public var rollback: [Step] = []
    public var verify: [Check] = []
    /// What the schema history knows of each table's foreign keys and triggers (for the online
    /// schema change tool of a large MySQL table copy); empty when compiled without a history.
    public var tableLinks: [String: TableLinks] = [:]

    /// The output folder the scripts are written under, as their run lines and CHANGE.md's
    /// commands name it (`out`, `build/plans`): relative to the working directory, normalised.
    public var outputDir = "out"

    public init(spec: Spec) { self.spec = spec }

    /// This change's folder, `out/<id>`.
    public var folder: String { outputDir + "/" + spec.id.value }

    public func steps(in phase: Phase) -> [Step] {
        switch phase {
        case .forward: forward
        case .backfill: backfill
        case .contract: contract
        case .rollback: rollback
        case .verify: []
        }
    }

    public static func graveyardName(_ name: String) -> String { GeneratedNames.graveyard(name) }
    /// The start of a graveyard column's comment while forward has released its NOT NULL
    /// (`Action.releaseNotNull`); the rest is the column's own comment.
    public static let releasedNotNullMark = "plancc: NOT NULL until rollback; "
    public static func shadowName(_ column: String) -> String { GeneratedNames.shadow(column) }
    public static func syncTriggerName(table: String, column: String) -> String {
        GeneratedNames.syncTrigger(table: table, column: column)
    }
    public static func notNullCheckName(table: String, column: String) -> String {
        GeneratedNames.notNullCheck(table: table, column: column)
    }
}
