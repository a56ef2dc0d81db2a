import Planner
import PlanSpec
import PlanSupport

/// The ready-to-run commands that make a table-copying change online, for a table above
/// `rollout.online_copy_rows` (docs/mysql.md, "Large tables"). `HOST` and `DB` are the
/// operator's to fill in; the throttling follows the spec's rollout.
enum OnlineSchemaChange {
    /// Both tools pause while the server is busy and stop when it is overloaded.
    static let maxLoad = "Threads_running=25"
    static let criticalLoad = "Threads_running=100"

    /// `alter`: the ALTER's clauses, quoted for the shell.
    static func command(_ tool: OnlineCopyTool, table: String, alter: String, choice: OnlineCopyChoice, rollout: Rollout) -> String {
        switch tool {
        case .ghost: ghost(table: table, alter: alter, rollout: rollout)
        case .ptOnlineSchemaChange: ptOnlineSchemaChange(table: table, alter: alter, choice: choice, rollout: rollout)
        }
    }

    /// The command as a SQL expression, with the clauses given by `alter`, a SQL expression
    /// evaluated when the script runs (a MODIFY restated from information_schema).
    static func commandExpression(_ tool: OnlineCopyTool, table: String, alter: String, choice: OnlineCopyChoice, rollout: Rollout) -> String {
        let marker: Character = "\u{1}"
        let parts = command(tool, table: table, alter: String(marker), choice: choice, rollout: rollout)
            .split(separator: marker, omittingEmptySubsequences: false).map(String.init)
        let quote = MySQL.literal("'"), inner = MySQL.literal(quoteInQuotes)
        return "CONCAT(\(MySQL.literal(parts[0])), \(quote), REPLACE(\(alter), \(quote), \(inner)), \(quote), "
            + "\(MySQL.literal(parts.dropFirst().joined(separator: String(marker)))))"
    }

    /// gh-ost reads the binlog (row format) from a replica by default; it waits for the operator
    /// to delete the postpone flag file before it cuts over.
    static func ghost(table: String, alter: String, rollout: Rollout) -> String {
        [
            "gh-ost --host=HOST --database=DB --table=\(shellQuote(table))",
            "--alter=\(alter)",
            "--chunk-size=\(min(max(rollout.batchSize, 100), 100_000))",
            "--max-load=\(maxLoad) --critical-load=\(criticalLoad) --max-lag-millis=1500",
            "--cut-over-lock-timeout-seconds=\(cutOverSeconds(rollout))",
            "--postpone-cut-over-flag-file=\(shellQuote("/tmp/gh-ost.\(fileSafe(table)).postpone"))",
            "--verbose --execute",
        ].joined(separator: " ")
    }

    /// pt-online-schema-change keeps a chunk size or adapts it to `max_batch_seconds`, sleeps
    /// `batch_pause` between chunks, and waits `lock_timeout` for its metadata locks.
    static func ptOnlineSchemaChange(table: String, alter: String, choice: OnlineCopyChoice, rollout: Rollout) -> String {
        var parts = ["pt-online-schema-change --alter=\(alter)"]
        if choice.foreignKeys { parts.append("--alter-foreign-keys-method=auto") }
        if choice.triggers { parts.append("--preserve-triggers") }
        parts.append(rollout.maxBatchSeconds > 0 ? "--chunk-time=\(rollout.maxBatchSeconds)"
                     : "--chunk-size=\(rollout.batchSize) --chunk-time=0")
        if rollout.batchPause.value > 0 { parts.append("--sleep=\(rollout.batchPause.secondsText)") }
        parts.append("--max-load=\(maxLoad) --critical-load=\(criticalLoad) --max-lag=1.5")
        parts.append("--set-vars=\(shellQuote("lock_wait_timeout=\(max((rollout.lockTimeout.value + 999) / 1_000, 1))"))")
        parts.append("--execute \(shellQuote("h=HOST,D=DB,t=\(table)"))")
        return parts.joined(separator: " ")
    }

    /// gh-ost takes whole seconds: `lock_timeout`, rounded up, at least 1.
    static func cutOverSeconds(_ rollout: Rollout) -> Int64 { max((rollout.lockTimeout.value + 999) / 1_000, 1) }

    /// Whether the table has a foreign key (on it or to it) or a trigger, when the script runs:
    /// which tool fits, for a table the history cannot tell about.
    static func hasLinks(_ table: String) -> String {
        let name = MySQL.nameLiteral(table)
        return "(EXISTS (SELECT 1 FROM information_schema.REFERENTIAL_CONSTRAINTS r WHERE r.CONSTRAINT_SCHEMA = DATABASE() "
            + "AND (r.TABLE_NAME = \(name) OR r.REFERENCED_TABLE_NAME = \(name))) "
            + "OR EXISTS (SELECT 1 FROM information_schema.TRIGGERS g WHERE g.EVENT_OBJECT_SCHEMA = DATABASE() AND g.EVENT_OBJECT_TABLE = \(name)))"
    }

    /// A single quote inside single quotes, written without a backslash (which `mysql --batch`
    /// would double when it prints the command): close, a double-quoted quote, reopen.
    static let quoteInQuotes = "'\"'\"'"

    static func shellQuote(_ text: String) -> String {
        "'" + Escaping.replacing(text) { $0 == "'" ? quoteInQuotes : nil } + "'"
    }

    /// The table name as part of a file name: letters, digits and `_`.
    private static func fileSafe(_ name: String) -> String {
        String(name.unicodeScalars.map { s -> Character in
            (("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)) ? Character(s) : "_"
        })
    }
}
