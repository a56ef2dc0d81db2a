import PlanDiagnostics
import PlanYAML

/// One decoder per operation, each reading exactly the keys its body allows.
extension DiagnosticSink {
    func operation(_ name: String, _ node: YAMLNode) -> Operation? {
        switch name {
        case "create_table": createTable(node).map(Operation.createTable)
        case "drop_table": body(node, name, ["table"]).flatMap { f in table(f).map { .dropTable(DropTable(table: $0)) } }
        case "rename_table": renameTable(node).map(Operation.renameTable)
        case "add_column": addColumn(node).map(Operation.addColumn)
        case "drop_column": dropColumn(node).map(Operation.dropColumn)
        case "rename_column": renameColumn(node).map(Operation.renameColumn)
        case "alter_column_type": alterColumnType(node).map(Operation.alterColumnType)
        case "set_not_null": nullability(node, name).map(Operation.setNotNull)
        case "drop_not_null": nullability(node, name).map(Operation.dropNotNull)
        case "set_default": setDefault(node).map(Operation.setDefault)
        case "drop_default": dropDefault(node).map(Operation.dropDefault)
        case "create_index": createIndex(node).map(Operation.createIndex)
        case "drop_index": dropIndex(node).map(Operation.dropIndex)
        case "add_primary_key": addPrimaryKey(node).map(Operation.addPrimaryKey)
        case "add_foreign_key": addForeignKey(node).map(Operation.addForeignKey)
        case "add_check": addCheck(node).map(Operation.addCheck)
        case "drop_constraint": dropConstraint(node).map(Operation.dropConstraint)
        case "backfill": backfill(node).map(Operation.backfill)
        case "sql": rawSQL(node).map(Operation.sql)
        default: nil
        }
    }

    private func body(_ node: YAMLNode, _ operation: String, _ keys: [String]) -> Fields? {
        Fields(node, operation, allowed: keys, sink: self)
    }

    private func table(_ f: Fields) -> Name? { f.required("table").flatMap { name($0, "table") } }
    private func named(_ f: Fields, _ key: String) -> Name? { f.required(key).flatMap { name($0, key) } }

    private func createTable(_ node: YAMLNode) -> CreateTable? {
        guard let f = body(node, "create_table", ["table", "columns", "primary_key"]) else { return nil }
        let table = table(f)
        var columns: [Column]?
        if let list = f.required("columns") {
            if let items = list.sequence {
                if items.isEmpty { error(.emptyList, "'columns' must list at least one column", at: list.location) }
                let decoded = items.compactMap { column($0, "column") }
                columns = decoded.count == items.count && !items.isEmpty ? decoded : nil
            } else {
                wrongType(list, expected: "a list of columns", for: "columns")
            }
        }
        let primaryKey = f["primary_key"].map { names($0, "primary_key") }
        guard let table, let columns, primaryKey.map({ $0 != nil }) ?? true else { return nil }
        return CreateTable(table: table, columns: columns, primaryKey: (primaryKey ?? nil) ?? [])
    }

    private func renameTable(_ node: YAMLNode) -> RenameTable? {
        guard let f = body(node, "rename_table", ["from", "to"]) else { return nil }
        let from = named(f, "from"), to = named(f, "to")
        guard let from, let to else { return nil }
        return RenameTable(from: from, to: to)
    }

    private func addColumn(_ node: YAMLNode) -> AddColumn? {
        guard let f = body(node, "add_column", ["table", "column"]) else { return nil }
        let table = table(f), column = f.required("column").flatMap { self.column($0, "column") }
        guard let table, let column else { return nil }
        return AddColumn(table: table, column: column)
    }

    private func dropColumn(_ node: YAMLNode) -> DropColumn? {
        guard let f = body(node, "drop_column", ["table", "column"]) else { return nil }
        let table = table(f), column = named(f, "column")
        guard let table, let column else { return nil }
        return DropColumn(table: table, column: column)
    }

    private func renameColumn(_ node: YAMLNode) -> RenameColumn? {
        guard let f = body(node, "rename_column", ["table", "from", "to"]) else { return nil }
        let table = table(f), from = named(f, "from"), to = named(f, "to")
        guard let table, let from, let to else { return nil }
        return RenameColumn(table: table, from: from, to: to)
    }

    private func alterColumnType(_ node: YAMLNode) -> AlterColumnType? {
        guard let f = body(node, "alter_column_type", ["table", "column", "type", "was", "using"]) else { return nil }
        let table = table(f), column = named(f, "column")
        let type = f.required("type").flatMap { columnType($0, "type") }
        let was = f["was"].map { columnType($0, "was") }
        let using = f["using"].map { dialectText($0, "using") }
        guard let table, let column, let type, was.map({ $0 != nil }) ?? true, using.map({ $0 != nil }) ?? true else { return nil }
        return AlterColumnType(table: table, column: column, type: type, was: was ?? nil, using: using ?? nil)
    }

