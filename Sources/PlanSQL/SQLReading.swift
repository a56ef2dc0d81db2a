/// What a text of a spec names, read from its parse tree: the columns, tables and functions,
/// each at its byte offset in the author's text (the wrapper's own names left out).
public struct SQLReading: Sendable {
    /// A column named in the text.
    public struct Column: Sendable, Equatable {
        public var name: String
        public var offset: Int
        /// The tables it can be a column of, innermost scope first: the qualifier's table, or
        /// every table in scope for a bare name. Nil when the text does not tell (a qualifier
        /// that is no table in scope, such as `excluded`; a subquery, function or join alias in
        /// scope whose columns are not a table's). Empty: no table is in scope (a default).
        public var tables: [String]?
    }

    /// A table named in a FROM (of a subquery, or of author SQL), without a schema or in `public`.
    public struct Table: Sendable, Equatable {
        public var name: String
        public var offset: Int
    }

    /// A function called, `name(...)`; `schema` when written qualified.
    public struct Function: Sendable, Equatable {
        public var schema: String?
        public var name: String
        public var offset: Int
    }

    /// The text is not what its field takes: a second statement, or a clause of its own.
    public struct Misfit: Sendable, Equatable {
        public var message: String
        public var offset: Int
        /// The name a text gives its result (`x AS y`, or a trailing `AND` read as one).
        public var label: String?
    }

    /// A construct PostgreSQL allows in a query but refuses in some fields (a check, an index
    /// predicate, a default, a `using`, an UPDATE): a subquery anywhere, and calls of aggregate,
    /// window and set-returning functions outside a subquery.
    public struct Construct: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            case subquery
            case aggregate(String)
            case window(String)
            case setReturning(String)
            /// ctid, xmin, xmax, cmin, cmax, tableoid of the table the text runs on.
            case systemColumn(String)
            /// `q.column` where no FROM item in scope is called q (PostgreSQL: missing FROM-clause
            /// entry for table "q"); `spelled` is the item whose name differs only in case.
            case unknownQualifier(String, spelled: String?)
            /// An aggregate or window call in a subquery's own WHERE or JOIN condition, or in
            /// author SQL's (`clause`: "WHERE", "JOIN conditions"); refused wherever it is.
            case inClause(kind: String, name: String, clause: String)
            /// A scalar or ARRAY subquery whose SELECT list has more than one expression.
            case multiColumnSubquery(Int)
            /// `$n`: a parameter, which no field but a prepared statement has (PostgreSQL: there
            /// is no parameter $n). In a backfill it would be bound to plancc's own batch bounds.
            case parameter(Int)
            /// `DEFAULT` as a value: only INSERT's VALUES and UPDATE's SET take it.
            case setToDefault
        }
        public var kind: Kind
        public var offset: Int
    }

    public var columns: [Column] = []
    /// In a predicate: a column of the table used where the column's type decides whether the
    /// call is IMMUTABLE (`ts::date`, `to_char(ts, ...)`, `ts + interval ...`, `ts > d`): an
    /// index predicate takes only IMMUTABLE calls, and the history knows the column's type.
    public struct TypedUse: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// `column::type` (the type's last name, lower case).
            case cast(String)
            /// An argument of this built-in.
            case argument(String)
            /// `column + x` or `column - x`.
            case arithmetic(String)
            /// Compared with another column of the table: `column < other`.
            case compared(String)
        }
        public var column: String
        public var kind: Kind
        public var offset: Int
    }
    public var typedUses: [TypedUse] = []
    /// The name a `*` (or `t.*`) of a target list is handed on by, with the tables it expands to:
    /// no column is called this (a quoted `"*"` is not read as one).
    public static let star = "*"
    public var constructs: [Construct] = []
    /// The byte offsets of the `--` comments of the text: such a comment runs to the end of
    /// its line, so pasted into a statement of plancc's it would swallow the rest of the line.
    public var lineComments: [Int] = []
    /// The text holds nothing but white space and comments.
    public var isEmpty = false
    public var tables: [Table] = []
    public var functions: [Function] = []
    public var misfit: Misfit?
    /// Columns (indexes into `columns`) the tree gives no position of (an index element's name):
    /// placed by the scanner, at the first token after their offset that spells them.
    var unplaced: [Int] = []
    /// For author SQL: each statement's tree (`{"CreateStmt": {...}}`) and its offset.
    public var statements: [(tree: ParseTree, offset: Int)] = []
}

