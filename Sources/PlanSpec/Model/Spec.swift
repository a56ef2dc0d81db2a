import PlanDiagnostics

/// One change spec, format 1: described in `docs/spec-format.md`.
public struct Spec: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case change, baseline }

    public var path: String
    /// sha256 of the file's bytes, as hex.
    public var sha256: String
    public var format: Int
    public var kind: Kind
    public var id: Name
    public var title: String
    public var intent: String
    public var rationale: String
    public var owner: String?
    public var links: [String]
    public var currentState: String?
    public var risk: RiskLevel
    public var riskLocation: SourceLocation
    public var dialects: [Dialect]
    /// The server versions the scripts must run on (`targets:`); defaults when not stated.
    public var targets: Targets
    public var tables: [String: TableFacts]
    public var rollback: RollbackPolicy
    public var rollout: Rollout
    public var changes: [Change]
    public var location: SourceLocation
    /// The calls of functions the target lacks (E0318), reported when the history is replayed
    /// unless an earlier spec creates a function of the name (`TargetVersions`).
    public var targetFindings: [TargetFinding] = []

    public init(
        path: String, sha256: String, format: Int, kind: Kind, id: Name, title: String, intent: String,
        rationale: String, owner: String?, links: [String], currentState: String?, risk: RiskLevel,
        riskLocation: SourceLocation, dialects: [Dialect], tables: [String: TableFacts],
        rollback: RollbackPolicy, rollout: Rollout, changes: [Change], location: SourceLocation,
        targets: Targets = Targets()
    ) {
        self.path = path; self.sha256 = sha256; self.format = format; self.kind = kind; self.id = id
        self.title = title; self.intent = intent; self.rationale = rationale; self.owner = owner
        self.links = links; self.currentState = currentState; self.risk = risk; self.riskLocation = riskLocation
        self.dialects = dialects; self.targets = targets; self.tables = tables; self.rollback = rollback; self.rollout = rollout
        self.changes = changes; self.location = location
    }

    /// The estimated row count of a table, when the spec states it.
    public func rows(of table: String) -> Int64? { tables[table]?.rows }
}

public enum Dialect: String, Sendable, CaseIterable, Comparable {
    case postgresql, mysql, mongodb

    public static func < (a: Dialect, b: Dialect) -> Bool { a.order < b.order }
    private var order: Int { Dialect.allCases.firstIndex(of: self)! }

    public var displayName: String {
        switch self {
        case .postgresql: "PostgreSQL"
        case .mysql: "MySQL"
        case .mongodb: "MongoDB"
        }
    }

    public var isSQL: Bool { self != .mongodb }
}

public enum RiskLevel: String, Sendable, CaseIterable, Comparable {
    case low, medium, high

    public static func < (a: RiskLevel, b: RiskLevel) -> Bool { a.order < b.order }
    private var order: Int { RiskLevel.allCases.firstIndex(of: self)! }
}

public struct TableFacts: Sendable, Equatable {
    public var rows: Int64?
    public init(rows: Int64?) { self.rows = rows }
}

public struct RollbackPolicy: Sendable {
    public enum Strategy: String, Sendable, CaseIterable {
        case reverse
        case restoreFromBackup = "restore_from_backup"
        case forwardFix = "forward_fix"
    }

    public var strategy: Strategy
    public var notes: String?
    public var location: SourceLocation
    public init(strategy: Strategy, notes: String?, location: SourceLocation) {
        self.strategy = strategy
        self.notes = notes
        self.location = location
    }
}

/// How the change is rolled out; every field has the contract's default.
public struct Rollout: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable {
        case singleStep = "single_step"
        case expandContract = "expand_contract"
    }

    public var mode: Mode = .singleStep
    public var lockTimeout: Milliseconds = .init(5_000)
    public var statementTimeout: Milliseconds = .init(0)
    public var batchSize: Int = 1_000
    public var batchPause: Milliseconds = .init(100)
    public var lockRetries: Int = 5
    public var maxBatchSeconds: Int = 0
    public var onlineCopyRows: Int64 = 1_000_000

    public init() {}
}

/// A duration in whole milliseconds, written in specs as `5s`, `100ms`, `2m` or `0`.
public struct Milliseconds: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var value: Int64
    public init(_ value: Int64) { self.value = value }

    public static func < (a: Milliseconds, b: Milliseconds) -> Bool { a.value < b.value }

    /// The shortest exact spelling: `5s`, `100ms`, `2m`, `0`.
    public var description: String {
        if value == 0 { return "0" }
        if value % 60_000 == 0 { return "\(value / 60_000)m" }
        if value % 1_000 == 0 { return "\(value / 1_000)s" }
        return "\(value)ms"
    }

    /// Seconds as a decimal text, e.g. `0.1`, for SQL sleep functions.
    public var secondsText: String {
        let whole = value / 1_000, fraction = value % 1_000
        if fraction == 0 { return String(whole) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }
}

/// An identifier written in the spec, with where it was written.
public struct Name: Sendable, Hashable, CustomStringConvertible {
    public var value: String
    public var location: SourceLocation
    public init(_ value: String, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
    public var description: String { value }
}
