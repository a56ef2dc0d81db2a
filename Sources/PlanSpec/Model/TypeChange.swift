import PlanSpec

/// What a type change does to stored values and, per dialect, to the table: worked out
/// from the portable types of `was` and `type`. Per-dialect type text is opaque: unknown.
public struct TypeChange: Sendable, Equatable {
    public enum Direction: String, Sendable {
        /// Every old value fits the new type unchanged.
        case widening
        /// Some old values may not fit: they are cut, rounded or refused.
        case narrowing
        /// `was` is missing, or a type is given per dialect.
        case unknown
    }

    public var from: PortableType?
    public var to: PortableType?

    public init(_ op: AlterColumnType) {
        from = op.was?.portable
        to = op.type.portable
    }

    public init(from: PortableType?, to: PortableType?) {
        self.from = from
        self.to = to
    }

    public var direction: Direction {
        guard let from, let to else { return .unknown }
        return Self.holdsEveryValue(of: from, in: to) ? .widening : .narrowing
    }

    /// Whether a single-step type change rewrites every row on `dialect`. PostgreSQL relabels
    /// binary-compatible widenings in the catalog; plancc's MySQL script always copies the table
    /// (MODIFY with ALGORITHM=COPY). Unknown types and `using` conversions count as rewrites.
    public func rewritesTable(on dialect: Dialect, using: Bool) -> Bool {
        guard dialect == .postgresql else { return dialect == .mysql }
        guard let from, let to, !using else { return true }
        switch (from, to) {
        case _ where from == to: return false
        case let (.varchar(old), .varchar(new)): return new < old
        case (.varchar, .text): return false
        case let (.decimal(p1, s1), .decimal(p2, s2)): return !(s1 == s2 && p2 >= p1)
        default: return true
        }
    }

    private static let integerRank: [PortableType: Int] = [.smallint: 0, .integer: 1, .bigint: 2]
    private static let integerDigits: [PortableType: Int] = [.smallint: 5, .integer: 10, .bigint: 19]

    static func holdsEveryValue(of from: PortableType, in to: PortableType) -> Bool {
        if from == to || to == .text { return true }
        switch (from, to) {
        case let (.varchar(old), .varchar(new)), let (.char(old), .varchar(new)), let (.char(old), .char(new)):
            return new >= old
        case let (.varchar(old), .char(new)):
            return new >= old
        case (.real, .double), (.date, .timestamp), (.date, .timestamptz), (.timestamp, .timestamptz), (.timestamptz, .timestamp):
            return true
        case let (.decimal(p1, s1), .decimal(p2, s2)):
            return s2 >= s1 && p2 - s2 >= p1 - s1
        case (.smallint, .real), (.smallint, .double), (.integer, .double):
            return true
        default:
            if let a = integerRank[from], let b = integerRank[to] { return b >= a }
            if let digits = integerDigits[from], case let .decimal(p, s) = to { return p - s >= digits }
            return false
        }
    }
}
