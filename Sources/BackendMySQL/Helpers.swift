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
        return ["SET NAMES utf8mb4", sqlMode, "SET SESSION lock_wait_timeout = \(lockWaitSeconds(rollout))"]
    }

    /// `lock_wait_timeout` is whole seconds, at least 1.
    static func lockWaitSeconds(_ rollout: Rollout) -> Int64 {
        max(1, (rollout.lockTimeout.value + 999) / 1000)
    }

    /// `_plancc_step(needed, statement)`: runs the statement (through PREPARE, since MySQL has
    /// no IF outside procedures and no `ADD COLUMN IF NOT EXISTS`) when `needed` is true.
    /// A lock wait timeout (error 1205) is retried `lock_retries` times, waiting 1, 2, 3... s.
    static func createStep(_ rollout: Rollout) -> [String] {
        [
            "DROP PROCEDURE IF EXISTS \(step)",
            """
            CREATE PROCEDURE \(step)(IN needed BOOLEAN, IN statement_text LONGTEXT)
            BEGIN
              DECLARE attempt INT DEFAULT 0;
              DECLARE timed_out BOOLEAN DEFAULT TRUE;
              IF needed THEN
                SET @plancc_statement = statement_text;
                PREPARE plancc_statement FROM @plancc_statement;
                WHILE timed_out DO
                  SET timed_out = FALSE;
                  BEGIN
                    DECLARE EXIT HANDLER FOR 1205 SET timed_out = TRUE;
                    EXECUTE plancc_statement;
                  END;
                  IF timed_out THEN
                    SET attempt = attempt + 1;
                    IF attempt > \(rollout.lockRetries) THEN
                      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'plancc: lock wait timeout on every retry; re-run this script later';
                    END IF;
                    DO SLEEP(attempt);
                  END IF;
                END WHILE;
                DEALLOCATE PREPARE plancc_statement;
              END IF;
            END
            """,
        ]
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
