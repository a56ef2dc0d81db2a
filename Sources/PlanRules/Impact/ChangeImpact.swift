import PlanSpec

/// What one change does, in the three parts a reviewer asks about: the data, the database's
/// performance while it runs, and the application code around it. Estimates only: plancc
/// never sees the database, so row counts come from the spec's `tables:`.
public struct ChangeImpact: Sendable, Equatable {
    /// The change (numbered from 1).
    public var changeIndex: Int
    public var data: DataImpact
    /// One per dialect of the spec, in dialect order.
    public var performance: [PerformanceImpact]
    /// What code must change, in the order of the rollout.
    public var application: [ApplicationStep]

    public init(changeIndex: Int, data: DataImpact, performance: [PerformanceImpact], application: [ApplicationStep]) {
        self.changeIndex = changeIndex; self.data = data; self.performance = performance; self.application = application
    }
}

/// Rows touched and whether any data is lost.
public struct DataImpact: Sendable, Equatable {
    public enum Rows: Sendable, Equatable {
        /// A catalog change: no stored row is read or written.
        case none
        /// Every row of the table is read or written; the estimate from `tables:` when given.
        case all(estimate: Int64?)
        /// Rows matching a filter, at most the estimate when given.
        case matching(atMost: Int64?)
        /// Hand-written code: plancc cannot tell.
        case unknown
    }

    public enum Loss: String, Sendable, Equatable {
        case none
        /// Old values are overwritten (a backfill); the rest of the row is kept.
        case overwritten
        /// Lost when contract runs; until then rollback brings everything back.
        case atContract = "at_contract"
        /// Nothing is lost going forward, but a rollback drops what was written since forward
        /// (the table or column it removes, with the values written to it).
        case atRollback = "at_rollback"
        /// Lost when forward runs: only a backup brings it back.
        case atForward = "at_forward"
    }

    public var rows: Rows
    public var loss: Loss
    /// One sentence for the change record.
    public var summary: String

    public init(rows: Rows, loss: Loss, summary: String) {
        self.rows = rows; self.loss = loss; self.summary = summary
    }
}

/// The lock a change takes on one dialect, how long it holds it, and whether rows are rewritten.
public struct PerformanceImpact: Sendable, Equatable {
    public enum Hold: String, Sendable, Equatable {
        /// No lock on anything that exists.
        case none
        /// A catalog change: waits at most `lock_timeout`, then holds for milliseconds.
        case brief
        /// Held while the table is read or rebuilt online (an index build, a validation); writes continue.
        case whileScanning = "while_scanning"
        /// Held for a whole pass over the table (a rewrite, a copy, a build under lock): writes
        /// wait, and reads too under PostgreSQL's ACCESS EXCLUSIVE.
        case blocking
        /// Row locks only, one batch at a time.
        case perBatch = "per_batch"
        /// Hand-written code: plancc cannot tell.
        case unknown
    }

    public var dialect: Dialect
    /// The lock taken, in the engine's words (e.g. "ACCESS EXCLUSIVE", "metadata lock").
    public var lock: String
    public var hold: Hold
    public var rewritesTable: Bool
    /// One sentence for the change record.
    public var summary: String

    public init(dialect: Dialect, lock: String, hold: Hold, rewritesTable: Bool, summary: String) {
        self.dialect = dialect; self.lock = lock; self.hold = hold; self.rewritesTable = rewritesTable; self.summary = summary
    }
}

/// Something the application's code must do, and when.
public struct ApplicationStep: Sendable, Equatable {
    public enum When: String, Sendable, Equatable, CaseIterable {
        case beforeForward = "before_forward"
        case afterForward = "after_forward"
        case afterBackfill = "after_backfill"
        case beforeContract = "before_contract"
    }

    public var when: When
    public var action: String

    public init(_ when: When, _ action: String) {
        self.when = when; self.action = action
    }
}

/// Builds the impact of each change from its three parts.
enum ImpactEstimator {
    static func impact(of change: Change, in spec: SpecFacts) -> ChangeImpact {
        ChangeImpact(
            changeIndex: change.index,
            data: DataImpacts.estimate(change, spec),
            performance: spec.spec.dialects.map { PerformanceImpacts.estimate(change, on: $0, spec) },
            application: ApplicationImpacts.steps(change, spec)
        )
    }
}
