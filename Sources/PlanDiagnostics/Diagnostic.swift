/// One finding about a spec: what, where, and how to fix it.
public struct Diagnostic: Sendable, Equatable {
    public struct Note: Sendable, Equatable {
        public var message: String
        public var location: SourceLocation?
        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public var code: DiagnosticCode
    public var severity: Severity
    public var message: String
    public var location: SourceLocation
    public var notes: [Note]
    /// A suggested fix in words, e.g. "use 'add_column'".
    public var fix: String?
    /// The analysis rule behind a risk finding, when there is one (e.g. "drop-column").
    public var ruleID: String?

    public init(
        _ code: DiagnosticCode, _ message: String, at location: SourceLocation,
        notes: [Note] = [], fix: String? = nil, severity: Severity? = nil, ruleID: String? = nil
    ) {
        self.code = code
        self.severity = severity ?? code.severity
        self.message = message
        self.location = location
        self.notes = notes
        self.fix = fix
        self.ruleID = ruleID
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Source order: by file, line, column; stable for equal places.
    public func sortedBySource() -> [Diagnostic] {
        enumerated().sorted { a, b in
            a.element.location != b.element.location ? a.element.location < b.element.location : a.offset < b.offset
        }.map(\.element)
    }
}
