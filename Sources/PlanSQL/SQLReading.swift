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
        }
        public var kind: Kind
        public var offset: Int
    }

    public var columns: [Column] = []
    public var constructs: [Construct] = []
    /// The byte offsets of the `--` comments of the text: such a comment runs to the end of
    /// its line, so pasted into a statement of plancc's it would swallow the rest of the line.
    public var lineComments: [Int] = []
    /// The text holds nothing but white space and comments.
    public var isEmpty = false
    public var tables: [Table] = []
    public var functions: [Function] = []
    public var misfit: Misfit?
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
