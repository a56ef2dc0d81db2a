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
        /// The text parses, but its tree nests deeper than `maxDepth`: plancc does not read it.
        public var tooDeep = false

        public init(message: String, offset: Int?, tooDeep: Bool = false) {
            self.message = message; self.offset = offset; self.tooDeep = tooDeep
        }
    }

    /// How deep a parse tree's JSON (objects and arrays) may nest for plancc to read it: its
    /// readers recurse, and a text PostgreSQL accepts (2,000 × `NOT`) would overflow the stack.
    /// An expression takes about three levels per operator: 500 is far past any real text.
    public static let maxDepth = 500

    /// Parses `sql` as a sequence of statements.
    public static func parse(_ sql: String) -> Result<Tree, SyntaxError> {
        parsed(sql) { Tree(json: String(cString: $0)) }
    }

    /// Parses `sql` into its tree: `{"version": ..., "stmts": [{"stmt": {...}, ...}]}`.
    public static func tree(_ sql: String) -> Result<ParseTree, SyntaxError> {
        let read: Result<Result<ParseTree, SyntaxError>, SyntaxError> = parsed(sql) { json in
            let length = strlen(json)
            return json.withMemoryRebound(to: UInt8.self, capacity: length) {
                let bytes = UnsafeBufferPointer(start: $0, count: length)
                if let deep = tooDeep(bytes) { return .failure(deep) }
                return .success(ParseTree.read(bytes) ?? .null)
            }
        }
        return read.flatMap { $0 }
    }

    /// Whether the JSON nests deeper than `maxDepth`, scanned without recursion; the error is
    /// at the first node's location past that depth.
    static func tooDeep(_ bytes: UnsafeBufferPointer<UInt8>) -> SyntaxError? {
        var depth = 0, at = 0, inString = false
        while at < bytes.count {
            let b = bytes[at]
            if inString {
                if b == UInt8(ascii: "\\") { at += 1 } else if b == UInt8(ascii: "\"") { inString = false }
            } else if b == UInt8(ascii: "\"") {
                inString = true
            } else if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                depth += 1
                if depth > maxDepth { return SyntaxError(message: "nests deeper than plancc reads", offset: location(after: at, in: bytes), tooDeep: true) }
            } else if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                depth -= 1
            }
            at += 1
        }
        return nil
    }

    /// The value of the first `"location":` key at or after byte `start`.
    private static func location(after start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let key = Array("\"location\":".utf8)
        var at = start
        while at + key.count < bytes.count {
            if bytes[at] == key[0], Array(bytes[at..<(at + key.count)]) == key {
                var i = at + key.count, value = 0
                while i < bytes.count, (0x30...0x39).contains(bytes[i]) { value = value * 10 + Int(bytes[i] - 0x30); i += 1 }
                return i > at + key.count ? value : nil
            }
            at += 1
        }
        return nil
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

    /// A token of PostgreSQL's scanner: bytes `start ..< end` of the text, and its kind.
    public struct Token: Sendable, Equatable {
        public var start: Int
        public var end: Int
        /// libpg_query's `Token` enum: 275 is a `--` comment, 276 a `/* */` one.
        public var kind: Int
        public var isComment: Bool { kind == Self.lineComment || kind == Self.blockComment }
        public static let lineComment = 275
        public static let blockComment = 276
    }

    /// The tokens of `sql` as PostgreSQL's scanner reads them, comments included; nil when it
    /// cannot (an unterminated quote or comment, which the parse reports).
    public static func scan(_ sql: String) -> [Token]? {
        let result = pg_query_scan(sql)
        defer { pg_query_free_scan_result(result) }
        guard result.error == nil, let data = result.pbuf.data else { return nil }
        return data.withMemoryRebound(to: UInt8.self, capacity: result.pbuf.len) {
            Self.tokens(UnsafeBufferPointer(start: $0, count: result.pbuf.len))
        }
    }

    /// Reads libpg_query's `ScanResult` protobuf: field 2 holds each `ScanToken` (start = 1,
    /// end = 2, token = 4, all varints).
    static func tokens(_ bytes: UnsafeBufferPointer<UInt8>) -> [Token]? {
        var at = 0
        func varint(_ end: Int) -> Int? {
            var value = 0, shift = 0
            while at < end {
                let byte = bytes[at]
                at += 1
                value |= Int(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
                if shift > 63 { return nil }
            }
            return nil
        }
        func skip(_ wire: Int, _ end: Int) -> Bool {
            switch wire {
            case 0: return varint(end) != nil
            case 1: at += 8
            case 2: guard let length = varint(end) else { return false }; at += length
            case 5: at += 4
            default: return false
            }
            return at <= end
        }
        var tokens: [Token] = []
        while at < bytes.count {
            guard let key = varint(bytes.count) else { return nil }
            guard key >> 3 == 2, key & 7 == 2 else {
                guard skip(key & 7, bytes.count) else { return nil }
                continue
            }
            guard let length = varint(bytes.count), at + length <= bytes.count else { return nil }
            let end = at + length
            var token = Token(start: 0, end: 0, kind: 0)
            while at < end {
                guard let field = varint(end) else { return nil }
                if field & 7 == 0, [1, 2, 4].contains(field >> 3) {
                    guard let value = varint(end) else { return nil }
                    switch field >> 3 {
                    case 1: token.start = value
                    case 2: token.end = value
                    default: token.kind = value
                    }
                } else if !skip(field & 7, end) {
                    return nil
                }
            }
            tokens.append(token)
        }
        return tokens
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
