import Planner
import PlanSpec

/// What a statement of a MySQL step does to the database, as its writer states it when it
/// writes the statement; `MySQLScript` adds the rest of the `Statement` (phase, origin, the retry
/// and guard the way it is written gives it, the session's lock wait timeout).
struct Effect {
    var kind: Statement.Kind = .ddl
    var lock: Statement.Lock
    var table: String?
    var hold: Statement.Hold
    /// The lock taken instead when the server refuses `ALGORITHM=INSTANT` and `_plancc_step`
    /// runs the statement again in place.
    var fallback: Statement.Lock?

    /// Locks nothing that exists (a new table, the ledger, grants).
    static let none = Effect(lock: .none, table: nil, hold: .none)
    /// The author's code: plancc cannot tell.
    static let unknown = Effect(kind: .authorCode, lock: .unknown, table: nil, hold: .unknown)
    /// A catalog change under the table's exclusive metadata lock, held for a moment.
    static func exclusive(_ table: String) -> Effect {
        Effect(lock: .mysql(.init(.exclusive)), table: table, hold: .catalogOnly)
    }
    /// A catalog change that reads the table's definition under a shared metadata lock.
    static func shared(_ table: String) -> Effect {
        Effect(lock: .mysql(.init(.shared)), table: table, hold: .catalogOnly)
    }
    /// A query that reads every row (a count before a change), under a shared metadata lock.
    static func count(_ table: String) -> Effect {
        Effect(kind: .check, lock: .mysql(.init(.shared)), table: table, hold: .scan)
    }
    /// A query of information_schema only.
    static let catalogQuery = Effect(kind: .check, lock: .none, table: nil, hold: .none)
    /// Row locks, one batch at a time.
    static func batches(_ table: String) -> Effect {
        Effect(kind: .backfill, lock: .mysql(.init(.rows)), table: table, hold: .perBatch)
    }
    /// A step that writes only comments.
    static let note = Effect(kind: .note, lock: .none, table: nil, hold: .none)
}

/// What an in-place `ALTER TABLE` does besides changing the table's metadata.
enum AlterWork {
    /// Nothing: a catalog change (rename or drop an index, a foreign key without checks, a default).
    case metadata
    /// Reads every row to build an index; the table is not rebuilt.
    case indexBuild
    /// Rebuilds the table (a primary key, NOT NULL, a MODIFY).
    case rebuild
    /// Adds or drops a column, or lets one take NULL: MySQL rebuilds the table in place; MariaDB,
    /// which takes `ALGORITHM=INPLACE` as the least it accepts, does it instantly where it can.
    case column
}

/// An `ALTER TABLE` as the script runs it, with the effect that follows from its ALGORITHM
/// clause: the two are made together (`StepWriter.alter`), so the record says the clause the
/// script asks for.
struct Alter {
    var text: String
    var effect: Effect
}

extension Algorithm {
    /// The lock the clause asks for: INSTANT takes the exclusive metadata lock for a moment;
    /// INPLACE, LOCK=NONE a shared one while it reads or rebuilds (exclusive only at its start
    /// and end), or the exclusive one for a moment when there is nothing to read; COPY,
    /// LOCK=SHARED a shared one that keeps writers out while every row is copied.
    func effect(on table: String, _ work: AlterWork, server: Targets.MySQLServer, kind: Statement.Kind = .ddl) -> Effect {
        func lock(_ metadata: Statement.MySQLLock.Metadata) -> Statement.Lock {
            .mysql(.init(metadata, algorithm: name, lock: lockClause))
        }
        switch self {
        case .instant:
            return Effect(kind: kind, lock: lock(.exclusive), table: table, hold: .catalogOnly,
                          fallback: Algorithm.inplace.effect(on: table, work, server: server).lock)
        case .inplace:
            let hold: Statement.Hold = switch work {
            case .metadata: .catalogOnly
            case .indexBuild: .scan
            case .rebuild: .rewrite
            case .column: server.isMariaDB ? .catalogOnly : .rewrite
            }
            return Effect(kind: kind, lock: lock(hold == .catalogOnly ? .exclusive : .shared), table: table, hold: hold)
        case .copy:
            return Effect(kind: kind, lock: lock(.shared), table: table, hold: .rewrite)
        }
    }
}
