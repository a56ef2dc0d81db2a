import PlanDiagnostics
import PlanSQL
import PlanYAML

/// Every PostgreSQL text of a spec, parsed by PostgreSQL's own parser in the form it will run
/// in (`SQLForm`): an expression as `SELECT <expr> FROM <table>`, a predicate as
/// `SELECT 1 FROM <table> WHERE <pred>`, a default as `SELECT <expr>`, author SQL as statements.
/// A syntax error is reported where it is in the spec: the parser's offset is taken back
/// through the wrapper into the YAML scalar (`ScalarSource`). A text that parses but is not
/// what its field takes (a second statement, a clause of its own) is E0114. What each text
/// names is kept on its change (`SQLRead`) for the history's checks. Only specs listing
/// postgresql are read: a text meant only for MySQL is not PostgreSQL, and no MySQL parser is
/// packaged.
struct SQLSyntax {
    private(set) var spec: Spec
    /// The file's bytes, to place offsets inside multi-line and quoted scalars.
    let file: [UInt8]
    let sink: DiagnosticSink
    private var reads: [SQLRead] = []

    init(spec: Spec, file: [UInt8], sink: DiagnosticSink) {
        self.spec = spec; self.file = file; self.sink = sink
    }

    /// The spec with each change's reads filled in.
    mutating func run() -> Spec {
        // In every dialect: a default that names a column is no dialect's default.
        for change in spec.changes { refuseColumnDefaults(change.operation) }
        guard spec.dialects.contains(.postgresql) else { return spec }
        for index in spec.changes.indices {
            reads = []
            check(spec.changes[index].operation)
            spec.changes[index].sqlReads = reads
        }
        return spec
    }

    private mutating func check(_ operation: Operation) {
        for (value, field) in Self.defaults(of: operation) { defaultValue(value, field) }
        switch operation {
        case let .alterColumnType(op):
            op.using.map { parse($0, "using", .expression(table: op.table.value), .onTable(op.table), in: .transform) }
        case let .createIndex(op):
            op.filter.map { parse($0, "where", .predicate(table: op.table.value), .onTable(op.table), in: .indexPredicate) }
        case let .dropIndex(op):
            op.was?.filter.map { parse($0, "was.where", .predicate(table: op.table.value), .onTable(op.table), in: .indexPredicate) }
        case let .addCheck(op):
            parse(op.expression, "expression", .expression(table: op.table.value), .onTable(op.table), in: .check)
        case let .dropConstraint(op):
            if case let .check(text)? = op.was {
                parse(text, "was.check", .expression(table: op.table.value), .onTable(op.table), in: .check)
            }
        case let .backfill(op):
            for assignment in op.set {
                if case let .native(sql, _) = assignment.value {
                    parse(sql, "set.\(assignment.column.value)", .expression(table: op.table.value), .onTable(op.table), in: .update)
                }
            }
            op.filter.map { parse($0, "where", .predicate(table: op.table.value), .onTable(op.table), in: .updateWhere) }
        case let .sql(op):
            parse(op.forward, "forward", .statements, .statements(forward: true))
            op.rollback.map { parse($0, "rollback", .statements, .statements(forward: false)) }
            op.verify.map { parse($0, "verify", .statements, .statements(forward: false)) }
        default:
            break
        }
    }

    /// `{ column: b }` as a default would compile to DEFAULT "b", which no dialect takes
    /// (PostgreSQL: "cannot use column reference in DEFAULT expression"): the same error as a
    /// column in a default's SQL text.
    private func refuseColumnDefaults(_ operation: Operation) {
        for (value, field) in Self.defaults(of: operation) {
            guard case let .column(name) = value.expression else { continue }
            sink.error(.sqlMisfit, "'\(field)' names column '\(name.value)'; a default cannot use a column (PostgreSQL: cannot use column reference in DEFAULT expression)",
                       at: name.location, fix: "use a constant or a function call; fill values from other columns with a backfill")
        }
    }

