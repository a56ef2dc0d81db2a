import PlanDiagnostics
import PlanSQL
import PlanYAML

/// Every PostgreSQL text of a spec, parsed by PostgreSQL's own parser in the form it will run
/// in: an expression as `SELECT <expr> FROM <table>`, a predicate as
/// `SELECT 1 FROM <table> WHERE <pred>`, a default as `SELECT <expr>`, author SQL as statements.
/// A syntax error is reported where it is in the spec: the parser's offset is taken back
/// through the wrapper into the YAML scalar (`ScalarSource`). Only specs listing postgresql
/// are read: a text meant only for MySQL is not PostgreSQL, and no MySQL parser is packaged.
struct SQLSyntax {
    let spec: Spec
    /// The file's bytes, to place offsets inside multi-line and quoted scalars.
    let file: [UInt8]
    let sink: DiagnosticSink

    private enum Form {
        case expression(table: Name)
        case predicate(table: Name)
        case defaultValue
        case statements

        /// The text around the author's: `prefix + text + suffix` is what is parsed. A line
        /// break before `FROM` keeps a trailing `-- comment` from swallowing it.
        func wrap(_ text: String) -> (prefix: String, suffix: String) {
            switch self {
            case let .expression(table): ("SELECT ", "\nFROM \(SQLSyntax.quoted(table.value))")
            case let .predicate(table): ("SELECT 1 FROM \(SQLSyntax.quoted(table.value)) WHERE ", "")
            case .defaultValue: ("SELECT ", "")
            case .statements: ("", "")
            }
        }

        var shape: String {
            switch self {
            case .expression: "SELECT <expression> FROM <table>"
            case .predicate: "SELECT 1 FROM <table> WHERE <predicate>"
            case .defaultValue: "SELECT <default>"
            case .statements: "statements"
            }
        }
    }

    func run() {
        guard spec.dialects.contains(.postgresql) else { return }
        for change in spec.changes { check(change.operation) }
    }

    private func check(_ operation: Operation) {
        switch operation {
        case let .createTable(op):
            for column in op.columns { defaultValue(column.defaultValue, "\(column.name.value).default") }
        case let .addColumn(op):
            defaultValue(op.column.defaultValue, "default")
        case let .alterColumnType(op):
            op.using.map { parse($0, "using", .expression(table: op.table)) }
        case let .setDefault(op):
            defaultValue(op.defaultValue, "default")
            if case let .value(prior)? = op.was { defaultValue(prior, "was") }
        case let .dropDefault(op):
            if case let .value(prior)? = op.was { defaultValue(prior, "was") }
        case let .createIndex(op):
            op.filter.map { parse($0, "where", .predicate(table: op.table)) }
        case let .dropIndex(op):
            op.was?.filter.map { parse($0, "was.where", .predicate(table: op.table)) }
        case let .addCheck(op):
            parse(op.expression, "expression", .expression(table: op.table))
        case let .dropConstraint(op):
            if case let .check(text)? = op.was { parse(text, "was.check", .expression(table: op.table)) }
        case let .backfill(op):
            for assignment in op.set {
                expression(assignment.value, "set.\(assignment.column.value)", .expression(table: op.table))
            }
            op.filter.map { parse($0, "where", .predicate(table: op.table)) }
        case let .sql(op):
            parse(op.forward, "forward", .statements)
            op.rollback.map { parse($0, "rollback", .statements) }
            op.verify.map { parse($0, "verify", .statements) }
        default:
            break
        }
    }

    private func defaultValue(_ value: DefaultValue?, _ what: String) {
        value.map { expression($0.expression, what, .defaultValue) }
    }

    private func expression(_ expression: Expression, _ what: String, _ form: Form) {
        if case let .native(sql, _) = expression { parse(sql, what, form) }
    }

    private func parse(_ text: DialectText, _ what: String, _ form: Form) {
        guard let sql = text.sql(for: .postgresql), !Self.isScaffoldPlaceholder(sql) else { return }
        let (prefix, suffix) = form.wrap(sql)
        guard let error = PostgresParser.syntaxError(in: prefix + sql + suffix) else { return }
        // An offset in the wrapper points before or past the author's text: clamp it to the text,
        // its end being the end of its last token ("at end of input").
        let body = Array(sql.utf8)
        var end = body.count
        while end > 0, [0x20, 0x09, 0x0A, 0x0D].contains(body[end - 1]) { end -= 1 }
        let inText = min(max((error.offset ?? 0) - prefix.utf8.count, 0), end)
        let location: SourceLocation
        if let origin = text.origin(for: .postgresql) {
            location = ScalarSource.location(ofValueByte: inText, value: sql, style: origin.style, start: origin.location, in: file)
        } else {
            location = text.location
        }
        let key = text.perDialect[.postgresql] != nil ? "\(what).postgresql"
            : text.sharedOrigin.map { $0.location != text.location } == true ? "\(what).sql" : what
        var notes: [Diagnostic.Note] = []
        if case .statements = form {} else {
            notes.append(.init("parsed as \(form.shape), the form it runs in"))
        }
        var message = "PostgreSQL cannot parse '\(key)': \(error.message)"
        if let offset = error.offset, offset >= prefix.utf8.count + body.count, !suffix.isEmpty {
            message += " (past the end of the text, in plancc's wrapper: the text ends too early or leaves something open)"
        }
        sink.error(.sqlSyntax, message, at: location, notes: notes,
                   fix: "correct the SQL; plancc checks it with PostgreSQL 15's parser")
    }

    /// `TODO: SQL condition` as `plancc new` writes it: E0209 reports it (PlanccKit's
    /// Placeholders, same rule); it is not SQL yet, so it is not parsed.
    static func isScaffoldPlaceholder(_ text: String) -> Bool {
        guard text.hasPrefix("TODO") else { return false }
        return text.dropFirst(4).first.map { !($0.isLetter || $0.isNumber) } ?? true
    }

    /// A double-quoted identifier, `"` doubled.
    static func quoted(_ name: String) -> String {
        "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
