import PlanSpec

/// create_index and drop_index: built in place, online, on both engines.
extension StepWriter {
    mutating func createIndex(_ table: String, name: String, shape: IndexShape) {
        if shape.filter != nil {
            // Rows outside the predicate are indexed too. A unique one would be stricter than the
            // spec: the front end refuses it (E0317), so only lookup indexes get here.
            script.comment("MySQL has no partial indexes: this index covers every row, not only those matching 'where'.")
        }
        let columns = MySQL.keyParts(shape.columns)
        let kind = shape.unique ? "UNIQUE INDEX" : "INDEX"
        script.guarded("NOT \(Catalog.index(table, name))",
                       alter(table, "ADD \(kind) \(MySQL.ident(name)) (\(columns))", .inplace, .indexBuild, kind: .indexBuild))
    }

    mutating func dropIndex(_ table: String, name: String) {
        script.guarded(Catalog.index(table, name), alter(table, "DROP INDEX \(MySQL.ident(name))", .inplace, .metadata))
    }
}