    /// The defaults an operation states, each with the field it is written in.
    private static func defaults(of operation: Operation) -> [(DefaultValue, String)] {
        switch operation {
        case let .createTable(op):
            op.columns.compactMap { column in column.defaultValue.map { ($0, "\(column.name.value).default") } }
        case let .addColumn(op):
            op.column.defaultValue.map { [($0, "default")] } ?? []
        case let .setDefault(op):
            [(op.defaultValue, "default")] + prior(op.was)
        case let .dropDefault(op):
            prior(op.was)
        default:
            []
        }
    }

    private static func prior(_ was: PriorDefault?) -> [(DefaultValue, String)] {
        if case let .value(prior)? = was { [(prior, "was")] } else { [] }
    }

    private mutating func defaultValue(_ value: DefaultValue, _ what: String) {
        if case let .native(sql, _) = value.expression { parse(sql, what, .defaultValue, .defaultValue, in: .defaultValue) }
    }

    /// Where an expression runs, for what PostgreSQL refuses there (its own words).
    enum Place {
        case check, indexPredicate, transform, defaultValue, update, updateWhere, statements

        /// "aggregate functions are not allowed in check constraints".
        var plural: String {
            switch self {
            case .check: "check constraints"
            case .indexPredicate: "index predicates"
            case .transform: "transform expressions"
            case .defaultValue: "DEFAULT expressions"
            case .update: "UPDATE"
            case .updateWhere: "WHERE"
            case .statements: ""
            }
        }

        /// "cannot use subquery in check constraint"; nil where a subquery is allowed.
        var subquery: String? {
            switch self {
            case .check: "check constraint"
            case .indexPredicate: "index predicate"
            case .transform: "transform expression"
            case .defaultValue: "DEFAULT expression"
            case .update, .updateWhere, .statements: nil
            }
        }

        /// PostgreSQL's refusal of a system column here; nil where it is allowed.
        func systemColumn(_ name: String) -> String? {
            switch self {
            case .check where name != "tableoid": "system column \"\(name)\" reference in check constraint is invalid"
            case .indexPredicate: "index creation on system columns is not supported"
            default: nil
            }
        }
    }

