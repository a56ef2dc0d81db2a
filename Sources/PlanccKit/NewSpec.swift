import Foundation
import PlanSupport

/// `plancc new`: a commented template spec with a fresh UTC timestamp id.
public enum NewSpec {
    /// `add phone to users` at 2026-11-24 09:30:00 UTC -> `20261124093000_add_phone_to_users`;
    /// nil when the description has no letter or digit to name the change by.
    public static func id(for description: String, at date: Date) -> String? {
        let slug = snakeCase(description)
        guard !slug.isEmpty else { return nil }
        return timestamp(date) + "_" + slug
    }

    /// Writes `<dir>/<id>.yaml` and returns its path; never replaces an existing file.
    public static func create(description: String, in dir: String, at date: Date = Date()) throws(NewSpecFailure) -> String {
        guard let id = id(for: description, at: date) else { throw .badDescription }
        let path = (dir.hasSuffix("/") ? dir : dir + "/") + id + ".yaml"
        let fm = FileManager.default
        do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw .io(IOFailure("\(dir): cannot create directory"))
        }
        // O_EXCL: refuse to overwrite, even when another `plancc new` races for the same id.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            throw errno == EEXIST ? .io(IOFailure("\(path): already exists; not overwritten")) : .io(IOFailure("\(path): cannot create"))
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do { try handle.write(contentsOf: Data(template(id: id, path: path, description: description).utf8)) } catch {
            throw .io(IOFailure("\(path): cannot write"))
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
    static func template(id: String, path: String, description: String) -> String {
        let oneLine = description.split(whereSeparator: \.isNewline).joined(separator: " ")
        let title = oneLine.prefix(1).uppercased() + oneLine.dropFirst()
        let change = exampleChange(for: oneLine)
        return """
        # A plancc change spec, format 1 (see `plancc schema` for every key).
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
        risk: low
        dialects: [postgresql, mysql, mongodb]
        # Row estimates let plancc judge locks and backfills:
        # tables:
        #   users: { rows: 40000 }
        rollback:
          strategy: reverse          # reverse | restore_from_backup | forward_fix
          # notes: What rollback loses, and until when it is possible.
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

/// Why `plancc new` wrote nothing.
public enum NewSpecFailure: Error, Sendable {
    /// The description has nothing to build an id from (exit 64).
    case badDescription
    /// The file exists already, or cannot be written (exit 74).
    case io(IOFailure)
}
