import PlanSupport


/// Whether a literal can be stored in a column of a portable type, without truncation or casts.
enum LiteralFit {
    static func problem(_ literal: Literal, _ type: PortableType) -> String? {
        switch (literal, type) {
        case (.null, _):
            return nil
        case let (.integer(v), _) where type.isInteger:
            return type.integerRange!.contains(v) ? nil : "\(v) is out of range"
        case let (.integer(v), .decimal(p, s)):
            return String(v.magnitude).count > p - s ? "\(v) has more than \(p - s) integer digits" : nil
        case let (.decimal(text), .decimal(p, s)):
            let parts = text.trimmingSign().split(separator: ".", omittingEmptySubsequences: false)
            if text.contains("e") || text.contains("E") { return "'\(text)' must be written without an exponent" }
            let whole = parts.first.map { $0.drop { $0 == "0" }.count } ?? 0
            let fraction = parts.count > 1 ? parts[1].count : 0
            if whole > p - s { return "\(text) has more than \(p - s) integer digits" }
            if fraction > s { return "\(text) has more than \(s) decimal places" }
            return nil
        case (.integer, .real), (.integer, .double), (.decimal, .real), (.decimal, .double):
            return nil
        case (.bool, .boolean):
            return nil
        case let (.string(s), .varchar(n)), let (.string(s), .char(n)):
            // Both engines count code points, not the grapheme clusters of String.count.
            let length = s.unicodeScalars.count
            return length > n ? "'\(s)' is \(length) characters, longer than \(n)" : nil
        case (.string, .text), (.string, .json), (.string, .bytes):
            return nil
        case let (.string(s), .uuid):
            return isUUID(s) ? nil : "'\(s)' is not a UUID"
        case let (.string(s), .date):
            return isDate(Substring(s)) ? nil : "'\(s)' is not a date (YYYY-MM-DD)"
        case let (.string(s), .timestamp):
            return isTimestamp(Substring(s), zoned: false) ? nil : "'\(s)' is not a timestamp without time zone (YYYY-MM-DD hh:mm:ss)"
        case let (.string(s), .timestamptz):
            return isTimestamp(Substring(s), zoned: true) ? nil : "'\(s)' is not a timestamp (YYYY-MM-DD hh:mm:ss, optional zone such as Z or +02:00)"
        case let (.string(s), .time):
            return isTime(Substring(s)) ? nil : "'\(s)' is not a time (hh:mm:ss)"
        default:
            return "\(describe(literal)) is the wrong kind of value"
        }
    }

    private static func describe(_ literal: Literal) -> String {
        switch literal {
        case .null: "null"
        case let .bool(b): "boolean \(b)"
        case let .integer(i): "integer \(i)"
        case let .decimal(d): "number \(d)"
        case let .string(s): "string '\(s)'"
        }
    }

    static func isUUID(_ s: String) -> Bool {
        let groups = s.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    /// `YYYY-MM-DD`, a day that exists in that month.
    static func isDate(_ s: Substring) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.map(\.count) == [4, 2, 2], parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month) else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// `hh:mm`, `hh:mm:ss` or `hh:mm:ss.ffffff`.
    static func isTime(_ s: Substring) -> Bool {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count) else { return false }
        let seconds = parts.count == 3 ? parts[2].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false) : ["00"]
        let fields = [parts[0], parts[1], seconds[0]]
        guard fields.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }),
              seconds.count == 1 || (1...6).contains(seconds[1].count) && seconds[1].allSatisfy(\.isASCIIDigit) else { return false }
        return Int(fields[0])! < 24 && Int(fields[1])! < 60 && Int(fields[2])! < 60
    }

    /// A date, optionally followed by `T` or a space and a time; a zone (`Z`, `+02`, `-05:30`)
    /// only when `zoned`, since a timestamp without time zone would silently drop it.
    static func isTimestamp(_ s: Substring, zoned: Bool) -> Bool {
        guard s.count >= 10, isDate(s.prefix(10)) else { return false }
        var rest = s.dropFirst(10)
        if rest.isEmpty { return true }
        guard rest.first == "T" || rest.first == " " else { return false }
        rest = rest.dropFirst()
        if zoned {
            if rest.hasSuffix("Z") {
                rest = rest.dropLast()
            } else if let sign = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
                let zone = rest[rest.index(after: sign)...]
                guard zone.count == 2 || zone.count == 5 && isTime(zone) else { return false }
                if zone.count == 2 { guard zone.allSatisfy(\.isASCIIDigit), Int(zone)! <= 14 else { return false } }
                rest = rest[..<sign]
            }
        }
        return isTime(rest)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

private extension String {
    func trimmingSign() -> Substring { hasPrefix("-") || hasPrefix("+") ? dropFirst() : Substring(self) }
}
