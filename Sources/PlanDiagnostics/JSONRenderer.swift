import PlanSupport

/// Diagnostics as a JSON array, for tools and editors.
public enum JSONRenderer {
    public static func render(_ diagnostics: [Diagnostic]) -> String {
        JSONValue.array(diagnostics.map(json)).rendered()
    }

    public static func json(_ d: Diagnostic) -> JSONValue {
        .object([
            "code": .string(d.code.rawValue),
            "severity": .string(d.severity.rawValue),
            "message": .string(d.message),
            "file": .string(d.location.file),
            "line": .int(d.location.line),
            "column": .int(d.location.column),
            "rule": d.ruleID.map(JSONValue.string),
            "notes": d.notes.isEmpty ? nil : .array(d.notes.map { note in
                .object([
                    "message": .string(note.message),
                    "file": note.location.map { .string($0.file) },
                    "line": note.location.map { .int($0.line) },
                    "column": note.location.map { .int($0.column) },
                ])
            }),
            "fix": d.fix.map(JSONValue.string),
        ])
    }
}