    private func nullability(_ node: YAMLNode, _ operation: String) -> NullabilityChange? {
        guard let f = body(node, operation, ["table", "column", "type"]) else { return nil }
        let table = table(f), column = named(f, "column")
        let type = f["type"].map { columnType($0, "type") }
        guard let table, let column, type.map({ $0 != nil }) ?? true else { return nil }
        return NullabilityChange(table: table, column: column, type: type ?? nil)
    }

    private func setDefault(_ node: YAMLNode) -> SetDefault? {
        guard let f = body(node, "set_default", ["table", "column", "default", "was"]) else { return nil }
        let table = table(f), column = named(f, "column")
        let value = f.required("default").flatMap { defaultValue($0, "default") }
        let was = f["was"].map { priorDefault($0, "was") }
        guard let table, let column, let value, was.map({ $0 != nil }) ?? true else { return nil }
        return SetDefault(table: table, column: column, defaultValue: value, was: was ?? nil)
    }

    private func dropDefault(_ node: YAMLNode) -> DropDefault? {
        guard let f = body(node, "drop_default", ["table", "column", "was"]) else { return nil }
        let table = table(f), column = named(f, "column")
        let was = f["was"].map { priorDefault($0, "was") }
        guard let table, let column, was.map({ $0 != nil }) ?? true else { return nil }
        return DropDefault(table: table, column: column, was: was ?? nil)
    }

    private func createIndex(_ node: YAMLNode) -> CreateIndex? {
        guard let f = body(node, "create_index", ["table", "name", "columns", "unique", "where"]) else { return nil }
        let table = table(f), name = named(f, "name")
        let columns = f.required("columns").flatMap { indexColumns($0, "columns") }
        let unique = f["unique"].map { bool($0, "unique") }
        let filter = f["where"].map { dialectText($0, "where") }
        guard let table, let name, let columns, unique.map({ $0 != nil }) ?? true, filter.map({ $0 != nil }) ?? true else { return nil }
        return CreateIndex(table: table, name: name, columns: columns, unique: (unique ?? nil) ?? false, filter: filter ?? nil)
    }

    private func dropIndex(_ node: YAMLNode) -> DropIndex? {
        guard let f = body(node, "drop_index", ["table", "name", "was"]) else { return nil }
        let table = table(f), name = named(f, "name")
        var shape: IndexShape??
        if let was = f["was"] {
            shape = .some(nil)
            if let w = Fields(was, "drop_index.was", allowed: ["columns", "unique", "where"], sink: self) {
                let columns = w.required("columns").flatMap { indexColumns($0, "was.columns") }
                let unique = w["unique"].map { bool($0, "was.unique") }
                let filter = w["where"].map { dialectText($0, "was.where") }
                if let columns, unique.map({ $0 != nil }) ?? true, filter.map({ $0 != nil }) ?? true {
                    shape = .some(IndexShape(columns: columns, unique: (unique ?? nil) ?? false, filter: filter ?? nil))
                }
            }
        }
        guard let table, let name, shape.map({ $0 != nil }) ?? true else { return nil }
        return DropIndex(table: table, name: name, was: shape ?? nil, wasAt: f["was"]?.location)
    }

    private func addPrimaryKey(_ node: YAMLNode) -> AddPrimaryKey? {
        guard let f = body(node, "add_primary_key", ["table", "name", "columns"]) else { return nil }
        let table = table(f), name = named(f, "name"), columns = f.required("columns").flatMap { names($0, "columns") }
        guard let table, let name, let columns else { return nil }
        return AddPrimaryKey(table: table, name: name, columns: columns)
    }

    /// `columns`, `references: { table, columns }`, `on_delete`, `on_update` from `f`.
    private func foreignKeyShape(_ f: Fields, _ what: String) -> ForeignKeyShape? {
        let columns = f.required("columns").flatMap { names($0, "\(what).columns") }
        var referenced: (table: Name, columns: [Name], at: SourceLocation)?
        if let refs = f.required("references"),
           let r = Fields(refs, "\(what).references", allowed: ["table", "columns"], sink: self) {
            let table = r.required("table").flatMap { name($0, "references.table") }
            let list = r.required("columns")
            let cols = list.flatMap { names($0, "references.columns") }
            if let table, let list, let cols { referenced = (table, cols, list.location) }
        }
        let onDelete = f["on_delete"].map { choice($0, "on_delete action", as: ReferentialAction.self) }
        let onUpdate = f["on_update"].map { choice($0, "on_update action", as: ReferentialAction.self) }
        guard let columns, let referenced, onDelete.map({ $0 != nil }) ?? true, onUpdate.map({ $0 != nil }) ?? true else { return nil }
        if columns.count != referenced.columns.count {
            error(.invalidReference, "\(what) has \(columns.count) column(s) but references \(referenced.columns.count)",
                  at: referenced.at, fix: "list one referenced column per column, in the same order")
            return nil
        }
        return ForeignKeyShape(columns: columns, referencedTable: referenced.table, referencedColumns: referenced.columns,
                               onDelete: (onDelete ?? nil) ?? .noAction, onUpdate: (onUpdate ?? nil) ?? .noAction)
    }

