import PlanDiagnostics
import PlanSupport
import PlanYAML

/// Where one text was written: its scalar's first mark and how it is quoted, so that a
/// position inside the text (a parser's cursor) can be placed back in the file.
public struct TextOrigin: Sendable, Equatable {
    public var location: SourceLocation
    public var style: Scalar.Style
    public init(_ location: SourceLocation, style: Scalar.Style) {
        self.location = location
        self.style = style
    }
}

/// A literal value from the spec. Decimals keep their written text, so nothing is rounded.
public enum Literal: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case decimal(String)
    case string(String)
}

/// Code written by the author: SQL text shared by both SQL dialects or given per dialect,
/// and the MongoDB form where one is needed (a filter document for `where`, mongosh code
/// as a string for `sql` changes).
public struct DialectText: Sendable, Equatable {
    public var shared: String?
    /// PostgreSQL and MySQL texts given separately.
    public var perDialect: [Dialect: String]
    public var mongodb: JSONValue?
    public var location: SourceLocation
    /// Where `shared` and each of `perDialect` were written (absent for texts plancc made).
    public var sharedOrigin: TextOrigin?
    public var perDialectOrigins: [Dialect: TextOrigin] = [:]
    /// The `$field` references of the MongoDB form (an aggregation expression, or the field
    /// keys and `$expr` of a filter document), each where it is written, for the history's checks.
    public var mongoFields: [MongoField] = []

    public init(shared: String?, perDialect: [Dialect: String] = [:], mongodb: JSONValue? = nil, at location: SourceLocation) {
        self.shared = shared
        self.perDialect = perDialect
        self.mongodb = mongodb
        self.location = location
    }

    /// The SQL text for a SQL dialect: its own entry, else the shared text.
    public func sql(for dialect: Dialect) -> String? {
        dialect.isSQL ? perDialect[dialect] ?? shared : nil
    }

    /// Where the text `sql(for:)` returns was written.
    public func origin(for dialect: Dialect) -> TextOrigin? {
        guard dialect.isSQL else { return nil }
        return perDialect[dialect] != nil ? perDialectOrigins[dialect] : shared != nil ? sharedOrigin : nil
    }

    /// Whether the text can be used on a dialect.
    public func covers(_ dialect: Dialect) -> Bool {
        dialect.isSQL ? sql(for: dialect) != nil : mongodb != nil
    }
}

/// A field a MongoDB form uses: the first part of `$address.city` or of a filter key `address.city`.
public struct MongoField: Sendable, Equatable {
    public var name: String
    public var location: SourceLocation
    public init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
    }
}

/// An expression: a column, a literal, or native code per dialect.
public enum Expression: Sendable, Equatable {
    case column(Name)
    case value(Literal, SourceLocation)
    /// `{ sql: ... }` or `{ postgresql: ..., mysql: ..., mongodb: <aggregation expression> }`.
    case native(sql: DialectText, mongodb: JSONValue?)

    public var location: SourceLocation {
        switch self {
        case let .column(name): name.location
        case let .value(_, at): at
        case let .native(sql, _): sql.location
        }
    }
}

/// A column default: a literal or expression; `volatile` ones are computed per row.
public struct DefaultValue: Sendable, Equatable {
    public var expression: Expression
    public var volatile: Bool
    public init(_ expression: Expression, volatile: Bool = false) {
        self.expression = expression
        self.volatile = volatile
    }
}

/// What a `was:` says about an old default: there was none, or there was this one.
public enum PriorDefault: Sendable, Equatable {
    case none
    case value(DefaultValue)
}
