import PlanSpec

/// What the SQL scripts do when a step cannot get its lock within `rollout.lock_timeout`
/// (PostgreSQL SQLSTATE 55P03 `lock_not_available`, and 40P01 `deadlock_detected` for backfill
/// batches; MySQL errors 1205 lock wait timeout and 1213 deadlock): the step is tried again after a pause, up to `rollout.lock_retries` more
/// times, and after the last attempt the script stops. The scripts (PostgreSQL, MySQL) are written
/// from it; the records read it back from the statements that carry it (`Statement.Retry`).
public struct LockRetry: Sendable, Equatable {
    /// How long one attempt waits for its lock.
    public var lockTimeout: Milliseconds
    /// Tries in all: the first and `rollout.lock_retries` more (at least 1).
    public var attempts: Int
    /// The pause before each retry, before jitter: `pauses[0]` before the second attempt.
    /// Starts at `firstPause` and doubles, at most `longestPause`.
    public var pauses: [Milliseconds]

    /// Each pause is lengthened by a random fraction of itself, up to this one (jitter, so that
    /// sessions that timed out together do not all come back together).
    public static let jitter = 0.5
    public static let firstPause = Milliseconds(500)
    public static let longestPause = Milliseconds(10_000)

    public init(_ rollout: Rollout) {
        lockTimeout = rollout.lockTimeout
        attempts = max(1, rollout.lockRetries + 1)
        pauses = (0..<(attempts - 1)).map { retry in
            let doubled = Self.firstPause.value << Int64(min(retry, 20))
            return Milliseconds(min(doubled, Self.longestPause.value))
        }
    }

    /// The pause before attempt `attempt` (2...attempts), in seconds as SQL text, e.g. `0.5`.
    public func pauseSeconds(before attempt: Int) -> String {
        pauses[attempt - 2].secondsText
    }

    /// The pauses in seconds as SQL text, in order, e.g. `["0.5", "1", "2"]`.
    public var pauseSecondsTexts: [String] { pauses.map(\.secondsText) }
}