extension PostgresParser {
    /// Parses `text` in `form` and reads what it names. A syntax error's offset is in the
    /// wrapped text, as `parse` gives it.
    public static func read(_ text: String, as form: SQLForm) -> Result<SQLReading, SyntaxError> {
        let (prefix, suffix) = form.wrapper
        switch tree(prefix + text + suffix) {
        case let .failure(error): return .failure(error)
        case let .success(tree):
            var reader = SQLReader(form: form, start: prefix.utf8.count, length: text.utf8.count)
            var reading = reader.read(tree)
            refineMisfit(&reading, text, form)
            if !reading.unplaced.isEmpty { place(&reading, text) }
            // Comments are read only where there may be one: the scan is a second pass.
            if text.utf8.contains(UInt8(ascii: "-")) || text.utf8.contains(UInt8(ascii: "/")) || text.allSatisfy(\.isWhitespace),
               let tokens = scan(text) {
                reading.lineComments = tokens.filter { $0.kind == Token.lineComment }.map(\.start)
                reading.isEmpty = tokens.allSatisfy(\.isComment)
            }
            return .success(reading)
        }
    }
}

extension PostgresParser {
    /// What the tree alone cannot tell: a text that names its result is pointed at the name (the
    /// last token; a trailing `AND` / `OR` is an unfinished condition), and an expression that
    /// starts with `ALL` is read by PostgreSQL as `SELECT ALL` (the opposite of DISTINCT), not as
    /// part of the expression.
    static func refineMisfit(_ reading: inout SQLReading, _ text: String, _ form: SQLForm) {
        guard form == .defaultValue || { if case .expression = form { true } else { false } }() else { return }
        let bytes = Array(text.utf8)
        if let label = reading.misfit?.label {
            guard let tokens = scan(text), let last = tokens.last(where: { !$0.isComment }), last.end <= bytes.count else { return }
            reading.misfit?.offset = last.start
            let word = String(decoding: bytes[last.start..<last.end], as: UTF8.self)
            if ["and", "or", "not"].contains(label), word.lowercased() == label {
                reading.misfit?.message = "ends with \(word.uppercased()), which leaves the expression unfinished (PostgreSQL reads a word after a finished expression as its name); it must be \(form.noun)"
            }
            return
        }
        guard reading.misfit == nil, bytes.count >= 3, String(decoding: bytes.prefix(3), as: UTF8.self).lowercased() == "all",
              let tokens = scan(text), let first = tokens.first(where: { !$0.isComment }), first.end - first.start == 3,
              String(decoding: bytes[first.start..<first.end], as: UTF8.self).lowercased() == "all" else { return }
        reading.misfit = .init(message: "starts with ALL, which PostgreSQL reads as SELECT ALL (the opposite of DISTINCT), not as part of an expression (= ALL needs a parenthesised array or subquery: x = ALL (ARRAY[...])); it must be \(form.noun)",
                               offset: first.start)
    }
}

extension PostgresParser {
    /// Moves each unplaced column to the first token at or after its offset that spells its name
    /// (quoted as written, or unquoted and folded to lower case); left where it is when none does.
    static func place(_ reading: inout SQLReading, _ text: String) {
        guard let tokens = scan(text) else { return }
        let bytes = Array(text.utf8)
        func spelling(_ token: Token) -> String? {
            guard !token.isComment, token.start < token.end, token.end <= bytes.count else { return nil }
            let word = bytes[token.start..<token.end]
            if word.first == UInt8(ascii: "\""), word.count >= 2 {
                return String(decoding: word.dropFirst().dropLast(), as: UTF8.self).split(separator: "\"\"", omittingEmptySubsequences: false).joined(separator: "\"")
            }
            return String(decoding: word, as: UTF8.self).lowercased()
        }
        var next = 0
        for index in reading.unplaced {
            let column = reading.columns[index]
            while next < tokens.count, tokens[next].start <= column.offset { next += 1 }
            guard let found = tokens[next...].firstIndex(where: { spelling($0) == column.name }) else { continue }
            reading.columns[index].offset = tokens[found].start
            next = found + 1
        }
    }
}
