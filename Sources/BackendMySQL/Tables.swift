import PlanSpec

/// create_table, drop_table, rename_table and the compatibility view of expand_contract.
extension StepWriter {
    mutating func createTable(_ op: CreateTable) {
        let t = op.table.value
        var parts = op.columns.map { "  " + columnDefinition($0) }
        if !op.primaryKey.isEmpty {
            parts.append("  PRIMARY KEY (\(op.primaryKey.map { MySQL.ident($0.value) }.joined(separator: ", ")))")
        }
        for column in op.columns where column.unique {
            let c = column.name.value
            parts.append("  CONSTRAINT \(MySQL.ident("\(t)_\(c)_key")) UNIQUE (\(MySQL.ident(c)))")
        }
        for column in op.columns {
            guard let ref = column.references else { continue }
            let c = column.name.value
            let shape = ForeignKeyShape(columns: [column.name], referencedTable: ref.table, referencedColumns: [ref.column],
                                        onDelete: ref.onDelete, onUpdate: ref.onUpdate)
            parts.append("  CONSTRAINT \(MySQL.ident("\(t)_\(c)_fkey")) \(foreignKeyClause(shape))")
        }
        // IF NOT EXISTS keeps a re-run harmless.
        script.statement("CREATE TABLE IF NOT EXISTS \(MySQL.ident(t)) (\n\(parts.joined(separator: ",\n"))\n) ENGINE=InnoDB")
    }

    mutating func dropTable(_ table: String) {
        script.statement("DROP TABLE IF EXISTS \(MySQL.ident(table))")
    }

    mutating func renameTable(from: String, to: String) {
        // RENAME TABLE only swaps metadata; it waits for the table's metadata lock.
        script.guarded("\(Catalog.tableExists(from)) AND NOT \(Catalog.relationExists(to))",
                       "RENAME TABLE \(MySQL.ident(from)) TO \(MySQL.ident(to))")
    }

    /// A single-table `SELECT *` view is updatable, so old code keeps reading and writing
    /// through the old name. MySQL expands `*` when the view is created.
    mutating func createCompatibilityView(view: String, table: String) {
        script.guarded("NOT \(Catalog.tableExists(view))",
                       "CREATE OR REPLACE ALGORITHM=MERGE VIEW \(MySQL.ident(view)) AS SELECT * FROM \(MySQL.ident(table))")
    }

    mutating func dropView(_ view: String) {
        script.statement("DROP VIEW IF EXISTS \(MySQL.ident(view))")
    }
}
