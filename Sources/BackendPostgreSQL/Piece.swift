import Planner

/// A part of what one plan step becomes, with how it must be run and what it does to the
/// table: the lowering's unit. `PieceWriter` turns each into a `Statement` (adding the phase,
/// origin, retry and timeouts the script gives it) and writes it into the script.
struct Piece {
    enum Mode {
        /// Wrapped in `BEGIN`/`COMMIT`; merged with the next transactional piece of the same change.
        case transaction
        /// In its own transaction, never merged: `VALIDATE CONSTRAINT` must not hold the
        /// lock that added the constraint.
        case ownTransaction
        /// Outside any transaction: `DO` blocks that commit per batch, and the author's SQL.
        case autocommit
        /// Outside any transaction, retried by psql on lock timeout: `CONCURRENTLY`.
        case concurrently
        /// Only a comment: what cannot be done, and why.
        case note
    }

    /// The lock a piece takes, on which table, and for how long.
    struct Effect {
        var lock: Statement.Lock
        var table: String?
        var hold: Statement.Hold

        static let none = Effect(lock: .none, table: nil, hold: .none)
        /// The author's code: plancc cannot tell.
        static let unknown = Effect(lock: .unknown, table: nil, hold: .unknown)
        /// A catalog change under `mode` (ACCESS EXCLUSIVE unless said): held for milliseconds.
        static func catalog(_ table: String, _ mode: Statement.PostgreSQLLock = .accessExclusive) -> Effect {
            Effect(lock: .postgresql(mode), table: table, hold: .catalogOnly)
        }
        /// Every row read under `mode`.
        static func scan(_ table: String, _ mode: Statement.PostgreSQLLock) -> Effect {
            Effect(lock: .postgresql(mode), table: table, hold: .scan)
        }
        /// Every row written again under ACCESS EXCLUSIVE.
        static func rewrite(_ table: String) -> Effect {
            Effect(lock: .postgresql(.accessExclusive), table: table, hold: .rewrite)
        }
        /// Row locks (ROW EXCLUSIVE on the table), one batch at a time.
        static func perBatch(_ table: String) -> Effect {
            Effect(lock: .postgresql(.rowExclusive), table: table, hold: .perBatch)
        }
    }

    var mode: Mode
    var text: String
    var kind: Statement.Kind
    var effect: Effect
    /// A SQL boolean: the piece runs only when it is true (psql `\if`), so a re-run skips work
    /// already done where PostgreSQL has no `IF NOT EXISTS`.
    var onlyIf: String?
    /// How a re-run skips it besides `onlyIf` (which, when given, is the guard).
    var skip: Statement.Guard
    /// Whether the piece lifts `statement_timeout` while it runs (a scan, the batches).
    var liftsStatementTimeout = false
    /// For `.concurrently`: what runs first on every attempt while `condition` holds (dropping
    /// the INVALID index a timed-out concurrent build leaves behind).
    var cleanup: (condition: String, statement: String)?
    /// For `.autocommit`: the text opens and commits a transaction of its own (the author's code
    /// with its ledger row), which psql runs as written.
    var ownTransaction = false

    init(_ mode: Mode, _ text: String, kind: Statement.Kind? = nil, effect: Effect, onlyIf: String? = nil,
         skip: Statement.Guard = .idempotent, liftsStatementTimeout: Bool = false,
         cleanup: (condition: String, statement: String)? = nil) {
        self.mode = mode
        self.text = text
        self.kind = kind ?? (mode == .concurrently ? .indexBuild : mode == .note ? .note : .ddl)
        self.effect = effect
        self.onlyIf = onlyIf
        self.skip = skip
        self.liftsStatementTimeout = liftsStatementTimeout
        self.cleanup = cleanup
    }

    static func transaction(_ sql: String, _ effect: Effect, onlyIf: String? = nil) -> Piece {
        Piece(.transaction, sql, effect: effect, onlyIf: onlyIf)
    }
    static func autocommit(_ sql: String, _ kind: Statement.Kind, _ effect: Effect, onlyIf: String? = nil,
                           skip: Statement.Guard = .idempotent, liftsStatementTimeout: Bool = false) -> Piece {
        Piece(.autocommit, sql, kind: kind, effect: effect, onlyIf: onlyIf, skip: skip, liftsStatementTimeout: liftsStatementTimeout)
    }
    static func note(_ text: String) -> Piece { Piece(.note, text, effect: .none, skip: .none) }
    static func concurrently(_ sql: String, _ effect: Effect, cleanup: (condition: String, statement: String)? = nil) -> Piece {
        Piece(.concurrently, sql, effect: effect, cleanup: cleanup)
    }

    /// The same piece, run only while `condition` also holds.
    func requiring(_ condition: String) -> Piece {
        var piece = self
        piece.onlyIf = onlyIf.map { "\(condition) AND \($0)" } ?? condition
        return piece
    }

    /// The same piece, as a catalog change under its lock (a type change PostgreSQL relabels).
    var catalogOnly: Piece {
        var piece = self
        piece.effect.hold = .catalogOnly
        return piece
    }

    /// How a re-run skips it: the psql condition, else what the piece says.
    var `guard`: Statement.Guard {
        switch skip {
        case .ledger, .verify, .pendingRows: skip
        default: onlyIf.map(Statement.Guard.condition) ?? skip
        }
    }

    var transaction: Statement.Transaction {
        switch mode {
        case .transaction: .inside
        case .ownTransaction: .own
        case .autocommit: ownTransaction ? .own : .outside
        case .concurrently: .outside
        case .note: .none
        }
    }
}
