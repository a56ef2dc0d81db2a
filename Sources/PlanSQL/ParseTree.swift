/// A node of libpg_query's JSON parse tree: `{"ColumnRef": {"fields": [...], "location": 7}}`.
///
/// Read by a small reader of its own over the C string's bytes, straight from libpg_query's
/// buffer: the tree is plain JSON (no floats but as strings, ASCII escapes), and its objects
/// are small, so keys are kept in order and looked up by a scan.
public indirect enum ParseTree: Sendable, Equatable {
    case object([(key: String, value: ParseTree)])
    case array([ParseTree])
    case string(String)
    case number(Int)
    case bool(Bool)
    case null

    public static func == (a: ParseTree, b: ParseTree) -> Bool {
        switch (a, b) {
        case let (.object(x), .object(y)): x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.array(x), .array(y)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.number(x), .number(y)): x == y
        case let (.bool(x), .bool(y)): x == y
        case (.null, .null): true
        default: false
        }
    }

    public subscript(key: String) -> ParseTree? {
        guard case let .object(pairs) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    public var items: [ParseTree] {
        if case let .array(items) = self { return items }
        return []
    }

    public var string: String? {
        if case let .string(text) = self { return text }
        return nil
    }

    public var number: Int? {
        if case let .number(value) = self { return value }
        return nil
    }

    /// A node of one kind, `{"Kind": {...}}`: its kind and body.
    public var node: (kind: String, body: ParseTree)? {
        guard case let .object(pairs) = self, pairs.count == 1, case .object = pairs[0].value else { return nil }
        return (pairs[0].key, pairs[0].value)
    }

    /// A list of `{"String": {"sval": "x"}}` nodes (names, qualified names) as their strings;
    /// nil when one of them is something else (`A_Star`).
    public var names: [String]? {
        var names: [String] = []
        for item in items {
            guard let (kind, body) = item.node, kind == "String" else { return nil }
            names.append(body["sval"]?.string ?? "")
        }
        return names
    }

    /// Reads JSON text; nil when it is not JSON (never for libpg_query's output).
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> ParseTree? {
        var reader = Reader(bytes: bytes)
        guard let tree = reader.value() else { return nil }
        reader.skipSpace()
        return reader.at == bytes.count ? tree : nil
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        mutating func skipSpace() {
            while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
        }

        mutating func value() -> ParseTree? {
            skipSpace()
            guard at < bytes.count else { return nil }
            switch bytes[at] {
            case UInt8(ascii: "{"):
                at += 1
                var pairs: [(key: String, value: ParseTree)] = []
                skipSpace()
                if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(pairs) }
                while true {
                    skipSpace()
                    guard let key = string() else { return nil }
                    skipSpace()
                    guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { return nil }
                    at += 1
                    guard let item = value() else { return nil }
                    pairs.append((key, item))
                    skipSpace()
                    guard at < bytes.count else { return nil }
                    if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                    if bytes[at] == UInt8(ascii: "}") { at += 1; return .object(pairs) }
                    return nil
                }
            case UInt8(ascii: "["):
                at += 1
                var items: [ParseTree] = []
                skipSpace()
                if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
                while true {
                    guard let item = value() else { return nil }
                    items.append(item)
                    skipSpace()
                    guard at < bytes.count else { return nil }
                    if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                    if bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
                    return nil
                }
            case UInt8(ascii: "\""):
                return string().map(ParseTree.string)
            case UInt8(ascii: "t"): return word("true", .bool(true))
            case UInt8(ascii: "f"): return word("false", .bool(false))
            case UInt8(ascii: "n"): return word("null", .null)
            default:
                return number()
            }
        }

        mutating func word(_ text: StaticString, _ value: ParseTree) -> ParseTree? {
            let n = text.utf8CodeUnitCount
            guard at + n <= bytes.count else { return nil }
            for k in 0..<n where bytes[at + k] != text.utf8Start[k] { return nil }
            at += n
            return value
        }

        mutating func number() -> ParseTree? {
            let start = at
            if at < bytes.count, bytes[at] == UInt8(ascii: "-") { at += 1 }
            while at < bytes.count, (0x30...0x39).contains(bytes[at]) || [0x2E, 0x65, 0x45, 0x2B, 0x2D].contains(bytes[at]) { at += 1 }
            guard at > start else { return nil }
            // Numbers are integers (locations, lengths); another number reads as 0.
            return .number(Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)) ?? 0)
        }

        mutating func string() -> String? {
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { return nil }
            at += 1
            let start = at
            // The common case: no escapes, the bytes are the string's UTF-8.
            while at < bytes.count, bytes[at] != UInt8(ascii: "\""), bytes[at] != UInt8(ascii: "\\") { at += 1 }
            guard at < bytes.count else { return nil }
            if bytes[at] == UInt8(ascii: "\"") {
                defer { at += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
            }
            var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<at]))
            while at < bytes.count {
                let b = bytes[at]
                if b == UInt8(ascii: "\"") { at += 1; return String(decoding: out, as: UTF8.self) }
                guard b == UInt8(ascii: "\\") else { out.append(b); at += 1; continue }
                guard at + 1 < bytes.count else { return nil }
                let e = bytes[at + 1]
                at += 2
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard at + 4 <= bytes.count,
                          var code = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[at..<(at + 4)]), as: UTF8.self), radix: 16)
                    else { return nil }
                    at += 4
                    // A surrogate pair: \uD83D\uDE00.
                    if (0xD800..<0xDC00).contains(code), at + 6 <= bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u"),
                       let low = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[(at + 2)..<(at + 6)]), as: UTF8.self), radix: 16),
                       (0xDC00..<0xE000).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        at += 6
                    }
                    out.append(contentsOf: Array(String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}").utf8))
                default: out.append(e)
                }
            }
            return nil
        }
    }
}
