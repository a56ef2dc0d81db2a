import PlanSpec

/// One statement a backend lowers a planned step to, with what it does to the database: how it
/// must be run, how a re-run skips it, the lock it takes and for how long, whether it reads or
/// rewrites the table, and how it is retried. The scripts are written from statements, and the
/// records (plan.json, the locks and retries of CHANGE.md and `plancc explain`) are folded from
/// the same statements, so a record can say only what a script does.
public struct Statement: Sendable, Equatable {
    /// How the statement must be run.
    public enum Transaction: String, Sendable, Equatable {
        /// In a transaction, with the other statements of its change that can share one.
        case inside
        /// In a transaction of its own (`VALIDATE CONSTRAINT` must not hold the lock of the `ADD`).
        case own
        /// Outside any transaction: `CONCURRENTLY`, batches that commit one by one, the author's code.
        case outside
        /// Nothing runs: a comment saying what cannot be done, and why.
        case none
    }

    /// How a re-run of the script skips the statement once its work is done.
    public enum Guard: Sendable, Equatable {
        /// Nothing skips it (the author's code without a verify or ledger, a note).
        case none
        /// The text itself: `IF [NOT] EXISTS`, `CREATE OR REPLACE`, a guard inside the block.
        case idempotent
        /// Runs only while this condition (in the dialect's words) holds.
        case condition(String)
        /// Touches only the rows still pending (a backfill).
        case pendingRows
        /// Runs only while the ledger holds no row for the change (author's code without a verify).
        case ledger
        /// Runs only while the change's own verify fails.
        case verify
    }

    /// The table lock the statement takes, in each engine's terms.
    public enum Lock: Sendable, Equatable {
        /// No lock on anything that exists (a new table, a comment).
        case none
        case postgresql(PostgreSQLLock)
        /// A metadata lock, with the `ALGORITHM` and `LOCK` clauses that bound it.
        case mysql(MySQLLock)
        case mongodb(MongoDBLock)
        /// The author's code: plancc cannot tell.
        case unknown

        /// The lock in the engine's words, for records: `ACCESS EXCLUSIVE`, `none`.
        public var name: String {
            switch self {
            case .none: "none"
            case let .postgresql(mode): mode.rawValue
            case let .mysql(lock): lock.description
            case let .mongodb(lock): lock.rawValue
            case .unknown: "unknown"
            }
        }
    }

    /// PostgreSQL's table lock modes, weakest first.
    public enum PostgreSQLLock: String, Sendable, Equatable, CaseIterable, Comparable {
        case accessShare = "ACCESS SHARE"
        case rowShare = "ROW SHARE"
        case rowExclusive = "ROW EXCLUSIVE"
        case shareUpdateExclusive = "SHARE UPDATE EXCLUSIVE"
        case share = "SHARE"
        case shareRowExclusive = "SHARE ROW EXCLUSIVE"
        case exclusive = "EXCLUSIVE"
        case accessExclusive = "ACCESS EXCLUSIVE"

        /// Whether it keeps writers out (every mode from SHARE up).
        public var blocksWrites: Bool { self >= .share }
        /// Whether it keeps readers out too.
        public var blocksReads: Bool { self == .accessExclusive }

        public static func < (a: Self, b: Self) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// A MySQL metadata lock and the clauses of an `ALTER TABLE` that bound it, as the statement
    /// names them.
    public struct MySQLLock: Sendable, Equatable, CustomStringConvertible {
        public enum Metadata: String, Sendable, Equatable {
            /// The row locks of a batch of DML (InnoDB), under a shared metadata lock that blocks only DDL.
            case rows = "row locks"
            case shared = "shared metadata lock"
            case exclusive = "exclusive metadata lock"
        }
        public var metadata: Metadata
        /// `INSTANT`, `INPLACE`, `COPY`, or nil when the statement names none.
        public var algorithm: String?
        /// `NONE`, `SHARED`, `EXCLUSIVE`, or nil when the statement names none.
        public var lock: String?

        public init(_ metadata: Metadata, algorithm: String? = nil, lock: String? = nil) {
            self.metadata = metadata; self.algorithm = algorithm; self.lock = lock
        }

        public var description: String {
            var clauses: [String] = []
            if let algorithm { clauses.append("ALGORITHM=\(algorithm)") }
            if let lock { clauses.append("LOCK=\(lock)") }
            return metadata.rawValue + (clauses.isEmpty ? "" : " (\(clauses.joined(separator: ", ")))")
        }
    }

    public enum MongoDBLock: String, Sendable, Equatable {
        /// An exclusive lock on the collection (a rename, a drop, a validator change).
        case collection = "exclusive collection lock"
        /// Document-level locks only, one batch at a time.
        case documents = "document locks"
    }

    /// For how long the lock is held, and what the statement does to the table's rows.
    public enum Hold: String, Sendable, Equatable, Comparable {
        /// Nothing that exists is locked.
        case none
        /// A catalog change: the lock is held for milliseconds.
        case catalogOnly = "catalog_only"
        /// Row locks, one batch at a time.
        case perBatch = "per_batch"
        /// Every row is read under the lock (a validation, an index build, a NULL count).
        case scan
        /// Every row is written again (a table rewrite or copy).
        case rewrite
        /// The author's code: plancc cannot tell.
        case unknown

