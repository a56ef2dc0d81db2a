import Planner
import PlanSpec

/// The lock-timeout retries of `LockRetry`, spelled for PostgreSQL (SQLSTATE 55P03,
/// `lock_not_available`). Transactional DDL runs through one procedure defined at the script's
/// top (`definition`), which retries it in a sub-block (a savepoint: a timed-out attempt is
/// rolled back whole and its locks let go);
/// `CONCURRENTLY` statements cannot run in a transaction, so psql retries them, its attempts
/// written out one after the other.
struct LockRetries {
    let policy: LockRetry
    /// `change 2 (create_index) on table "users"`: what a retry notice and the final error name.
    let subject: String

    /// `ARRAY[0.5, 1, 2]::numeric[]`: the pause before attempt n + 1 is element n.
    var pauseArray: String { "ARRAY[\(policy.pauseSecondsTexts.joined(separator: ", "))]::numeric[]" }

    /// A pause with jitter, as a SQL expression; `index` is a 1-based SQL integer expression.
    func pause(_ index: String) -> String {
        "(\(pauseArray))[\(index)] * (1 + random() * \(LockRetry.jitter))"
    }

    /// The error after the last attempt, as a SQL string literal.
    func exhausted(_ consequence: String = "this change was not applied and nothing after it ran") -> String {
        SQL.literal("plancc: \(subject): lock not available after \(policy.attempts) attempt\(policy.attempts == 1 ? "" : "s") "
            + "(lock_timeout \(policy.lockTimeout) each); \(consequence): run the script again later")
    }

    /// The procedure every retried transaction of a script calls (`call`): defined once at the
    /// script's top, in `pg_temp`, so it lasts as long as the psql session and leaves nothing in the
    /// database. It runs its statements in one sub-block (a savepoint: a timed-out attempt is rolled
    /// back whole and its locks let go) and tries again on SQLSTATE 55P03 (`lock_not_available`)
    /// after a pause with jitter, printing each attempt; after the last one it stops the script
    /// naming the step. Any other error stops the script at once.
    static let procedure = "pg_temp.plancc_step"

    static func definition(_ policy: LockRetry) -> String {
        let retries = LockRetries(policy: policy, subject: "%s")
        let body = """
            DECLARE
                _plancc_statement text;
            BEGIN
                FOR _plancc_attempt IN 1..\(policy.attempts) LOOP
                    BEGIN
                        FOREACH _plancc_statement IN ARRAY statements LOOP
                            EXECUTE _plancc_statement;
                        END LOOP;
                        RETURN;
                    EXCEPTION WHEN lock_not_available THEN
                        IF _plancc_attempt = \(policy.attempts) THEN
                            RAISE EXCEPTION USING ERRCODE = 'lock_not_available', MESSAGE = format(\(retries.exhausted()), subject), DETAIL = SQLERRM;
                        END IF;
                        RAISE NOTICE '%', format(\(SQL.literal("plancc: %s: lock not available (attempt %s of \(policy.attempts)), trying again")), subject, _plancc_attempt);
                    END;
                    PERFORM pg_sleep(\(retries.pause("_plancc_attempt")));
                END LOOP;
            END

            """
        return "-- Runs one step's statements in one transaction, tried again while they hit lock_timeout (SQLSTATE 55P03).\n"
            + "CREATE OR REPLACE PROCEDURE \(procedure)(subject text, VARIADIC statements text[])\n"
            + "LANGUAGE plpgsql AS \(SQL.dollarQuoted(body));\n"
    }

    /// `statements` (one transaction) run by the script's `procedure`, retried on lock timeout.
    func transaction(_ statements: [String]) -> String {
        let quoted = statements.map { SQL.dollarQuoted($0.hasSuffix("\n") ? $0 : $0 + "\n") }.joined(separator: ", ")
        return "CALL \(Self.procedure)(\(SQL.literal(subject)), \(quoted));"
    }

    /// A statement that must run outside a transaction (`CONCURRENTLY`), tried by psql up to
    /// `attempts` times while it fails with lock_not_available. `cleanup` (a condition and a
    /// statement) runs first on every attempt: a timed-out concurrent build leaves an INVALID
    /// index under the name, which must go before the next build. Any other error stops the script.
    func concurrently(_ statement: String, cleanup: (condition: String, statement: String)?) -> String {
        var lines = ["-- Outside a transaction: psql tries it up to \(policy.attempts) times while it hits lock_timeout.",
                     "\\set plancc_pending on"]
        for attempt in 1...policy.attempts {
            lines.append("\\if :plancc_pending")
            if let cleanup {
                lines.append("SELECT \(cleanup.condition) AS plancc_cleanup \\gset")
                lines.append("\\set plancc_locked off")
                lines.append("\\if :plancc_cleanup")
                lines += attempted(cleanup.statement)
                lines.append("\\endif")
                lines.append("\\if :plancc_locked")
                lines.append("\\else")
            }
            lines += attempted(statement)
            lines.append("\\set plancc_pending :plancc_locked")
            if cleanup != nil { lines.append("\\endif") }
            if attempt < policy.attempts {
                let notice = SQL.literal("plancc: \(subject): lock not available (attempt \(attempt) of \(policy.attempts)), trying again")
                lines.append("\\if :plancc_pending")
                lines.append("DO \(SQL.dollarQuoted("BEGIN\n    RAISE NOTICE '%', \(notice);\n    PERFORM pg_sleep(\(pause(String(attempt))));\nEND\n"));")
                lines.append("\\endif")
            }
            lines.append("\\endif")
        }
        lines.append("\\if :plancc_pending")
        lines.append("DO \(SQL.dollarQuoted("BEGIN\n    RAISE EXCEPTION USING ERRCODE = 'lock_not_available', MESSAGE = \(exhausted());\nEND\n"));")
        lines.append("\\endif")
        return lines.joined(separator: "\n") + "\n"
    }

    /// One try of `statement` with ON_ERROR_STOP off: sets `plancc_locked` when it hit
    /// lock_timeout, and stops the script on any other error.
    private func attempted(_ statement: String) -> [String] {
        let failure = SQL.literal("plancc: \(subject) failed: ")
        return [
            "\\set ON_ERROR_STOP off",
            statement,
            "\\set ON_ERROR_STOP on",
            "SELECT :'SQLSTATE' = '55P03' AS plancc_locked, :'SQLSTATE' NOT IN ('00000', '55P03') AS plancc_failed \\gset",
            "\\if :plancc_failed",
            "SELECT format('DO %L', format('BEGIN RAISE EXCEPTION USING ERRCODE = %L, MESSAGE = %L; END', :'LAST_ERROR_SQLSTATE', \(failure) || :'LAST_ERROR_MESSAGE')) \\gexec",
            "\\endif",
        ]
    }
}
