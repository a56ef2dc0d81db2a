import PlanDiagnostics

/// A YAML node with the place it came from. Mapping pairs keep their source order.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(Scalar)
        case sequence([YAMLNode])
        case mapping([Pair])
    }

    public struct Pair: Sendable {
        public var key: YAMLNode
        public var value: YAMLNode
    }

    public var content: Content
    public var location: SourceLocation

    public init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
    }

    public var scalar: Scalar? { if case let .scalar(s) = content { s } else { nil } }
    public var sequence: [YAMLNode]? { if case let .sequence(s) = content { s } else { nil } }
    public var mapping: [Pair]? { if case let .mapping(m) = content { m } else { nil } }

    /// What this node is, in words for diagnostics: "a string", "a list", "a mapping".
    public var kindDescription: String {
        switch content {
        case let .scalar(s): s.value.kindDescription
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

/// A scalar's text, how it was written, and its value under the YAML 1.2 core schema.
public struct Scalar: Sendable, Equatable {
    public enum Style: String, Sendable { case plain, singleQuoted, doubleQuoted, literal, folded }

    public var text: String
    public var style: Style
    public var value: ScalarValue

    /// An empty or `null`/`~` scalar written without quotes.
    public var isPlainNull: Bool { style == .plain && value == .null }

    /// `tag` is the resolved tag libyaml reports; `!!str` and the non-specific `!` make a string.
    public init(text: String, style: Style, tag: String? = nil) {
        self.text = text
        self.style = style
        let isString = tag == "tag:yaml.org,2002:str" || tag == "!" || style != .plain
        self.value = isString ? .string(text) : ScalarValue.resolve(plain: text)
    }
}

/// The YAML 1.2 core schema: only `true`/`false` are booleans (`yes`, `no`, `on` and `off`
/// stay strings, unlike YAML 1.1), `null`/`~`/empty are null, and numbers are decimal,
/// `0o` octal or `0x` hex integers, or floats.
public enum ScalarValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    /// A float or an integer too large for Int64, kept as written.
    case float(String)
    case string(String)

    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .float: "a number"
        case .string: "a string"
        }
    }

    public static func resolve(plain text: String) -> ScalarValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
             ".nan", ".NaN", ".NAN":
            return .float(text)
        default: break
        }
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
                || first == UInt8(ascii: ".") || (first >= 0x30 && first <= 0x39) else { return .string(text) }
        if let radix = radixInteger(text) { return radix }
        if isDecimalInteger(bytes) {
            if let v = Int64(text.hasPrefix("+") ? String(text.dropFirst()) : text) { return .int(v) }
            return .float(text)
        }
        if isFloat(bytes) { return .float(text) }
        return .string(text)
    }

    /// `0x` hex or `0o` octal digits, unsigned; too large for Int64 is a number kept as written.
    private static func radixInteger(_ text: String) -> ScalarValue? {
        let radix: Int
        if text.hasPrefix("0x") { radix = 16 } else if text.hasPrefix("0o") { radix = 8 } else { return nil }
        let digits = text.dropFirst(2)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.hexDigitValue.map { $0 < radix } == true }) else { return nil }
        return Int64(digits, radix: radix).map(ScalarValue.int) ?? .float(text)
    }

    private static func isDecimalInteger(_ b: [UInt8]) -> Bool {
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
        guard i < b.count else { return false }
        return b[i...].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
    private static func isFloat(_ b: [UInt8]) -> Bool {
        var i = 0
        func digits() -> Int {
            let start = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            return i - start
        }
        if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
        let whole = digits()
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            let fraction = digits()
            if whole == 0 && fraction == 0 { return false }
        } else if whole == 0 {
            return false
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
            if digits() == 0 { return false }
        }
        return i == b.count
    }
}