    private mutating func parse(_ text: DialectText, _ what: String, _ form: SQLForm, _ field: SQLRead.Field, in site: Place = .statements) {
        guard let sql = text.sql(for: .postgresql), !Self.isScaffoldPlaceholder(sql) else { return }
        let key = text.perDialect[.postgresql] != nil ? "\(what).postgresql"
            : text.sharedOrigin.map { $0.location != text.location } == true ? "\(what).sql" : what
        let reading: SQLReading
        switch PostgresParser.read(sql, as: form) {
        case let .failure(error):
            report(error, in: text, sql, key, form)
            if form == .statements {
                // What it would have done is not known: the history forgets what it may touch.
                reads.append(SQLRead(key: key, field: field, columns: [], tables: [], functions: [], statements: [],
                                     unparsed: .some(Self.names(in: sql))))
            }
            return
        case let .success(read):
            reading = read
        }
        // Every offset the reading names, placed in one pass over the scalar (in increasing order).
        let statementStarts = reading.statements.map { Self.firstToken(from: $0.offset, in: sql) }
        var offsets = reading.columns.map(\.offset) + reading.tables.map(\.offset) + reading.functions.map(\.offset)
        offsets += reading.constructs.map(\.offset) + reading.typedUses.map(\.offset) + reading.lineComments + statementStarts + [0, reading.misfit?.offset ?? 0]
        var placed: [Int: SourceLocation] = [:]
        if let origin = text.origin(for: .postgresql) {
            var cursor = ScalarSource.Cursor(value: sql, style: origin.style, start: origin.location, in: file)
            for offset in Set(offsets).sorted() { placed[offset] = cursor.location(ofValueByte: offset) }
        }
        func place(_ offset: Int) -> SourceLocation { placed[offset] ?? location(ofByte: offset, in: text, sql) }
        if form != .statements, reading.isEmpty {
            sink.error(.sqlMisfit, "'\(key)' is empty: it holds only a comment; it must be \(form.noun)", at: place(0),
                       fix: "write the SQL \(form.noun == "one condition" ? "condition" : "expression"); a note for reviewers goes in a YAML comment (# ...)")
            return
        }
        if form != .statements, let comment = reading.lineComments.first {
            sink.error(.sqlMisfit,
                       "'\(key)' holds a `--` comment, which runs to the end of its line: in the statement plancc writes around the text it would comment out what follows",
                       at: place(comment),
                       fix: "write the comment as /* ... */, or as a YAML comment (# ...) beside the key")
            return
        }
        if let misfit = reading.misfit {
            sink.error(.sqlMisfit, "'\(key)' \(misfit.message)", at: place(misfit.offset),
                       notes: [.init("parsed as \(form.shape), the form it runs in")],
                       fix: "write the expression or condition alone; plancc writes the statement around it")
            return
        }
        if field == .defaultValue, let column = reading.columns.first(where: { $0.name != SQLReading.star }) {
            sink.error(.sqlMisfit, "'\(key)' names column '\(column.name)'; a default cannot use a column (PostgreSQL: cannot use column reference in DEFAULT expression)",
                       at: place(column.offset),
                       fix: "use a constant or a function call; fill values from other columns with a backfill")
        }
        refuse(reading.constructs, in: site, key, place)
        if site == .indexPredicate {
            // A built-in's call: no overload of the name is IMMUTABLE. (A function of the
            // author's, qualified or not, is not known here.)
            for function in reading.functions where function.schema == nil || function.schema == "pg_catalog" {
                guard PostgresFunctions.isNeverImmutable(function.name) else { continue }
                let volatility = PostgresFunctions.volatility(of: function.name) == .volatile ? "VOLATILE" : "STABLE"
                sink.error(.sqlNotAllowed,
                           "'\(key)': PostgreSQL refuses this at run time: functions in index predicate must be marked IMMUTABLE (\(function.name)() is \(volatility))",
                           at: place(function.offset),
                           fix: "an index predicate is fixed when the index is built: compare with a constant (created_at > '2026-01-01'), not the time or a setting")
            }
        }
        for (statement, start) in zip(reading.statements, statementStarts) {
            // COPY FROM STDIN / TO STDOUT reads or writes psql's own stream: under `psql -f` the
            // lines of the script after it would be read as its data.
            guard let (kind, body) = statement.tree.node, kind == "CopyStmt", body["filename"] == nil else { continue }
            let from = body["is_from"] == .bool(true)
            let effect = from ? "FROM STDIN: run by psql in plancc's script, it would take the script's following lines as its rows, and the change would not run"
                : "TO STDOUT: run by psql in plancc's script, it writes the table's rows into the run's output, not to a file"
            sink.error(.sqlMisfit, "'\(key)' holds COPY ... \(effect)",
                       at: place(start),
                       fix: "write the rows with INSERT, or run the COPY outside the change")
        }
        var read = SQLRead(
            key: key, field: field,
            columns: reading.columns.map { .init(name: $0.name, location: place($0.offset), tables: $0.tables) },
            tables: reading.tables.map { .init(name: $0.name, location: place($0.offset)) },
            functions: reading.functions.map { .init(schema: $0.schema, name: $0.name, location: place($0.offset)) },
            statements: zip(reading.statements, statementStarts).map {
                .init(effects: StatementEffect.of($0.tree), location: place($1))
            }, unparsed: nil)
        if site == .indexPredicate {
            read.typedUses = reading.typedUses.map { .init(column: $0.column, kind: $0.kind, location: place($0.offset)) }
        }
        reads.append(read)
    }

