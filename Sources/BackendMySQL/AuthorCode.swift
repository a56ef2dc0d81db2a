import Planner
import PlanSpec

/// The author's code of a `sql` change, run only while it is still to do (MySQL DDL is not
/// transactional: re-running the script is the recovery path). With the change's `verify`, the
/// verify runs first through `_plancc_passes` (any error means "not yet"); without one, the code
/// runs only while `plancc_ledger` has no row for the change, and the row is written after it.
/// Each statement of the code runs through `_plancc_step` (PREPARE), so stored programs, which
/// PREPARE cannot run, are left as written, unguarded, and say so.
extension StepWriter {
    static let passes = MySQL.ident("_plancc_passes")

    /// `_plancc_passes(statement)`: runs one statement of a verify; any error sets `@plancc_done` false.
    static let createPasses = [
        "DROP PROCEDURE IF EXISTS \(passes)",
        """
        CREATE PROCEDURE \(passes)(IN statement_text LONGTEXT)
        BEGIN
          DECLARE EXIT HANDLER FOR SQLEXCEPTION SET @plancc_done = FALSE;
          SET @plancc_statement = statement_text;
          PREPARE plancc_statement FROM @plancc_statement;
          EXECUTE plancc_statement;
          DEALLOCATE PREPARE plancc_statement;
        END
        """,
    ]

    static var ledger: String { MySQL.ident(LedgerEntry.name) }

    static func ledgerKey(_ entry: LedgerEntry) -> String {
        "spec_id = \(MySQL.literal(entry.specID)) AND change_index = \(entry.changeIndex)"
    }

    mutating func authorCode(_ author: AuthorCode, subject: String) {
        let text = author.code.sql(for: .mysql) ?? ""
        guard let statements = MySQLStatements.preparable(text),
              let verify = author.verify.map({ MySQLStatements.preparable($0.sql(for: .mysql) ?? "") }) ?? [] else {
            script.comment("Author-written SQL, run as written: it holds a stored program or DELIMITER, which PREPARE cannot run, "
                + "so plancc cannot skip it on a re-run (re-running it is the author's care).")
            script.statement(text, .unknown, guard: .none)
            return
        }
        if author.verify != nil {
            script.comment("The change's verify first (errors caught): the code runs only when it does not pass yet.")
            script.statement("SET @plancc_done = TRUE")
            for statement in verify {
                script.statement("CALL \(Self.passes)(\(MySQL.literal(statement)))")
                script.record(statement, Effect(kind: .check, lock: .unknown, table: nil, hold: .unknown), retried: false, guard: .none)
            }
            script.statement("SELECT \(MySQL.literal("plancc: \(subject): its verify passes already, so its code is not run again")) AS plancc_skipped FROM DUAL WHERE @plancc_done")
        } else {
            script.comment("Runs once: \(LedgerEntry.name) keeps a row for each sql change without a verify that ran.")
            script.statement("CREATE TABLE IF NOT EXISTS \(Self.ledger) (spec_id VARCHAR(255) NOT NULL, change_index INT NOT NULL, "
                + "applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (spec_id, change_index))", .none)
            script.statement("SET @plancc_done = EXISTS (SELECT 1 FROM \(Self.ledger) WHERE \(Self.ledgerKey(author.ledger)))")
            script.statement("SELECT \(MySQL.literal("plancc: \(subject) ran before (its row in \(LedgerEntry.name)): not run again")) AS plancc_skipped FROM DUAL WHERE @plancc_done")
        }
        // DML only, without a verify: one transaction with its ledger row, so a run stopped
        // between them leaves neither. DDL commits implicitly, so it cannot share one.
        let transactional = author.verify == nil && statements.allSatisfy(MySQLStatements.isDML)
        if transactional {
            script.comment("Author-written SQL (DML only), run as written in one transaction with its \(LedgerEntry.name) row: a run stopped half-way leaves neither.")
            script.statement("START TRANSACTION")
            script.statement("SET @plancc_in_transaction = TRUE")
        } else if author.verify == nil {
            script.comment("Author-written SQL, run as written. It holds DDL, which commits at once, so its \(LedgerEntry.name) row is written after it: "
                + "a run stopped in between runs it again (give the change a verify).")
        } else {
            script.comment("Author-written SQL, run as written.")
        }
        for statement in statements {
            script.statement("CALL \(Helpers.step)(NOT @plancc_done,\n  \(MySQL.literal(statement)))")
            script.record(statement, .unknown, retried: true, guard: author.verify == nil ? .ledger : .verify)
        }
        if author.verify == nil {
            script.statement("INSERT INTO \(Self.ledger) (spec_id, change_index) SELECT \(MySQL.literal(author.ledger.specID)), \(author.ledger.changeIndex) FROM DUAL WHERE NOT @plancc_done",
                             .none, guard: .ledger)
        }
        if transactional {
            script.statement("COMMIT")
            script.statement("SET @plancc_in_transaction = FALSE")
        }
    }

