import Planner
import PlanSpec

/// The temporary procedures a script creates at its top and drops at its end.
/// Procedure bodies are the only place MySQL allows IF, loops and SIGNAL.
enum Helpers {
    static let step = MySQL.ident("_plancc_step")
    static let require = MySQL.ident("_plancc_require")

    /// The session settings every script starts with.
    static func session(_ rollout: Rollout) -> [String] {
        // Literals are escaped with backslashes, so backslash must be an escape here.
        let sqlMode = "SET SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@SESSION.sql_mode, ','), ',NO_BACKSLASH_ESCAPES,', ','))"
        // Names and literals are written as UTF-8: under a multibyte client charset such as gbk,
        // an escaped quote could pair with the byte before it and end a literal early.
        // lock_wait_timeout bounds metadata locks (DDL), innodb_lock_wait_timeout row locks (backfill batches).
        return ["SET NAMES utf8mb4", sqlMode, "SET SESSION lock_wait_timeout = \(lockWaitSeconds(rollout))",
                "SET SESSION innodb_lock_wait_timeout = \(lockWaitSeconds(rollout))"]
    }

    /// `lock_wait_timeout` and `innodb_lock_wait_timeout` are whole seconds, at least 1.
    static func lockWaitSeconds(_ rollout: Rollout) -> Int64 {
        max(1, (rollout.lockTimeout.value + 999) / 1000)
    }

    /// `_plancc_step(needed, statement)`: runs the statement (through PREPARE, since MySQL has
    /// no IF outside procedures and no `ADD COLUMN IF NOT EXISTS`) when `needed` is true.
    /// A lock wait timeout or deadlock (errors 1205, 1213) is retried as `LockRetry` says, except
    /// inside the transaction of an author's DML (`@plancc_in_transaction`): a deadlock has rolled
    /// that back whole, so the script stops instead and a re-run runs it again.
    /// An `ALGORITHM=INSTANT` the server refuses (1845, 1846; on MySQL also 4092, a table out of
    /// instant row versions) runs again once as `ALGORITHM=INPLACE, LOCK=NONE`, which says so:
    /// online still, though it may rebuild the table (`MySQLTarget`).
    static func createStep(_ rollout: Rollout, server: Targets.MySQLServer) -> [String] {
        let retry = LockRetry(rollout)
        let refusals = server.isMariaDB ? "1845, 1846" : "1845, 1846, 4092"
        let instant = ", " + Algorithm.instant.rawValue, inplace = ", " + Algorithm.inplace.rawValue
        return [
            "DROP PROCEDURE IF EXISTS \(step)",
            """
            CREATE PROCEDURE \(step)(IN needed BOOLEAN, IN statement_text LONGTEXT)
            BEGIN
              DECLARE attempt INT DEFAULT 1;
              DECLARE timed_out BOOLEAN DEFAULT TRUE;
              DECLARE refused BOOLEAN DEFAULT FALSE;
              IF needed THEN
                SET @plancc_statement = statement_text;
                PREPARE plancc_statement FROM @plancc_statement;
                WHILE timed_out DO
                  SET timed_out = FALSE;
                  BEGIN
                    DECLARE EXIT HANDLER FOR 1205, 1213 SET timed_out = TRUE;
                    DECLARE EXIT HANDLER FOR \(refusals)
                    BEGIN
                      IF RIGHT(statement_text, \(instant.count)) <> '\(instant)' THEN RESIGNAL; END IF;
                      SET refused = TRUE;
                    END;
                    EXECUTE plancc_statement;
                  END;
                  IF refused THEN
                    SET refused = FALSE, timed_out = TRUE;
                    SET statement_text = CONCAT(LEFT(statement_text, CHAR_LENGTH(statement_text) - \(instant.count)), '\(inplace)');
                    SELECT CONCAT('plancc: ALGORITHM=INSTANT refused, running it in place, online: ', LEFT(statement_text, 200)) AS plancc_fallback;
                    DEALLOCATE PREPARE plancc_statement;
                    SET @plancc_statement = statement_text;
                    PREPARE plancc_statement FROM @plancc_statement;
                  ELSEIF timed_out THEN
                    IF @plancc_in_transaction THEN
                      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'plancc: lock wait timeout or deadlock in a transaction of the author''s code: run this script again';
                    END IF;
                    \(retried(retry, what: "LEFT(statement_text, 200)", indent: "        "))
                  END IF;
                END WHILE;
                DEALLOCATE PREPARE plancc_statement;
              END IF;
            END
            """,
        ]
    }

    /// After a failed attempt number `attempt` (a procedure variable): stops with SQLSTATE 45000
    /// after the last one, else prints the retry and pauses, and counts the attempt. `what`
    /// is a SQL string expression naming the step; lines after the first get `indent`.
    static func retried(_ retry: LockRetry, what: String, indent: String) -> String {
        let pauses = retry.pauseSecondsTexts.map { "'\($0)'" }.joined(separator: ", ")
        let lines = [
            "IF attempt >= \(retry.attempts) THEN",
            "  SET @plancc_message = LEFT(CONCAT('plancc: lock wait timeout after \(retry.attempts) attempt\(retry.attempts == 1 ? "" : "s"): ', \(what), '; re-run this script later'), 128);",
            "  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = @plancc_message;",
            "END IF;",
            "SELECT CONCAT('plancc: lock wait timeout (attempt ', attempt, ' of \(retry.attempts)), trying again: ', \(what)) AS plancc_retry;",
            retry.pauses.isEmpty ? "" : "DO SLEEP(ELT(attempt, \(pauses)) * (1 + RAND() * \(LockRetry.jitter)));",
            "SET attempt = attempt + 1;",
        ].filter { !$0.isEmpty }
        return lines.joined(separator: "\n" + indent)
    }

    /// `_plancc_require(ok, message)`: fails the script with SQLSTATE 45000 unless `ok`.
    static let createRequire = [
        "DROP PROCEDURE IF EXISTS \(require)",
        """
        CREATE PROCEDURE \(require)(IN ok BOOLEAN, IN message TEXT)
        BEGIN
          -- SIGNAL takes at most 128 characters, from a variable or literal only.
          DECLARE shown VARCHAR(128) DEFAULT LEFT(message, 128);
          IF NOT COALESCE(ok, FALSE) THEN
            SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = shown;
          END IF;
        END
        """,
    ]

    static let dropAll = ["DROP PROCEDURE IF EXISTS \(step)", "DROP PROCEDURE IF EXISTS \(require)"]
}
