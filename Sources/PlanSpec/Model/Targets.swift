import PlanDiagnostics

/// `targets:`: the server versions the scripts must run on. Unstated versions are the lowest
/// plancc supports (`Targets.defaultPostgreSQL`, MySQL 8.0), so that output runs on all of them.
public struct Targets: Sendable, Equatable {
    /// Which server family answers for the `mysql` dialect.
    public enum MySQLServer: Sendable, Equatable {
        /// MySQL, e.g. "8.0".
        case mysql(String)
        /// MariaDB, e.g. "10.11".
        case mariadb(String)

        public var version: String {
            switch self {
            case let .mysql(v), let .mariadb(v): v
            }
        }

        public var isMariaDB: Bool { if case .mariadb = self { true } else { false } }

        /// "MySQL 8.0", "MariaDB 10.11"
        public var displayName: String { (isMariaDB ? "MariaDB " : "MySQL ") + version }

        /// MySQL 8.0.29+ (the "8.4" target): `ALGORITHM=INSTANT` for DROP COLUMN, and (8.0.28+)
        /// for RENAME COLUMN. MariaDB drops and renames instantly where it can under
        /// `ALGORITHM=INPLACE` (it takes the clause as the least it accepts), so it needs no flag.
        public var hasInstantDropColumn: Bool { !isMariaDB && version != "8.0" }
    }

    public static let postgreSQLVersions: ClosedRange<Int> = 14...18
    /// "8.0" is MySQL 8.0.19 or later (CHECK enforced and `DROP CONSTRAINT`, which the scripts
    /// use, came in 8.0.16 and 8.0.19); "8.4" the 8.4 LTS, which also has everything of 8.0.29
    /// (INSTANT DROP COLUMN and, since 8.0.28, RENAME COLUMN).
    public static let mySQLVersions = ["8.0", "8.4"]
    public static let mariaDBVersions = ["10.11"]
    /// The PostgreSQL major version assumed when `targets.postgresql` is not given.
    public static let defaultPostgreSQL = 14
    /// The keys of `targets`, in the order the decoder allows them.
    public static let keys = ["postgresql", "mysql", "mariadb"]

    /// The stated PostgreSQL major version, if any.
    public var postgresql: Int?
    /// The stated MySQL or MariaDB server, if any.
    public var mysql: MySQLServer?
    public var location: SourceLocation?

    public init(postgresql: Int? = nil, mysql: MySQLServer? = nil, location: SourceLocation? = nil) {
        self.postgresql = postgresql
        self.mysql = mysql
        self.location = location
    }

    /// The PostgreSQL major version the scripts are written for.
    public var postgreSQLVersion: Int { postgresql ?? Self.defaultPostgreSQL }

    /// The server the MySQL scripts are written for: stated, or MySQL 8.0 (whose SQL MariaDB
    /// 10.11 also runs, as the tests prove).
    public var mySQLServer: MySQLServer { mysql ?? .mysql(Self.mySQLVersions[0]) }

    /// True when `mariadb:` is stated.
    public var isMariaDB: Bool { mysql?.isMariaDB ?? false }

    public static func == (a: Targets, b: Targets) -> Bool { a.postgresql == b.postgresql && a.mysql == b.mysql }
}
