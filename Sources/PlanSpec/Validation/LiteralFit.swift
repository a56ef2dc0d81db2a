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
            return s.count > n ? "'\(s)' is \(s.count) characters, longer than \(n)" : nil
        case (.string, .text), (.string, .json), (.string, .bytes):
            return nil
        case let (.string(s), .uuid):
            return isUUID(s) ? nil : "'\(s)' is not a UUID"
        case let (.string(s), .date):
            return isDate(s) ? nil : "'\(s)' is not a date (YYYY-MM-DD)"
        case let (.string(s), .timestamp), let (.string(s), .timestamptz):
            return s.count >= 10 && isDate(String(s.prefix(10))) ? nil : "'\(s)' is not a timestamp (YYYY-MM-DD hh:mm:ss)"
        case let (.string(s), .time):
            return s.count >= 5 && s.dropFirst(2).first == ":" ? nil : "'\(s)' is not a time (hh:mm:ss)"
        default:
            return "\(describe(literal)) is not a \(type)"
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

    static func isDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.map(\.count) == [4, 2, 2], let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}

private extension String {
    func trimmingSign() -> Substring { hasPrefix("-") || hasPrefix("+") ? dropFirst() : Substring(self) }
}
