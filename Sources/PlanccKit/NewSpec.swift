import Foundation
import PlanSpec
import PlanSupport

/// `plancc new`: a commented template spec with a fresh UTC timestamp id.
public enum NewSpec {
    /// The operations `--op` takes: what shell completion offers.
    public static var operations: [String] { Operation.names }

    /// `add phone to users` at 2026-11-24 09:30:00 UTC -> `20261124093000_add_phone_to_users`;
    /// nil when the description has no letter or digit to name the change by.
    public static func id(for description: String, at date: Date) -> String? {
        let slug = slug(description)
        guard !slug.isEmpty else { return nil }
        return timestamp(date) + "_" + slug
    }

    /// The id's words: the description transliterated to ASCII (`Ajouter l'état été` ->
    /// `ajouter_l_etat_ete`, `用户表` -> `yong_hu_biao`), in snake case; `change` when it has
    /// letters or digits none of which transliterate; empty when it has none at all.
    static func slug(_ description: String) -> String {
        let ascii = description.applyingTransform(StringTransform("Any-Latin; Latin-ASCII"), reverse: false) ?? description
        let slug = snakeCase(ascii)
        if slug.isEmpty, description.contains(where: { $0.isLetter || $0.isNumber }) { return "change" }
        return slug
    }

    /// Writes `<dir>/<id>.yaml` and returns its path; never replaces an existing file.
    /// `operation`, when given, scaffolds that operation with placeholders instead of add_column.
    /// The id takes the first second from `date` on that no spec of `dir` has yet, so two
    /// `plancc new` in the same second (the same description or not) get two ids in order: the
    /// folder is locked (`flock`) while it is read and the file created.
    public static func create(description: String, in dir: String, operation: String? = nil,
                              at date: Date = Date()) throws(NewSpecFailure) -> String {
        let slug = slug(description)
        guard !slug.isEmpty else { throw .badDescription }
        if let operation, !Operation.names.contains(operation) { throw .unknownOperation(operation) }
        let fm = FileManager.default
        do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw .io(IOFailure("\(dir): cannot create directory (\(OutputWriter.reason(error, at: dir)))"))
        }
        let lock = open(dir, O_RDONLY | O_DIRECTORY)
        guard lock >= 0 else { throw .io(IOFailure("\(dir): cannot open the folder (\(OutputWriter.lastError))")) }
        defer { close(lock) }
        _ = flock(lock, LOCK_EX)
        let taken = Set(((try? fm.contentsOfDirectory(atPath: dir)) ?? []).compactMap { name -> String? in
            let stamp = name.prefix(14)
            return stamp.count == 14 && stamp.allSatisfy(\.isASCII) && stamp.allSatisfy(\.isNumber) && name.dropFirst(14).hasPrefix("_")
                ? String(stamp) : nil
        })
        var second = date
        while taken.contains(timestamp(second)) { second = second.addingTimeInterval(1) }
        let id = timestamp(second) + "_" + slug
        let path = (dir.hasSuffix("/") ? dir : dir + "/") + id + ".yaml"
        // O_EXCL: refuse to overwrite, even when another `plancc new` races for the same id.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            throw errno == EEXIST ? .io(IOFailure("\(path): already exists; not overwritten")) : .io(IOFailure("\(path): cannot create (\(OutputWriter.lastError))"))
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do { try handle.write(contentsOf: Data(template(id: id, path: path, description: description, operation: operation).utf8)) } catch {
            throw .io(IOFailure("\(path): cannot write (\(OutputWriter.reason(error, at: path)))"))
        }
        return path
    }

    /// Lowercase ASCII letters and digits, words joined by one underscore, cut after whole
    /// words at 60 characters so ids stay readable in listings.
    static func snakeCase(_ text: String) -> String {
        let words = text.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        var slug = ""
        for word in words {
            if slug.isEmpty {
                slug = String(word.prefix(60))
            } else if slug.count + 1 + word.count <= 60 {
                slug += "_" + word
            } else {
                break
            }
        }
        return slug
    }

    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : String($0) } ?? "00" }
        return String(c.year ?? 1970) + two(c.month) + two(c.day) + two(c.hour) + two(c.minute) + two(c.second)
    }

    /// The spec text: every key of format 1, commented, with a change that already checks.
    static func template(id: String, path: String, description: String, operation: String? = nil) -> String {
        // One line, and no tab or other control character: a title is one line of text.
        let oneLine = description.split(whereSeparator: { $0.isNewline || $0.isWhitespace && $0 != " " || $0.asciiValue.map { $0 < 0x20 } == true })
            .joined(separator: " ")
        let title = oneLine
        let change = operation.map(scaffold) ?? exampleChange(for: oneLine)
        return """
        # A plancc change spec, format 1 (docs/spec-format.md and `plancc schema` list every key).
        # Replace each TODO, then:
        #   plancc check \(path)      validate, and compute the risk
        #   plancc compile \(path)    scripts, CHANGE.md and plan.json under out/\(id)/
        # Editor completion: run `plancc schema > plancc.schema.json` once, then start this
        # file with the line   # yaml-language-server: $schema=../plancc.schema.json
        plancc: 1
        id: \(id)
        title: \(JSONValue.quoted(title))
        # What changes, for the reader of the change record.
        intent: "TODO: what this change does, and for whom."
        # Why now, and why this way.
        rationale: "TODO: why the change is needed and why this way is safe."
        # owner: TODO-team
        # links: [TICKET-1]
        # current_state: "What the schema and the application look like today."
        # Declared risk: low | medium | high. `plancc check` fails when the computed risk is higher.
        risk: \(operation.map(seedRisk) ?? "low")
        dialects: [postgresql, mysql, mongodb]
        # Row estimates let plancc judge locks and backfills:
        # tables:
        #   users: { rows: 40000 }
        rollback:
        \(operation.map(rollbackScaffold) ?? rollbackScaffold(nil))
        # rollout:                   # defaults shown
        #   mode: single_step        # or expand_contract: add first, remove after the deploy
        #   lock_timeout: 5s
        #   statement_timeout: 0
        #   batch_size: 1000
        #   batch_pause: 100ms
        #   lock_retries: 5
        #   max_batch_seconds: 0
        #   online_copy_rows: 1000000
        changes:                     # applied in order; one operation per item
        \(change)
        """
    }

    /// The rollback block: `reverse` where the rollback scripts can undo the operation; for an
    /// operation that loses data at forward (drop_table, drop_column) `reverse` is error E0402,
    /// so a filled scaffold of one declares restore_from_backup and asks where the backup is.
    static func rollbackScaffold(_ operation: String?) -> String {
        switch operation {
        case "drop_table", "drop_column":
            return """
              strategy: restore_from_backup   # reverse | restore_from_backup | forward_fix; reverse cannot bring dropped data back (E0402)
              notes: "TODO: the backup taken before forward, and how to restore it."
            """
        default:
            return """
              strategy: reverse          # reverse | restore_from_backup | forward_fix
              # notes: What rollback loses, and until when it is possible.
            """
        }
    }

    /// `add <column> to <table>` becomes that add_column; anything else a placeholder to replace.
    private static func exampleChange(for description: String) -> String {
        let words = description.split(separator: " ").map { snakeCase(String($0)) }
        let (column, table) = words.count == 4 && words[0] == "add" && words[2] == "to" && !words[1].isEmpty && !words[3].isEmpty
            ? (words[1], words[3]) : ("todo_column", "todo_table")
        return """
          - add_column:
              table: \(table)
              column: { name: \(column), type: text }   # nullable unless nullable: false

        """
    }
}

