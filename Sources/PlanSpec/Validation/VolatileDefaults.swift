import PlanDiagnostics
import PlanSQL
import PlanYAML

/// An `add_column` default that calls a volatile function, written without `volatile: true`:
/// PostgreSQL would evaluate it for every existing row, rewriting the table under an ACCESS
/// EXCLUSIVE lock (and MySQL refuses a nondeterministic default). It is compiled as
/// `volatile: true` instead (add, set the default, fill old rows in batches, then NOT NULL),
/// and a warning says so. The PostgreSQL text is classified by its parse (`SQLRead`) against
/// pg_proc's volatility (`PostgresFunctions`); the MySQL text, which plancc cannot parse, by
/// the calls it makes to MySQL's nondeterministic functions (`MySQLFunctions`).
public struct VolatileDefaults {
    var spec: Spec
    /// The file's bytes, to place a MySQL call inside its scalar.
    let file: [UInt8]
    let sink: DiagnosticSink

    mutating func run() -> Spec {
        for index in spec.changes.indices {
            guard case var .addColumn(op) = spec.changes[index].operation, var value = op.column.defaultValue, !value.volatile,
                  case let .native(text, _) = value.expression,
                  let (call, at, dialect) = volatileCall(text, reads: spec.changes[index].sqlReads,
                                                         own: ownFunctions(before: index)) else { continue }
            value.volatile = true
            op.column.defaultValue = value
            spec.changes[index].operation = .addColumn(op)
            let (message, fix) = Self.warning(op, call: call, dialect: dialect)
            sink.warning(.volatileDefault, message, at: at, fix: fix)
        }
        return spec
    }

    /// W0104's message and fix for the default of `op` calling `call`.
    public static func warning(_ op: AddColumn, call: String, dialect: Dialect, own: Bool = false) -> (message: String, fix: String) {
        let cost = dialect == .postgresql ? "rewriting the whole table under an ACCESS EXCLUSIVE lock"
            : "a table copy (no INSTANT or in-place ADD COLUMN with such a default)"
        let which = own ? "\(call)(), a function an earlier `sql` change created VOLATILE (PostgreSQL's default when no volatility is written), which PostgreSQL"
            : "\(call)(), which \(dialect.displayName)"
        return ("the default of '\(op.table.value).\(op.column.name.value)' calls \(which) computes anew for every row; "
                    + "added as written, it would cost \(cost), so plancc compiles it as volatile: true "
                    + "(add the column, set the default, fill existing rows in batches" + (op.column.nullable ? ")" : ", then NOT NULL)"),
                "write `volatile: true` in the default to say so: { sql: \"...\", volatile: true }")
    }

    /// The functions the `sql` changes before change `index` create: a qualified call of one of
    /// these names is the author's function, judged at replay (`volatileUserDefault`).
    private func ownFunctions(before index: Int) -> Set<String> {
        var names: Set<String> = []
        for change in spec.changes[..<index] {
            for read in change.sqlReads {
                for statement in read.statements {
                    for case let .createFunction(name, _) in statement.effects { names.insert(name) }
                }
            }
        }
        return names
    }

    /// The first volatile call of the default, on a listed dialect. A call qualified by a schema
    /// other than pg_catalog (`public.gen_random_uuid()`, `extensions.uuid_generate_v4()`) is
    /// where extensions put their functions: it is judged by its name, unless an earlier `sql`
    /// change of the spec creates a function of that name.
    private func volatileCall(_ text: DialectText, reads: [SQLRead], own: Set<String>) -> (String, SourceLocation, Dialect)? {
        if spec.dialects.contains(.postgresql), let read = reads.first(where: { $0.field == .defaultValue }) {
            for function in read.functions where function.schema == nil || function.schema == "pg_catalog" || !own.contains(function.name) {
                if PostgresFunctions.volatility(of: function.name) == .volatile { return (function.name, function.location, .postgresql) }
            }
        }
        if spec.dialects.contains(.mysql), let sql = text.sql(for: .mysql), let origin = text.origin(for: .mysql) {
            for call in MySQLFunctions.calls(in: sql) where MySQLFunctions.nondeterministic.contains(call.name) {
                let at = ScalarSource.location(ofValueByte: call.offset, value: sql, style: origin.style, start: origin.location, in: file)
                return (String(decoding: Array(sql.utf8)[call.offset..<(call.offset + call.name.utf8.count)], as: UTF8.self), at, .mysql)
            }
        }
        return nil
    }
}
