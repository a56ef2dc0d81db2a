/// A part of what one plan step becomes, with how it must be run.
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

    var mode: Mode
    var text: String
    /// A SQL boolean: the piece runs only when it is true (psql `\if`), so a re-run skips work
    /// already done where PostgreSQL has no `IF NOT EXISTS`.
    var onlyIf: String?
    /// For `.concurrently`: what runs first on every attempt while `condition` holds (dropping
    /// the INVALID index a timed-out concurrent build leaves behind).
    var cleanup: (condition: String, statement: String)?

    init(_ mode: Mode, _ text: String, onlyIf: String? = nil, cleanup: (condition: String, statement: String)? = nil) {
        self.mode = mode
        self.text = text
        self.onlyIf = onlyIf
        self.cleanup = cleanup
    }

    static func transaction(_ sql: String, onlyIf: String? = nil) -> Piece { Piece(.transaction, sql, onlyIf: onlyIf) }
    static func autocommit(_ sql: String, onlyIf: String? = nil) -> Piece { Piece(.autocommit, sql, onlyIf: onlyIf) }
    static func note(_ text: String) -> Piece { Piece(.note, text) }
    static func concurrently(_ sql: String, cleanup: (condition: String, statement: String)? = nil) -> Piece {
        Piece(.concurrently, sql, cleanup: cleanup)
    }

    /// The same piece, run only while `condition` also holds.
    func requiring(_ condition: String) -> Piece {
        Piece(mode, text, onlyIf: onlyIf.map { "\(condition) AND \($0)" } ?? condition, cleanup: cleanup)
    }
}