    /// What PostgreSQL refuses where the text runs (E0115), each at its spot, in its words.
    private func refuse(_ constructs: [SQLReading.Construct], in place: Place, _ key: String, _ at: (Int) -> SourceLocation) {
        for construct in constructs {
            guard let (refusal, fix) = Self.refusal(construct.kind, in: place) else { continue }
            sink.error(.sqlNotAllowed, "'\(key)': PostgreSQL refuses this at run time: \(refusal)", at: at(construct.offset), fix: fix)
        }
    }

    /// PostgreSQL's words for a construct and plancc's fix; nil where it is allowed.
    private static func refusal(_ kind: SQLReading.Construct.Kind, in place: Place) -> (String, String)? {
        switch kind {
        // Refused wherever the text runs, author SQL included.
        case let .unknownQualifier(qualifier, spelled):
            let fix = if let spelled, spelled != qualifier {
                "write \(SQLForm.quoted(spelled)) in double quotes: an unquoted name is folded to lower case, and the table is named '\(spelled)'"
            } else {
                "qualify a column by the table the text runs on, or write it alone; another table's rows are read through a subquery"
                    + (place.subquery.map { ", which a \($0) cannot hold" } ?? "")
            }
            return ("missing FROM-clause entry for table \"\(qualifier)\"", fix)
        case let .inClause(kind, name, clause):
            return ("\(kind) functions are not allowed in \(clause) (\(name)(...))",
                    kind == "aggregate" ? "compare an aggregate in HAVING, or compute it in a subquery of its own"
                        : "compute the window function in a subquery and filter on its result outside it")
        case let .multiColumnSubquery(count):
            return ("subquery must return only one column (this one returns \(count))",
                    "select one expression in the subquery, or write one subquery per value")
        // Refused in some fields only.
        case _ where place == .statements:
            return nil
        case let .parameter(number):
            return ("there is no parameter $\(number)",
                    "write the value itself: plancc runs the text with no parameters of the author's (in a backfill, $1 and $2 would be plancc's own batch bounds)")
        case .setToDefault:
            return ("DEFAULT is not allowed in this context",
                    "write the default's expression itself (DEFAULT is a value only in INSERT ... VALUES and UPDATE ... SET, in a `sql` change)")
        case .subquery:
            guard let noun = place.subquery else { return nil }
            return ("cannot use subquery in \(noun)",
                    place == .check || place == .indexPredicate
                        ? "a \(noun) sees only its own row: check other rows with a foreign key or a trigger (a `sql` change)"
                        : "compute the value without a subquery, or fill it with a backfill after the change")
        case let .aggregate(name), let .window(name), let .setReturning(name):
            let kind = if case .aggregate = kind { "aggregate" } else if case .window = kind { "window" } else { "set-returning" }
            return ("\(kind) functions are not allowed in \(place.plural) (\(name)(...))",
                    kind == "set-returning" ? "call a function that returns one value" : "work on the row's own values; an aggregate over rows needs a subquery or a trigger")
        case let .systemColumn(name):
            return place.systemColumn(name).map { ($0, "use the table's own columns") }
        }
    }

