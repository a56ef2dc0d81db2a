import PlanDiagnostics
import PlanSupport
import PlanYAML

/// Collects diagnostics while a spec is decoded, so that every error of a file is reported.
final class DiagnosticSink {
    var diagnostics: [Diagnostic] = []
    /// The spec's dialects once decoded, for limits that depend on them (type lengths).
    var dialects: [Dialect]?

    func error(_ code: DiagnosticCode, _ message: String, at location: SourceLocation,
               notes: [Diagnostic.Note] = [], fix: String? = nil) {
        diagnostics.append(Diagnostic(code, message, at: location, notes: notes, fix: fix))
    }

    func warning(_ code: DiagnosticCode, _ message: String, at location: SourceLocation, fix: String? = nil) {
        diagnostics.append(Diagnostic(code, message, at: location, fix: fix, severity: .warning))
    }

    /// "expected a list for 'columns', found a string"
    func wrongType(_ node: YAMLNode, expected: String, for what: String) {
        // `-add_column:` (no space after the dash) is a key, so the list reads as a mapping.
        if expected.hasPrefix("a list"), let key = node.mapping?.first?.key, let text = key.scalar?.text,
           text.count > 1, text.hasPrefix("-"), let second = text.dropFirst().first, second != " ", second != "-" {
            let item = String(text.dropFirst())
            error(.wrongType, "expected \(expected) for '\(what)', found a mapping: '\(text)' is read as a key, "
                      + "since a list item needs a space after its '-'", at: key.location,
                  fix: "write '- \(item)' (a space after the dash) on each item")
            return
        }
        error(.wrongType, "expected \(expected) for '\(what)', found \(node.kindDescription)", at: node.location,
              fix: Self.wrongTypeFix(node, expected: expected, for: what))
    }

    /// The spelling meant, where the mistake is a common one: a quoted number or boolean, one
    /// value where a list goes (`dialects: postgresql`), a mapping where a list goes.
    static func wrongTypeFix(_ node: YAMLNode, expected: String, for what: String) -> String? {
        let key = what.split(separator: ".").last.map(String.init) ?? what
        if let s = node.scalar, s.style == .singleQuoted || s.style == .doubleQuoted {
            if expected == "an integer", Int64(s.text) != nil { return "write the number without quotes: \(key): \(s.text)" }
            if expected == "true or false", s.text == "true" || s.text == "false" { return "write it without quotes: \(key): \(s.text)" }
        }
        guard expected.hasPrefix("a list") else { return nil }
        if let s = node.scalar, !s.text.isEmpty, !s.text.contains("\n") { return "write it as a list, even of one: \(key): [\(s.text)]" }
        if node.mapping != nil { return "start each item of the list with '- ' on a line of its own, or write [a, b]" }
        return nil
    }
}

/// The keys of one mapping, checked against the keys its place in the format allows.
struct Fields {
    let node: YAMLNode
    let what: String
    private var values: [String: YAMLNode] = [:]
    /// Allowed keys that an unknown key was taken for ("did you mean"), or all of them after a
    /// merge key: that key's error already covers them, so they are not reported missing too.
    private var coveredKeys: Set<String> = []
    private let sink: DiagnosticSink

    /// Nil (after a diagnostic) when the node is not a mapping. Unknown keys are reported
    /// with the closest allowed key.
    init?(_ node: YAMLNode, _ what: String, allowed: [String], sink: DiagnosticSink) {
        self.node = node
        self.what = what
        self.sink = sink
        guard let pairs = node.mapping else {
            sink.wrongType(node, expected: "a mapping", for: what)
            return nil
        }
        // `column:` with nothing after it, then keys this mapping does not allow: a body left at
        // its key's indentation, read as keys beside it. Said once, for the body.
        var unindented: Set<Int> = []
        for (index, pair) in pairs.enumerated() where pair.value.scalar?.isPlainNull == true && pair.value.scalar?.text == "" {
            guard let key = pair.key.scalar?.text, allowed.contains(key) else { continue }
            let body = pairs[(index + 1)...].prefix { next in
                next.key.scalar.map { !allowed.contains($0.text) && $0.text != "<<" } ?? false
            }
            guard let first = body.first else { continue }
            unindented.insert(index)
            for offset in body.indices { unindented.insert(offset) }
            coveredKeys.insert(key)
            let names = body.compactMap { $0.key.scalar?.text }.map { "'\($0)'" }.joined(separator: ", ")
            sink.error(.unknownKey,
                       "the body of '\(key)' is not indented: \(names) \(body.count == 1 ? "is" : "are") read as keys of \(what) beside '\(key)', not inside it",
                       at: first.key.location,
                       fix: "indent the body of '\(key)' by \(pair.key.location.column + 1) spaces, 2 more than '\(key)' itself")
        }
        for (index, pair) in pairs.enumerated() {
            if unindented.contains(index) { continue }
            guard let scalar = pair.key.scalar, !scalar.isPlainNull else {
                sink.error(.wrongType, "keys of '\(what)' must be strings, found \(pair.key.kindDescription)", at: pair.key.location)
                continue
            }
            let key = scalar.text
            if allowed.contains(key) {
                values[key] = pair.value
            } else if key == "<<" {
                coveredKeys.formUnion(allowed)
                sink.error(.unknownKey, "merge keys ('<<') are not part of YAML 1.2, which specs are read as",
                           at: pair.key.location, fix: "write the keys out in full")
            } else {
                let suggestion = Suggestions.closest(to: key, in: allowed)
                if let suggestion { coveredKeys.insert(suggestion) }
                sink.error(.unknownKey,
                           "unknown key '\(key)' in \(what)" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                           at: pair.key.location,
                           fix: suggestion.map { "use '\($0)'" } ?? "allowed keys: \(allowed.joined(separator: ", "))")
            }
        }
    }

    subscript(_ key: String) -> YAMLNode? { values[key] }

    /// The value of a required key; reports it missing otherwise.
    func required(_ key: String) -> YAMLNode? {
        if let value = values[key] { return value }
        if !coveredKeys.contains(key) {
            sink.error(.missingKey, "missing required key '\(key)' in \(what)", at: node.location)
        }
        return nil
    }

    var isEmpty: Bool { values.isEmpty }
    func has(_ key: String) -> Bool { values[key] != nil }
}