extension NewSpec {
    /// Placeholders for each key an operation body may hold: the same `todo_` names and TODO
    /// texts as the add_column scaffold, so a spec left unfilled is easy to spot.
    static let placeholders: [String: String] = [
        "table": "todo_table", "column": "todo_column", "from": "todo_column", "to": "todo_new_name", "name": "todo_name",
        "columns": "[todo_column]", "primary_key": "[todo_column]", "type": "text",
        "expression": "\"TODO: SQL condition\"", "where": "\"TODO: SQL condition\"", "using": "\"TODO: SQL converting todo_column\"",
        "set": "{ todo_column: { value: TODO } }", "forward": "{ sql: \"TODO: SQL\", mongodb: \"TODO: mongosh code\" }", "rollback": "\"TODO: SQL that undoes forward\"",
        "verify": "\"TODO: SQL that fails unless forward is in place\"", "default": "TODO",
        "references": "{ table: todo_table, columns: [id] }", "on_delete": "no_action", "on_update": "no_action",
        "unique": "false", "batch_size": "1000", "key": "id", "phase": "forward", "risk": "medium",
    ]

    /// The operation's seed risk, from its schema description ("Seed risk: high."); medium when
    /// it depends on the body.
    static func seedRisk(_ operation: String) -> String {
        let text = OperationBodies.body(operation).description
        guard let range = text.range(of: "Seed risk: ") else { return "medium" }
        let word = text[range.upperBound...].prefix { $0.isLetter }
        return RiskLevel(rawValue: String(word)) == nil ? "medium" : String(word)
    }

    /// `- <operation>:` with its required keys filled by placeholders and its optional keys
    /// commented out, in the schema's order.
    static func scaffold(_ operation: String) -> String {
        let body = OperationBodies.body(operation)
        var lines = ["  - \(operation):          # \(body.description)"]
        for key in body.keys {
            var value = placeholders[key] ?? "TODO"
            switch (operation, key) {
            case ("create_table", "columns"):
                value = "\n        - { name: id, type: bigint, identity: true, nullable: false }\n        - { name: todo_column, type: text }"
            case ("create_table", "primary_key"): value = "[id]"
            case ("rename_table", "from"): value = "todo_table"
            case ("add_column", "column"): value = "{ name: todo_column, type: text }   # nullable unless nullable: false"
            case ("alter_column_type", "type"): value = "bigint"
            case ("alter_column_type", "was"): value = "integer            # the old type"
            case ("set_default", "was"), ("drop_default", "was"): value = "null               # the old default; null for none"
            case ("drop_index", "was"): value = "{ columns: [todo_column] }"
            case ("drop_constraint", "was"): value = "{ check: \"TODO: the old condition\" }"
            default: break
            }
            let required = body.required.contains(key) || key == "was" || (key == "type" && operation.hasSuffix("_not_null"))
            lines.append((required ? "      " : "      # ") + "\(key): \(value)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Why `plancc new` wrote nothing.
public enum NewSpecFailure: Error, Sendable {
    /// The description has nothing to build an id from (exit 64).
    case badDescription
    /// `--op` names no operation (exit 64).
    case unknownOperation(String)
    /// The file exists already, or cannot be written (exit 74).
    case io(IOFailure)
}

extension NewSpec {
    /// "unknown operation 'create_idx'; did you mean 'create_index'?", then the operations.
    public static func unknownOperationMessage(_ name: String) -> String {
        "unknown operation '\(name)'" + (Suggestions.closest(to: name, in: Operation.names).map { "; did you mean '\($0)'?" } ?? "")
            + "\n  (operations: \(Operation.names.joined(separator: ", ")))"
    }
}