        private static let order: [Hold] = [.none, .catalogOnly, .perBatch, .scan, .rewrite, .unknown]
        public static func < (a: Self, b: Self) -> Bool {
            order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }

    /// What the script does when the statement cannot get its lock in time.
    public enum Retry: Sendable, Equatable {
        /// Not retried: the script stops (or, for a note, nothing runs).
        case none
        /// Tried again on lock timeout as the policy says.
        case lockTimeout(LockRetry)
        /// Tried again on lock timeout, and when chosen as a deadlock's victim.
        case lockTimeoutAndDeadlock(LockRetry)

        public var policy: LockRetry? {
            switch self {
            case .none: nil
            case let .lockTimeout(policy), let .lockTimeoutAndDeadlock(policy): policy
            }
        }

        /// `none`, `lock_timeout`, `lock_timeout_and_deadlock`, for plan.json.
        public var kind: String {
            switch self {
            case .none: "none"
            case .lockTimeout: "lock_timeout"
            case .lockTimeoutAndDeadlock: "lock_timeout_and_deadlock"
            }
        }
    }

    /// The session timeouts in force while the statement runs (0: none).
    public struct Timeouts: Sendable, Equatable {
        public var lock: Milliseconds
        public var statement: Milliseconds
        public init(lock: Milliseconds, statement: Milliseconds) { self.lock = lock; self.statement = statement }
    }

    /// What kind of work it is, for records: `ddl`, `index_build`, `backfill_batches`, `author_code`,
    /// `check` (a query that may stop the script), `note`.
    public enum Kind: String, Sendable, Equatable {
        case ddl
        case indexBuild = "index_build"
        case backfill
        case authorCode = "author_code"
        case check
        case note
    }

    public var dialect: Dialect
    public var phase: Phase
    /// The change, operation and spec line the statement comes from.
    public var origin: StepOrigin
    public var kind: Kind
    /// The statement as the script runs it (without the retry around it).
    public var text: String
    public var transaction: Transaction
    public var `guard`: Guard
    public var lock: Lock
    /// The table the lock is taken on, where there is one.
    public var table: String?
    public var hold: Hold
    public var retry: Retry
    public var timeouts: Timeouts
    /// The lock the statement takes instead when the server refuses the one it asks for and the
    /// script runs it again another way (MySQL: an `ALGORITHM=INSTANT` refused is run once more
    /// `ALGORITHM=INPLACE, LOCK=NONE`, which may rebuild the table while writes go on).
    public var fallback: Lock?

    public init(dialect: Dialect, phase: Phase, origin: StepOrigin, kind: Kind, text: String, transaction: Transaction,
                guard: Guard, lock: Lock, table: String?, hold: Hold, retry: Retry, timeouts: Timeouts, fallback: Lock? = nil) {
        self.dialect = dialect; self.phase = phase; self.origin = origin; self.kind = kind; self.text = text
        self.transaction = transaction; self.guard = `guard`; self.lock = lock; self.table = table; self.hold = hold
        self.retry = retry; self.timeouts = timeouts; self.fallback = fallback
    }

    /// Every row is written again.
    public var rewritesTable: Bool { hold == .rewrite }
    /// Every row is read (a rewrite reads them too).
    public var scansTable: Bool { hold == .scan || hold == .rewrite }

    /// What a reviewer should know before running it, as stable codes (pg-schema-diff style).
    public var hazards: [String] {
        var hazards: [String] = []
        switch lock {
        case let .postgresql(mode) where mode.blocksReads: hazards.append("blocks_reads_and_writes")
        case let .postgresql(mode) where mode.blocksWrites: hazards.append("blocks_writes")
        case let .mysql(lock) where lock.metadata == .exclusive: hazards.append("blocks_reads_and_writes")
        case let .mysql(lock) where lock.lock == "SHARED": hazards.append("blocks_writes")
        case .mongodb(.collection): hazards.append("blocks_reads_and_writes")
        case .unknown: hazards.append("unknown_locks")
        default: break
        }
        if rewritesTable { hazards.append("rewrites_table") } else if scansTable { hazards.append("scans_table") }
        if kind == .indexBuild { hazards.append("index_build") }
        if transaction == .outside && kind != .note { hazards.append("not_atomic") }
        if kind == .authorCode { hazards.append("author_code") }
        if retry == .none && kind != .note && lock != .none { hazards.append("not_retried") }
        if fallback != nil { hazards.append("may_rebuild_table") }
        return hazards
    }
}

/// The statements of one dialect's scripts for a plan, and the scripts written from them.
public struct Lowered: Sendable {
    public var statements: [Statement]
    public var files: [GeneratedFile]
    public init(statements: [Statement], files: [GeneratedFile]) { self.statements = statements; self.files = files }
}
