import PlanSupport

/// SARIF 2.1.0, so findings show up as code-scanning annotations.
public enum SARIFRenderer {
    /// Help text for a rule id that is not a diagnostic code (analysis rules add theirs).
    public struct RuleHelp: Sendable {
        public var id: String
        public var name: String
        public var help: String
        /// Where the rule is documented, relative to the repository root (`docs/rules.md#drop-column`).
        public var docPath: String
        public init(id: String, name: String, help: String, docPath: String) {
            self.id = id
            self.name = name
            self.help = help
            self.docPath = docPath
        }
    }

    /// `docsURL` is where plancc's repository tree is published (e.g. `https://host/org/plancc/blob/v1`):
    /// given, each rule gets a `helpUri` (SARIF wants an absolute URI) and the tool an
    /// `informationUri`; without it neither is written, and the help text names the document
    /// in the repository instead, so no address is made up.
    /// A run's one invocation: the notes the tool gave (files not read) and, when it could not
    /// do its work (a folder it cannot read), the error and the exit code.
    public struct Invocation: Sendable {
        public var notes: [String]
        public var failure: (message: String, exitCode: Int32)?
        public init(notes: [String] = [], failure: (message: String, exitCode: Int32)? = nil) {
            self.notes = notes
            self.failure = failure
        }
    }

    public static func render(_ diagnostics: [Diagnostic], toolVersion: String, extraRules: [RuleHelp] = [],
                              docsURL: String? = nil, invocation: Invocation? = nil) -> String {
        var rules: [RuleHelp] = DiagnosticCode.allCases.map {
            RuleHelp(id: $0.rawValue, name: $0.title, help: DiagnosticCatalog.help($0),
                     docPath: "docs/diagnostics.md#" + DiagnosticCatalog.anchor($0))
        }
        rules += extraRules
        let base = docsURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        let index = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })

        let results: [JSONValue] = diagnostics.map { d in
            let ruleID = d.ruleID ?? d.code.rawValue
            var message = d.message
            if let fix = d.fix { message += " (\(fix))" }
            return .object([
                "ruleId": .string(ruleID),
                "ruleIndex": index[ruleID].map(JSONValue.int),
                "level": .string(d.severity == .error ? "error" : d.severity == .warning ? "warning" : "note"),
                "message": .object([("text", .string(message))]),
                "locations": .array([.object([
                    ("physicalLocation", .object([
                        ("artifactLocation", .object([("uri", .string(uriReference(d.location.file)))])),
                        ("region", .object([
                            ("startLine", .int(d.location.line)),
                            ("startColumn", .int(d.location.column)),
                        ])),
                    ])),
                ])]),
                "properties": .object([("code", .string(d.code.rawValue))]),
            ])
        }
        let driver: JSONValue = .object([
            "name": .string("plancc"),
            "version": .string(toolVersion),
            "informationUri": base.map { .string($0 + "/README.md") },
            "rules": .array(rules.map { rule in
                let text = rule.help + " See \(rule.docPath) in plancc's repository."
                let link = base.map { "[\(rule.docPath)](\($0)/\(rule.docPath))" } ?? "`\(rule.docPath)` in plancc's repository"
                return .object([
                    "id": .string(rule.id),
                    "name": .string(rule.name),
                    "shortDescription": .object([("text", .string(rule.name))]),
                    "fullDescription": .object([("text", .string(rule.help))]),
                    "help": .object([("text", .string(text)), ("markdown", .string(rule.help + "\n\nSee " + link + "."))]),
                    "helpUri": base.map { .string($0 + "/" + rule.docPath) },
                ])
            }),
        ])
        return JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", driver)])),
                // Columns count characters (code points), not SARIF's default UTF-16 units.
                ("columnKind", .string("unicodeCodePoints")),
                ("results", .array(results)),
            ] + (invocation.map { [("invocations", .array([invocationJSON($0)]))] } ?? []))])),
        ]).rendered()
    }

    static func invocationJSON(_ invocation: Invocation) -> JSONValue {
        let notes: [JSONValue] = invocation.notes.map { .object([("level", .string("note")), ("message", .object([("text", .string($0))]))]) }
        let failure: [JSONValue] = invocation.failure.map {
            [.object([("level", .string("error")), ("message", .object([("text", .string($0.message))]))])]
        } ?? []
        var fields: [(String, JSONValue)] = [("executionSuccessful", .bool(invocation.failure == nil))]
        if let failure = invocation.failure { fields.append(("exitCode", .int(Int(failure.exitCode)))) }
        if !(failure + notes).isEmpty { fields.append(("toolExecutionNotifications", .array(failure + notes))) }
        return .object(fields)
    }

    /// A file path as a URI reference: bytes outside RFC 3986's unreserved set and `/` are
    /// percent-encoded, so a path with spaces or non-ASCII letters stays a valid `uri`.
    public static func uriReference(_ path: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }
}
