import PlanDiagnostics

/// Identifiers must be legal on every listed dialect: PostgreSQL truncates past 63 bytes,
/// MySQL refuses past 64, and MongoDB field names may not start with `$` or hold a `.`.
struct NameChecks {
    enum Role: String { case table, column, index, constraint }

    let spec: Spec
    let sink: DiagnosticSink

    func run() {
        for change in spec.changes {
            for (name, role) in change.operation.declaredNames { check(name, role) }
        }
    }

    private func check(_ name: Name, _ role: Role) {
        let bytes = name.value.utf8.count
        for dialect in spec.dialects {
            switch dialect {
            case .postgresql where bytes > 63:
                sink.error(.identifierTooLong, "\(role.rawValue) name '\(name.value)' is \(bytes) bytes; PostgreSQL allows 63",
                           at: name.location, fix: "shorten it: PostgreSQL would silently truncate it")
            case .mysql where bytes > 64:
                sink.error(.identifierTooLong, "\(role.rawValue) name '\(name.value)' is \(bytes) bytes; MySQL allows 64",
                           at: name.location)
            case .mysql where name.value.hasSuffix(" "):
                sink.error(.invalidIdentifier, "MySQL names may not end with a space: '\(name.value)'", at: name.location)
            case .mongodb where role == .column && (name.value.hasPrefix("$") || name.value.contains(".")):
                sink.error(.invalidFieldName, "MongoDB field name '\(name.value)' may not start with '$' or contain '.'",
                           at: name.location)
            case .mongodb where role == .table && (name.value.contains("$") || name.value.hasPrefix("system.")):
                sink.error(.invalidFieldName, "MongoDB collection name '\(name.value)' may not contain '$' or start with 'system.'",
                           at: name.location)
            default: break
            }
        }
    }
}

extension Operation {
    /// The identifiers the change names, each with its role.
    var declaredNames: [(Name, NameChecks.Role)] {
        func columns(_ names: [Name]) -> [(Name, NameChecks.Role)] { names.map { ($0, .column) } }
        func column(_ c: Column) -> [(Name, NameChecks.Role)] {
            [(c.name, .column)] + (c.references.map { [($0.table, .table), ($0.column, .column)] } ?? [])
        }
        func fk(_ shape: ForeignKeyShape) -> [(Name, NameChecks.Role)] {
            columns(shape.columns) + [(shape.referencedTable, .table)] + columns(shape.referencedColumns)
        }
        switch self {
        case let .createTable(op): return [(op.table, .table)] + op.columns.flatMap(column) + columns(op.primaryKey)
        case let .dropTable(op): return [(op.table, .table)]
        case let .renameTable(op): return [(op.from, .table), (op.to, .table)]
        case let .addColumn(op): return [(op.table, .table)] + column(op.column)
        case let .dropColumn(op): return [(op.table, .table), (op.column, .column)]
        case let .renameColumn(op): return [(op.table, .table), (op.from, .column), (op.to, .column)]
        case let .alterColumnType(op): return [(op.table, .table), (op.column, .column)]
        case let .setNotNull(op), let .dropNotNull(op): return [(op.table, .table), (op.column, .column)]
        case let .setDefault(op): return [(op.table, .table), (op.column, .column)]
        case let .dropDefault(op): return [(op.table, .table), (op.column, .column)]
        case let .createIndex(op): return [(op.table, .table), (op.name, .index)] + columns(op.columns.map(\.name))
        case let .dropIndex(op): return [(op.table, .table), (op.name, .index)] + columns(op.was?.columns.map(\.name) ?? [])
        case let .addPrimaryKey(op): return [(op.table, .table), (op.name, .constraint)] + columns(op.columns)
        case let .addForeignKey(op): return [(op.table, .table), (op.name, .constraint)] + fk(op.foreignKey)
        case let .addCheck(op): return [(op.table, .table), (op.name, .constraint)]
        case let .dropConstraint(op):
            var names: [(Name, NameChecks.Role)] = [(op.table, .table), (op.name, .constraint)]
            switch op.was {
            case let .foreignKey(shape)?: names += fk(shape)
            case let .unique(cols)?: names += columns(cols)
            default: break
            }
            return names
        case let .backfill(op): return [(op.table, .table)] + columns(op.set.map(\.column)) + columns(op.key ?? [])
        case .sql: return []
        }
    }
}
