import CPgQuery
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// PostgreSQL's own parser (libpg_query, the raw parser of PostgreSQL 15), wrapped once.
///
/// It parses only: no catalog, no database, no name is looked up. A text that parses is
/// PostgreSQL syntax; whether its tables and columns exist is another question.
public enum PostgresParser {
    /// A parse that succeeded: the statements' tree as libpg_query's JSON.
    public struct Tree: Sendable, Equatable {
        public var json: String
    }

    /// A parse that failed: PostgreSQL's message and where in the text it stopped.
    public struct SyntaxError: Error, Sendable, Equatable {
        /// `syntax error at or near "FROM"`, `unterminated quoted string at or near "'abc"`.
        public var message: String
        /// The UTF-8 byte offset into the parsed text (0-based) the error points at; the
        /// text's length for "at end of input". Nil when PostgreSQL gives no position.
        public var offset: Int?
    }

    /// Parses `sql` as a sequence of statements.
    public static func parse(_ sql: String) -> Result<Tree, SyntaxError> {
        parsed(sql) { Tree(json: String(cString: $0)) }
    }

    /// Parses `sql` into its tree: `{"version": ..., "stmts": [{"stmt": {...}, ...}]}`.
    public static func tree(_ sql: String) -> Result<ParseTree, SyntaxError> {
        parsed(sql) { json in
            let length = strlen(json)
            return json.withMemoryRebound(to: UInt8.self, capacity: length) {
                ParseTree.read(UnsafeBufferPointer(start: $0, count: length)) ?? .null
            }
        }
    }

    private static func parsed<T>(_ sql: String, _ read: (UnsafePointer<CChar>) -> T) -> Result<T, SyntaxError> {
        let result = pg_query_parse(sql)
        defer { pg_query_free_parse_result(result) }
        if let error = result.error {
            let message = error.pointee.message.map { String(cString: $0) } ?? "syntax error"
            let cursor = Int(error.pointee.cursorpos)
            return .failure(SyntaxError(message: message, offset: cursor > 0 ? byteOffset(ofCharacter: cursor - 1, in: sql) : nil))
        }
        guard let json = result.parse_tree else { return .failure(SyntaxError(message: "no parse tree", offset: nil)) }
        return .success(read(UnsafePointer(json)))
    }

    /// Whether `sql` parses, without reading the tree.
    public static func syntaxError(in sql: String) -> SyntaxError? {
        if case let .failure(error) = parsed(sql, { _ in () }) { return error }
        return nil
    }

    /// Whether a PL/pgSQL block (the body of a `DO` or of a function) parses, the SQL of its
    /// statements and expressions included: the SQL parser keeps such a body as a string.
    /// The offset is nil: libpg_query gives no position inside a PL/pgSQL body.
    public static func syntaxError(inPLpgSQLBody body: String) -> SyntaxError? {
        let tag = "$plancc_plpgsql$"
        guard !body.contains(tag) else { return SyntaxError(message: "the body holds \(tag)", offset: nil) }
        let result = pg_query_parse_plpgsql("CREATE FUNCTION plancc_check() RETURNS void LANGUAGE plpgsql AS \(tag)\(body)\(tag)")
        defer { pg_query_free_plpgsql_parse_result(result) }
        guard let error = result.error else { return nil }
        return SyntaxError(message: error.pointee.message.map { String(cString: $0) } ?? "syntax error", offset: nil)
    }

    /// libpg_query's cursor counts characters (code points, the database encoding being
    /// UTF-8) from 1; the offset counts bytes from 0.
    static func byteOffset(ofCharacter index: Int, in text: String) -> Int {
        var bytes = 0, characters = 0
        for scalar in text.unicodeScalars {
            if characters == index { return bytes }
            bytes += UTF8.width(scalar)
            characters += 1
        }
        return bytes
    }
}
