import PlanDiagnostics

/// A column type: one of the portable types, or spelled out per dialect.
public struct ColumnType: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case portable(PortableType)
        case perDialect([Dialect: String])
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    public var portable: PortableType? { if case let .portable(p) = kind { p } else { nil } }

    /// The per-dialect spelling, when the spec gave one.
    public func spelled(for dialect: Dialect) -> String? {
        if case let .perDialect(map) = kind { map[dialect] } else { nil }
    }

    /// Text for CHANGE.md and messages.
    public var description: String {
        switch kind {
        case let .portable(p): p.description
        case let .perDialect(map): map.sorted { $0.key < $1.key }.map { "\($0.key.rawValue): \($0.value)" }.joined(separator: ", ")
        }
    }
}

/// The portable types of format 1.
public enum PortableType: Sendable, Hashable, CustomStringConvertible {
    case text
    case varchar(Int)
    case char(Int)
    case smallint, integer, bigint
    case boolean
    case decimal(precision: Int, scale: Int)
    case real, double
    case date, time, timestamp, timestamptz
    case uuid, json, bytes

    public static let names = [
        "text", "varchar", "char", "smallint", "integer", "bigint", "boolean", "decimal", "real",
        "double", "date", "time", "timestamp", "timestamptz", "uuid", "json", "bytes",
    ]

    public var description: String {
        switch self {
        case .text: "text"
        case let .varchar(n): "varchar(\(n))"
        case let .char(n): "char(\(n))"
        case .smallint: "smallint"
        case .integer: "integer"
        case .bigint: "bigint"
        case .boolean: "boolean"
        case let .decimal(p, s): "decimal(\(p),\(s))"
        case .real: "real"
        case .double: "double"
        case .date: "date"
        case .time: "time"
        case .timestamp: "timestamp"
        case .timestamptz: "timestamptz"
        case .uuid: "uuid"
        case .json: "json"
        case .bytes: "bytes"
        }
    }

    public var isInteger: Bool { self == .smallint || self == .integer || self == .bigint }
    public var isText: Bool {
        switch self { case .text, .varchar, .char: true; default: false }
    }

    /// The integer range a value must fit, for integer types.
    public var integerRange: ClosedRange<Int64>? {
        switch self {
        case .smallint: Int64(Int16.min)...Int64(Int16.max)
        case .integer: Int64(Int32.min)...Int64(Int32.max)
        case .bigint: Int64.min...Int64.max
        default: nil
        }
    }
}
