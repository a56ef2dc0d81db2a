import PlanDiagnostics
import PlanSQL

/// A PostgreSQL text of a change as PostgreSQL's parser read it when the spec was loaded
/// (`SQLSyntax`): the names it uses, each placed at its line and column in the file, so the
/// history can check them against the schema at that point without parsing again.
public struct SQLRead: Sendable {
    public enum Field: Sendable, Equatable {
        /// A check, `using`, a backfill `set` or `where`, an index predicate: run against `table`.
        case onTable(Name)
        /// A column default: names no column.
        case defaultValue
        /// The statements of an author `sql` change; `forward` is the one applied to the schema.
        case statements(forward: Bool)
    }

    public struct Column: Sendable {
        public var name: String
        public var location: SourceLocation
        /// The tables it may be a column of (innermost first); nil when the text does not tell.
        public var tables: [String]?
        public init(name: String, location: SourceLocation, tables: [String]?) {
            self.name = name
            self.location = location
            self.tables = tables
        }
    }

    public struct Table: Sendable {
        public var name: String
        public var location: SourceLocation
    }

    public struct Function: Sendable {
        public var schema: String?
        public var name: String
        public var location: SourceLocation
    }

    public struct Statement: Sendable {
        public var effects: [StatementEffect]
        public var location: SourceLocation
    }

    /// `expression`, `set.email.postgresql`: the key as the diagnostics name it.
    public var key: String
    public var field: Field
    public var columns: [Column]
    public var tables: [Table]
    public var functions: [Function]
    public var statements: [Statement]
    /// A column used where its type decides whether a call is IMMUTABLE (`SQLReading.TypedUse`).
    public struct TypedUse: Sendable {
        public var column: String
        public var kind: SQLReading.TypedUse.Kind
        public var location: SourceLocation
    }
    public var typedUses: [TypedUse] = []
    /// Author SQL that did not parse: the names its tokens spell (any may be a table it
    /// touches), or nil when even PostgreSQL's scanner cannot read it. Nil for a text that parsed.
    public var unparsed: [String]??
}
