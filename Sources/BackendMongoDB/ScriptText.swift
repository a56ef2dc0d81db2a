import Planner
import PlanSupport

/// Values written into generated JavaScript: always as JSON text, never pasted in.
enum JS {
    /// A string literal (also a valid JavaScript string: U+2028/2029 are escaped).
    static func string(_ text: String) -> String { JSONValue.quoted(text) }

    /// A value as compact JSON, which is also a JavaScript expression.
    static func value(_ value: JSONValue) -> String { value.rendered(pretty: false) }

    /// `"$field"`: a field path in an aggregation expression.
    static func fieldPath(_ field: String) -> JSONValue { .string("$" + field) }

    /// `{ field: value }`, with the key as written.
    static func document(_ key: String, _ value: JSONValue) -> JSONValue { .object([(key, value)]) }
}

/// What one step writes: code lines, or only comments when MongoDB has nothing to run; and
/// what the code does to the database, call by call, as the writer that writes a call states
/// it (`Call`), so the statements the records are folded from are the writers' own word.
struct StepCode {
    var lines: [String] = []
    var calls: [Call] = []

    var hasCode: Bool { lines.contains { !$0.hasPrefix("//") } }

    mutating func comment(_ text: String) {
        lines += CommentText.lines(text).map { $0.isEmpty ? "//" : "// " + $0 }
    }
    /// A line of code that makes no call on a collection (a `print`, a brace).
    mutating func code(_ line: String) { lines.append(line) }
    /// A line of code and the calls it makes.
    mutating func code(_ line: String, _ calls: [Call]) {
        lines.append(line)
        self.calls += calls
    }
    mutating func code(_ part: StepCode) { self = self + part }

    static func comment(_ text: String) -> StepCode {
        var step = StepCode()
        step.comment(text)
        return step
    }

    /// One line and the calls it makes.
    static func line(_ line: String, _ calls: [Call]) -> StepCode { StepCode(lines: [line], calls: calls) }

    static func + (a: StepCode, b: StepCode) -> StepCode { StepCode(lines: a.lines + b.lines, calls: a.calls + b.calls) }

    /// The same code inside a block whose lines are indented (the calls do not change).
    func wrapped(_ open: String, indent: String = "  ", _ close: String = "}") -> StepCode {
        StepCode(lines: [open] + lines.map { indent + $0 } + [close], calls: calls)
    }

    /// A call of the runtime (or of `db`) that reads or changes a collection: what it does there.
    /// mongosh scripts set no lock timeout and run no transaction, so nothing is retried and every
    /// call is outside one.
    struct Call {
        var kind: Statement.Kind
        var lock: Statement.Lock
        var hold: Statement.Hold
        var `guard`: Statement.Guard
        var table: String?
        /// The call as the script writes it (its line, without the indentation of a block).
        var text: String

        private static func trimmed(_ text: String) -> String { String(text.drop { $0 == " " }) }

        /// A batch loop (`planccInBatches`): document locks, one batch at a time; it touches only pending documents.
        static func batches(_ table: String, _ text: String) -> [Call] {
            [Call(kind: .backfill, lock: .mongodb(.documents), hold: .perBatch, guard: .pendingRows, table: table, text: trimmed(text))]
        }
        /// An index build: the exclusive collection lock at its start and end, and the scan
        /// between, which yields to readers and writers.
        static func indexBuild(_ table: String, _ text: String) -> [Call] {
            [Call(kind: .indexBuild, lock: .mongodb(.collection), hold: .catalogOnly, guard: .idempotent, table: table, text: trimmed(text)),
             Call(kind: .indexBuild, lock: .mongodb(.documents), hold: .scan, guard: .idempotent, table: table, text: trimmed(text))]
        }
        /// A catalog change (`collMod`, `drop`, `renameCollection`, `dropIndexes`): the collection's exclusive lock for a moment.
        static func catalog(_ table: String, _ text: String) -> [Call] {
            [Call(kind: .ddl, lock: .mongodb(.collection), hold: .catalogOnly, guard: .idempotent, table: table, text: trimmed(text))]
        }
        /// A new collection: nothing that exists is locked.
        static func create(_ table: String, _ text: String) -> [Call] {
            [Call(kind: .ddl, lock: .none, hold: .none, guard: .idempotent, table: table, text: trimmed(text))]
        }
        /// A count or check that reads every document and may stop the script.
        static func count(_ table: String, _ text: String) -> [Call] {
            [Call(kind: .check, lock: .mongodb(.documents), hold: .scan, guard: .none, table: table, text: trimmed(text))]
        }
        /// `planccSettle`: counts the documents the validator refuses, then (when none) sets it back to strict.
        static func settle(_ table: String, _ text: String) -> [Call] {
            count(table, text) + catalog(table, text)
        }
        /// A write to plancc's own ledger collection.
        static func ledger(_ text: String) -> [Call] {
            [Call(kind: .ddl, lock: .none, hold: .none, guard: .idempotent, table: nil, text: trimmed(text))]
        }
        /// The author's code: plancc cannot tell what it locks.
        static func authorCode(_ text: String, guard: Statement.Guard) -> [Call] {
            [Call(kind: .authorCode, lock: .unknown, hold: .unknown, guard: `guard`, table: nil, text: text)]
        }
    }
}