    private func report(_ error: PostgresParser.SyntaxError, in text: DialectText, _ sql: String, _ key: String, _ form: SQLForm) {
        let (prefix, suffix) = form.wrapper
        // An offset in the wrapper points before or past the author's text: clamp it to the text,
        // its end being the end of its last token ("at end of input").
        let body = Array(sql.utf8)
        var end = body.count
        while end > 0, [0x20, 0x09, 0x0A, 0x0D].contains(body[end - 1]) { end -= 1 }
        let inText = min(max((error.offset ?? 0) - prefix.utf8.count, 0), end)
        if error.tooDeep {
            sink.error(.sqlSyntax,
                       "'\(key)' nests deeper than plancc checks: its parse tree is more than \(PostgresParser.maxDepth) levels deep (about three levels per operator, call or parenthesis)",
                       at: location(ofByte: inText, in: text, sql),
                       fix: "write the text flatter (conditions joined by one AND or OR, IN (...), a CASE), or split it into steps")
            return
        }
        var notes: [Diagnostic.Note] = []
        if form != .statements {
            notes.append(.init("parsed as \(form.shape), the form it runs in"))
        }
        var message = "PostgreSQL cannot parse '\(key)': \(error.message)"
        if let offset = error.offset, offset >= prefix.utf8.count + body.count, !suffix.isEmpty {
            message += " (past the end of the text, in plancc's wrapper: the text ends too early or leaves something open)"
        }
        // The grammar is PostgreSQL 15's: for a newer target the text may be syntax added since
        // (JSON_TABLE, MERGE ... RETURNING): said, not refused; the server parses it when the script runs.
        if let target = spec.targets.postgresql, target > 15 {
            sink.warning(.newerSQLSyntax,
                         "PostgreSQL 15's grammar cannot parse '\(key)' (\(error.message)); the target is PostgreSQL \(target), "
                             + "which may: plancc does not check this text, PostgreSQL \(target) will when the script runs",
                         at: location(ofByte: inText, in: text, sql),
                         fix: "if this is not syntax PostgreSQL 16 to \(target) added, correct it: a typo fails the script on the server")
            return
        }
        sink.error(.sqlSyntax, message, at: location(ofByte: inText, in: text, sql), notes: notes,
                   fix: "correct the SQL; plancc checks it with PostgreSQL 15's parser")
    }

    /// The words of a text that did not parse, as names (unquoted ones folded to lower case);
    /// nil when the scanner cannot read it either.
    static func names(in sql: String) -> [String]? {
        guard let tokens = PostgresParser.scan(sql) else { return nil }
        let bytes = Array(sql.utf8)
        return tokens.compactMap { token -> String? in
            guard !token.isComment, token.start < token.end, token.end <= bytes.count else { return nil }
            let word = bytes[token.start..<token.end]
            if word.first == UInt8(ascii: "\""), word.count >= 2 {
                return String(decoding: word.dropFirst().dropLast(), as: UTF8.self).split(separator: "\"\"", omittingEmptySubsequences: false).joined(separator: "\"")
            }
            guard let first = word.first, first == UInt8(ascii: "_") || (first | 0x20 >= UInt8(ascii: "a") && first | 0x20 <= UInt8(ascii: "z")) || first >= 0x80
            else { return nil }
            return String(decoding: word, as: UTF8.self).lowercased()
        }
    }

    /// The first byte at or after `offset` that is not white space or a comment: a statement
    /// after the first starts, for PostgreSQL, just after the `;` before it.
    static func firstToken(from offset: Int, in sql: String) -> Int {
        let b = Array(sql.utf8)
        var i = max(0, offset)
        while i < b.count {
            if [0x20, 0x09, 0x0A, 0x0D].contains(b[i]) {
                i += 1
            } else if b[i] == UInt8(ascii: "-"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "-") {
                while i < b.count, b[i] != 0x0A { i += 1 }
            } else if b[i] == UInt8(ascii: "/"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "*") {
                i += 2
                while i + 1 < b.count, !(b[i] == UInt8(ascii: "*") && b[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i += 2
            } else {
                return i
            }
        }
        return min(offset, b.count)
    }

    /// Where byte `offset` of the PostgreSQL text is written in the file.
    private func location(ofByte offset: Int, in text: DialectText, _ sql: String) -> SourceLocation {
        guard let origin = text.origin(for: .postgresql) else { return text.location }
        return ScalarSource.location(ofValueByte: offset, value: sql, style: origin.style, start: origin.location, in: file)
    }

    /// `TODO: SQL condition` as `plancc new` writes it: E0209 reports it (PlanccKit's
    /// Placeholders, same rule); it is not SQL yet, so it is not parsed.
    static func isScaffoldPlaceholder(_ text: String) -> Bool {
        guard text.hasPrefix("TODO") else { return false }
        return text.dropFirst(4).first.map { !($0.isLetter || $0.isNumber) } ?? true
    }
}
