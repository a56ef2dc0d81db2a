/// PostgreSQL's functions by volatility, as pg_proc of a real PostgreSQL 15 has them (with
/// its contrib extensions installed): the names are generated into
/// `PostgresFunctions.generated.swift` by `scripts/generate-pg-functions`, not written by hand.
public enum PostgresFunctions {
    public enum Volatility: String, Sendable, Comparable {
        case immutable, stable, volatile

        public static func < (a: Volatility, b: Volatility) -> Bool { a.rank < b.rank }
        private var rank: Int { switch self { case .immutable: 0; case .stable: 1; case .volatile: 2 } }
    }

    /// The volatility of the built-in (or contrib) function `name`, the most volatile of its
    /// overloads; nil when PostgreSQL ships no function of that name.
    /// Functions PostgreSQL 16 to 18 added (`addedAfter14`) are known too: whether the target
    /// version has them is a check of its own.
    public static func volatility(of name: String) -> Volatility? { catalog[name] ?? addedAfter14[name]?.volatility }

    /// Whether every function PostgreSQL ships under `name` is an aggregate (`count`, `sum`).
    public static func isAggregate(_ name: String) -> Bool { aggregates.contains(name) }

    /// Whether every function PostgreSQL ships under `name` returns a set (`generate_series`).
    public static func isSetReturning(_ name: String) -> Bool { setReturning.contains(name) }

    /// Whether no function PostgreSQL ships under `name` is IMMUTABLE (`now`, `random`): its
    /// call is refused in an index predicate, whichever overload it is.
    public static func isNeverImmutable(_ name: String) -> Bool {
        notImmutable.contains(name) || addedAfter14[name].map { $0.volatility != .immutable } == true
    }

    private static let notImmutable = Set(notImmutableNames.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    private static let aggregates = Set(aggregateNames.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    private static let setReturning = Set(setReturningNames.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    private static let catalog: [String: Volatility] = {
        var names: [String: Volatility] = [:]
        for (text, volatility) in [(immutableNames, Volatility.immutable), (stableNames, .stable), (volatileNames, .volatile)] {
            for name in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) { names[String(name)] = volatility }
        }
        return names
    }()
}

extension PostgresFunctions {
    /// Whether `CREATE EXTENSION name` installs only functions the catalog above lists.
    public static func isKnownExtension(_ name: String) -> Bool { extensions.contains(name) }

    private static let extensions = Set(extensionNames.split(separator: ",").map { $0.trimmingCharacters(in: " ") })
}

private extension Substring {
    func trimmingCharacters(in set: Character) -> String { String(drop { $0 == set }.reversed().drop { $0 == set }.reversed()) }
}
