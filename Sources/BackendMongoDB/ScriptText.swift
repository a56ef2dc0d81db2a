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

/// What one step writes: code lines, or only comments when MongoDB has nothing to run.
struct StepCode {
    var lines: [String] = []

    var hasCode: Bool { lines.contains { !$0.hasPrefix("//") } }

    mutating func comment(_ text: String) {
        lines += CommentText.lines(text).map { $0.isEmpty ? "//" : "// " + $0 }
    }
    mutating func code(_ line: String) { lines.append(line) }

    static func comment(_ text: String) -> StepCode {
        var step = StepCode()
        step.comment(text)
        return step
    }

    static func + (a: StepCode, b: StepCode) -> StepCode { StepCode(lines: a.lines + b.lines) }
}
