import PlanDiagnostics
import PlanSpec

/// MySQL indexes a TEXT or BLOB column only over a prefix it is told: `CREATE INDEX` on one
/// without a length fails with ERROR 1170 ("BLOB/TEXT column used in key specification without
/// a key length"), while MariaDB silently indexes a prefix of its own choosing (and, for a
/// unique index, a hash). The column's type is known from the spec's earlier changes or the
/// history; a column of unknown type is not reported.
extension SpecReplay {
    mutating func checkIndexPrefixes(_ change: Change) {
        guard spec.dialects.contains(.mysql) else { return }
        switch change.operation {
        case let .createIndex(op):
            let table = model.table(op.table.value)
            for column in op.columns where column.prefix == nil {
                guard let type = table?.column(column.name.value)?.type, Self.needsPrefix(type) else { continue }
                report(column.name, type, in: op.table, index: op.name.value, unique: op.unique)
            }
        case let .createTable(op):
            for column in op.columns where column.unique && Self.needsPrefix(column.type) {
                report(column.name, column.type, in: op.table, index: nil, unique: true)
            }
        case let .addColumn(op) where op.column.unique && Self.needsPrefix(op.column.type):
            report(op.column.name, op.column.type, in: op.table, index: nil, unique: true)
        default:
            break
        }
    }

    /// text and bytes, and a MySQL spelling of the TEXT and BLOB families.
    static func needsPrefix(_ type: ColumnType) -> Bool {
        switch type.kind {
        case let .portable(portable): return portable == .text || portable == .bytes
        case let .perDialect(map):
            guard let mysql = map[.mysql]?.lowercased().filter({ !$0.isWhitespace }) else { return false }
            return ["text", "tinytext", "mediumtext", "longtext", "blob", "tinyblob", "mediumblob", "longblob"].contains(mysql)
        }
    }

    private mutating func report(_ column: Name, _ type: ColumnType, in table: Name, index: String?, unique: Bool) {
        let what = index.map { "index '\($0)'" } ?? "the unique index of 'unique: true'"
        let spelled = "\(table.value).\(column.value)"
        let fix = index == nil
            ? "give the column a varchar(n) type, or leave 'unique' out and add a create_index with unique: true and columns: "
                + "[{ name: \(column.value), prefix: 191 }] (unique over the first 191 characters only)"
            : "give the column a prefix length: columns: [{ name: \(column.value), prefix: 191 }]"
                + (unique ? " (the index is then unique over the first 191 characters only)" : "")
        if spec.targets.isMariaDB {
            diagnostics.append(Diagnostic(.portability,
                "\(what) covers '\(spelled)' (\(type.description)) without a prefix length: MariaDB indexes a prefix (or, unique, a hash) of its own choosing",
                at: column.location, fix: fix, severity: .warning))
        } else {
            error(.notExpressible,
                  "\(what) covers '\(spelled)' (\(type.description)) without a prefix length: MySQL refuses it (ERROR 1170, BLOB/TEXT column used in key specification without a key length)",
                  at: column.location, fix: fix)
        }
    }
}
