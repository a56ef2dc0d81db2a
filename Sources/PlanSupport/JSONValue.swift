/// A JSON value whose objects keep their keys in the order they were built,
/// so that every document plancc writes is byte-for-byte deterministic.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case number(String)  // already a valid JSON number text, e.g. a decimal literal
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// Builds an object, dropping keys whose value is nil.
    public static func object(_ pairs: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    /// Pretty text with two-space indentation and a final newline.
    public func rendered(pretty: Bool = true) -> String {
        var out = ""
        write(into: &out, indent: pretty ? 0 : nil)
        if pretty { out += "\n" }
        return out
    }

    private func write(into out: inout String, indent: Int?) {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .int(i): out += String(i)
        case let .number(text): out += text
        case let .string(s): JSONValue.writeString(s, into: &out)
        case let .array(items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                JSONValue.newline(&out, indent.map { $0 + 1 })
                item.write(into: &out, indent: indent.map { $0 + 1 })
            }
            JSONValue.newline(&out, indent)
            out += "]"
        case let .object(pairs):
            guard !pairs.isEmpty else { out += "{}"; return }
            out += "{"
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out += "," }
                JSONValue.newline(&out, indent.map { $0 + 1 })
                JSONValue.writeString(key, into: &out)
                out += indent == nil ? ":" : ": "
                value.write(into: &out, indent: indent.map { $0 + 1 })
            }
            JSONValue.newline(&out, indent)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: Int?) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<indent { out += "  " }
    }

    /// JSON string escaping (RFC 8259); also escapes U+2028/2029 so the text is valid JavaScript.
    /// Runs of bytes that need no escape are appended whole.
    public static func writeString(_ s: String, into out: inout String) {
        out += "\""
        let bytes = s.utf8
        var runStart = bytes.startIndex
        var i = runStart
        while i != bytes.endIndex {
            let byte = bytes[i]
            let escape: String?
            switch byte {
            case UInt8(ascii: "\""): escape = "\\\""
            case UInt8(ascii: "\\"): escape = "\\\\"
            case UInt8(ascii: "\n"): escape = "\\n"
            case UInt8(ascii: "\r"): escape = "\\r"
            case UInt8(ascii: "\t"): escape = "\\t"
            case 0x00..<0x20, 0x7F: escape = "\\u" + hex4(UInt32(byte))
            case 0xE2:
                // U+2028 and U+2029 are E2 80 A8 / E2 80 A9.
                let next = bytes.index(after: i)
                if next != bytes.endIndex, bytes[next] == 0x80, bytes.index(after: next) != bytes.endIndex,
                   case let last = bytes[bytes.index(after: next)], last == 0xA8 || last == 0xA9 {
                    out += Substring(bytes[runStart..<i])
                    out += last == 0xA8 ? "\\u2028" : "\\u2029"
                    i = bytes.index(i, offsetBy: 3)
                    runStart = i
                    continue
                }
                escape = nil
            default: escape = nil
            }
            if let escape {
                out += Substring(bytes[runStart..<i])
                out += escape
                runStart = bytes.index(after: i)
            }
            i = bytes.index(after: i)
        }
        out += Substring(bytes[runStart..<bytes.endIndex])
        out += "\""
    }

    public static func quoted(_ s: String) -> String {
        var out = ""
        writeString(s, into: &out)
        return out
    }

    private static func hex4(_ v: UInt32) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