    private func addForeignKey(_ node: YAMLNode) -> AddForeignKey? {
        guard let f = body(node, "add_foreign_key", ["table", "name", "columns", "references", "on_delete", "on_update"]) else { return nil }
        let table = table(f), name = named(f, "name"), shape = foreignKeyShape(f, "add_foreign_key")
        guard let table, let name, let shape else { return nil }
        return AddForeignKey(table: table, name: name, foreignKey: shape)
    }

    private func addCheck(_ node: YAMLNode) -> AddCheck? {
        guard let f = body(node, "add_check", ["table", "name", "expression"]) else { return nil }
        let table = table(f), name = named(f, "name"), expression = f.required("expression").flatMap { dialectText($0, "expression") }
        guard let table, let name, let expression else { return nil }
        return AddCheck(table: table, name: name, expression: expression)
    }

    private func dropConstraint(_ node: YAMLNode) -> DropConstraint? {
        guard let f = body(node, "drop_constraint", ["table", "name", "was"]) else { return nil }
        let table = table(f), name = named(f, "name")
        var shape: ConstraintShape??
        if let was = f["was"] {
            shape = .some(nil)
            if let w = Fields(was, "drop_constraint.was", allowed: ["check", "foreign_key", "unique"], sink: self) {
                let kinds = ["check", "foreign_key", "unique"].filter { w.has($0) }
                if kinds.count != 1 {
                    error(.invalidValue, "'was' of drop_constraint must give exactly one of check, foreign_key, unique", at: was.location)
                } else if let check = w["check"] {
                    shape = dialectText(check, "was.check").map { .some(.check($0)) } ?? .some(nil)
                } else if let unique = w["unique"] {
                    shape = names(unique, "was.unique").map { .some(.unique($0)) } ?? .some(nil)
                } else if let fk = w["foreign_key"],
                          let fkFields = Fields(fk, "was.foreign_key", allowed: ["columns", "references", "on_delete", "on_update"], sink: self) {
                    shape = foreignKeyShape(fkFields, "was.foreign_key").map { .some(.foreignKey($0)) } ?? .some(nil)
                }
            }
        }
        guard let table, let name, shape.map({ $0 != nil }) ?? true else { return nil }
        return DropConstraint(table: table, name: name, was: shape ?? nil, wasAt: f["was"]?.location)
    }

    private func backfill(_ node: YAMLNode) -> Backfill? {
        guard let f = body(node, "backfill", ["table", "set", "where", "batch_size", "key"]) else { return nil }
        let table = table(f)
        var assignments: [Backfill.Assignment]?
        if let set = f.required("set") {
            if let pairs = set.mapping, !pairs.isEmpty {
                var decoded: [Backfill.Assignment] = []
                for pair in pairs {
                    if let column = name(pair.key, "set column"), let value = expression(pair.value, "set.\(column.value)") {
                        decoded.append(.init(column: column, value: value))
                    }
                }
                assignments = decoded.count == pairs.count ? decoded : nil
            } else if set.mapping != nil {
                error(.emptyList, "'set' must assign at least one column", at: set.location)
            } else {
                wrongType(set, expected: "a mapping of column: expression", for: "set")
            }
        }
        let filter = f["where"].map { dialectText($0, "where") }
        let batchSize = f["batch_size"].map { integer($0, "batch_size", in: 1...10_000_000) }
        let key = f["key"].map { names($0, "key", single: true) }
        guard let table, let assignments, filter.map({ $0 != nil }) ?? true, batchSize.map({ $0 != nil }) ?? true,
              key.map({ $0 != nil }) ?? true else { return nil }
        return Backfill(table: table, set: assignments, filter: filter ?? nil, batchSize: (batchSize ?? nil).map(Int.init), key: key ?? nil)
    }

    private func rawSQL(_ node: YAMLNode) -> RawSQL? {
        guard let f = body(node, "sql", ["forward", "rollback", "verify", "phase", "risk"]) else { return nil }
        let forward = f.required("forward").flatMap { dialectText($0, "forward") }
        let rollback = f["rollback"].map { dialectText($0, "rollback") }
        let verify = f["verify"].map { dialectText($0, "verify") }
        let phase = f["phase"].map { choice($0, "phase", as: RawSQL.Phase.self) }
        let risk = f["risk"].map { choice($0, "risk", as: RiskLevel.self) }
        guard let forward, rollback.map({ $0 != nil }) ?? true, verify.map({ $0 != nil }) ?? true,
              phase.map({ $0 != nil }) ?? true, risk.map({ $0 != nil }) ?? true else { return nil }
        return RawSQL(forward: forward, rollback: rollback ?? nil, verify: verify ?? nil, phase: (phase ?? nil) ?? .forward, risk: risk ?? nil)
    }
}