    /// Rollback of a change without a verify: its ledger row goes, so a later forward runs the code again.
    mutating func forgetAuthorCode(_ entry: LedgerEntry) {
        let exists = "EXISTS (SELECT 1 FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_NAME = \(MySQL.literal(LedgerEntry.name)))"
        script.guarded(exists, "DELETE FROM \(Self.ledger) WHERE \(Self.ledgerKey(entry))", .none)
    }

    /// Whether the phase's steps need `_plancc_passes`.
    static func needsPasses(_ steps: [Step]) -> Bool {
        steps.contains { if case let .authorCode(author) = $0.action { author.verify != nil } else { false } }
    }
}

/// The statements of an author's MySQL text, split where the client would split them (at `;`
/// outside quotes and comments).
enum MySQLStatements {
    /// nil when some statement cannot be PREPAREd: a stored program (its body holds `;`) or `DELIMITER`.
    static func preparable(_ text: String) -> [String]? {
        let statements = split(text)
        let unpreparable = ["DELIMITER", "CREATE PROCEDURE", "CREATE FUNCTION", "CREATE TRIGGER", "CREATE EVENT", "CREATE DEFINER",
                            "CREATE OR REPLACE PROCEDURE", "CREATE OR REPLACE FUNCTION", "CREATE OR REPLACE TRIGGER",
                            "CREATE OR REPLACE EVENT", "CREATE OR REPLACE DEFINER", "BEGIN", "LOCK TABLES", "UNLOCK TABLES"]
        for statement in statements {
            let words = statement.uppercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            if unpreparable.contains(where: { words.hasPrefix($0) }) { return nil }
        }
        return statements.isEmpty ? nil : statements
    }

    /// Data statements, which neither commit implicitly nor change the schema: they can share
    /// a transaction with the ledger row.
    static func isDML(_ statement: String) -> Bool {
        var text = Substring(statement)
        while true {
            text = text.drop(while: { $0.isWhitespace || $0 == "(" })
            if text.hasPrefix("/*") {
                text = text.dropFirst(2)
                while !text.isEmpty && !text.hasPrefix("*/") { text = text.dropFirst() }
                text = text.dropFirst(2)
                continue
            }
            if text.hasPrefix("--") || text.hasPrefix("#") { text = text.drop(while: { $0 != "\n" }); continue }
            break
        }
        let word = text.prefix(while: { $0.isLetter }).uppercased()
        return ["INSERT", "UPDATE", "DELETE", "REPLACE", "SELECT", "WITH"].contains(word)
    }

    static func split(_ text: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var quote: Character?
        var chars = Array(text)
        var i = 0
        func flush() {
            let trimmed = current.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
            if !trimmed.isEmpty { statements.append(String(trimmed)) }
            current = ""
        }
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if let q = quote {
                current.append(c)
                if c == "\\" && q != "`", let next { current.append(next); i += 2; continue }
                if c == q {
                    if next == q { current.append(q); i += 2; continue }
                    quote = nil
                }
                i += 1
                continue
            }
            switch c {
            case "'", "\"", "`":
                quote = c
                current.append(c)
            case "-" where next == "-" && (i + 2 >= chars.count || chars[i + 2].isWhitespace), "#":
                while i < chars.count && chars[i] != "\n" { current.append(chars[i]); i += 1 }
                continue
            case "/" where next == "*":
                current.append("/*"); i += 2
                while i < chars.count && !(chars[i] == "*" && i + 1 < chars.count && chars[i + 1] == "/") { current.append(chars[i]); i += 1 }
                if i < chars.count { current.append("*/"); i += 2 }
                continue
            case ";":
                flush()
            default:
                current.append(c)
            }
            i += 1
        }
        flush()
        chars.removeAll()
        return statements
    }
}
