import PlanSpec

/// The lock each change takes on each dialect, for how long, and whether rows are rewritten.
/// These follow the steps the planner chooses (NOT VALID then VALIDATE, online index builds,
/// batched backfills) and the engines' documented behaviour (PostgreSQL 12+, MySQL 8, MongoDB 4.4+).
enum PerformanceImpacts {
    static func estimate(_ change: Change, on dialect: Dialect, _ spec: SpecFacts) -> PerformanceImpact {
        let p = Parts(dialect: dialect, soft: spec.expandContract, batches: batchText(change, spec), mysql: spec.spec.targets.mySQLServer)
        switch change.operation {
        case let .createTable(op) where dialect.isSQL && op.columns.contains(where: { $0.references != nil }):
            return p.make(dialect == .postgresql ? "SHARE ROW EXCLUSIVE" : "shared metadata lock", .brief, false,
                          "Creates a new table; of what exists, only the tables its foreign keys reference are locked, briefly.")
        case .createTable: return p.none("Creates a new table; nothing that exists is locked.")
        case .dropTable: return p.soft ? p.brief("Renames the table away; the drop waits for contract.") : p.brief("Drops the table once running queries on it finish.")
        case .renameTable: return p.brief(p.soft && dialect.isSQL ? "Renames the table and creates a view under the old name." : "Renames the table.")
        case let .addColumn(op): return addColumn(op, p)
        case .dropColumn: return dropColumn(p)
        case .renameColumn: return renameColumn(p)
        case let .alterColumnType(op): return alterColumnType(op, p)
        case .setNotNull: return notNull(set: true, p, notNullNotValid: spec.spec.targets.postgreSQLVersion >= 18)
        case .dropNotNull: return notNull(set: false, p, notNullNotValid: false)
        case .setDefault, .dropDefault:
            return dialect == .mongodb ? p.none("MongoDB keeps no defaults in the collection; nothing is locked.") : p.brief("A catalog change.")
        case .createIndex: return p.onlineBuild("Builds the index online; writes continue while every row is read.")
        case .dropIndex where dialect == .postgresql:
            return p.make("SHARE UPDATE EXCLUSIVE", .brief, false,
                          "\(p.soft ? "At contract, " : "")DROP INDEX CONCURRENTLY: waits for running transactions, blocks no writes.")
        case .dropIndex, .dropConstraint: return p.brief(p.soft ? "At contract, a catalog change." : "A catalog change.")
        case .addPrimaryKey: return addPrimaryKey(p)
        case .addForeignKey: return validatedConstraint(p, check: false)
        case .addCheck: return validatedConstraint(p, check: true)
        case .backfill: return p.perBatch(dialect == .mongodb ? "Updates documents \(p.batches), with document locks only." : "Updates rows \(p.batches), with row locks only.")
        case .sql: return p.make("unknown", .unknown, false, "Hand-written code: its locks and duration are the author's to state.")
        }
    }

    private static func addColumn(_ op: AddColumn, _ p: Parts) -> PerformanceImpact {
        if op.column.defaultValue?.volatile ?? false {
            return p.perBatch("Adds the column (a catalog change), then fills old rows \(p.batches).")
        }
        if op.column.identity && p.dialect.isSQL {
            return p.blocking("Numbers every existing row: the table is rewritten (copied on MySQL) while writes wait.", rewrites: true)
        }
        if op.column.unique { return p.onlineBuild("Adds the column, then builds its unique index online.") }
        switch p.dialect {
        case .postgresql: return p.brief("A catalog change, even with a constant default (PostgreSQL 11+).")
        case .mysql:
            return p.brief(p.mysql.isMariaDB ? "ALGORITHM=INPLACE, LOCK=NONE, which MariaDB runs as INSTANT: a catalog change."
                                             : "ALGORITHM=INSTANT: a catalog change.")
        case .mongodb:
            // MongoDB keeps no defaults: plancc writes the default into existing documents.
            return op.column.defaultValue == nil ? p.none("Documents without the field read it as missing; nothing is written.")
                : p.perBatch("Documents without the field get the default \(p.batches).")
        }
    }

    private static func dropColumn(_ p: Parts) -> PerformanceImpact {
        switch p.dialect {
        case .postgresql: return p.brief(p.soft ? "Renames the column away; the drop waits for contract." : "Marks the column dropped; space is reclaimed by later writes.")
        case .mysql:
            // As the target's scripts write it (MySQLTarget in BackendMySQL).
            if p.soft { return p.brief("Renames the column away; the drop waits for contract.") }
            if p.mysql.hasInstantDropColumn { return p.brief("ALGORITHM=INSTANT (MySQL 8.0.29+, the target): a catalog change.") }
            return p.mysql.isMariaDB
                ? p.onlineRebuild("ALGORITHM=INPLACE, LOCK=NONE: MariaDB drops it instantly where it can, else rebuilds the table in place while writes continue.")
                : p.onlineRebuild("ALGORITHM=INPLACE, LOCK=NONE (the 8.0 target): the table is rebuilt in place while writes continue; targets.mysql \"8.4\" drops it INSTANT.")
        case .mongodb: return p.perBatch(p.soft ? "Renames the field in every document \(p.batches)." : "Unsets the field in every document \(p.batches).")
        }
    }

    private static func renameColumn(_ p: Parts) -> PerformanceImpact {
        if p.soft && p.dialect == .mongodb {
            return p.perBatch("Copies the field into the new one in every document \(p.batches); MongoDB has no triggers, so contract copies again what old writers changed since.")
        }
        if p.soft { return p.perBatch("Adds the new column and a sync trigger (catalog changes), then copies rows \(p.batches).") }
        return p.dialect == .mongodb ? p.perBatch("Renames the field in every document \(p.batches).") : p.brief("A catalog change.")
    }

    private static func alterColumnType(_ op: AlterColumnType, _ p: Parts) -> PerformanceImpact {
        if p.soft && p.dialect == .mongodb {
            return p.perBatch("Writes the converted value into a new field in every document \(p.batches) and swaps it in at contract; MongoDB has no triggers, so contract converts again what old writers changed since.")
        }
        if p.soft { return p.perBatch("Adds a column of the new type kept in sync, copies rows \(p.batches), and swaps it in at contract.") }
        if p.dialect == .mongodb { return p.perBatch("Converts the field in every document \(p.batches).") }
        guard TypeChange(op).rewritesTable(on: p.dialect, using: op.using != nil) else {
            return p.brief("The engine changes the type in the catalog without touching rows.")
        }
        return p.dialect == .postgresql
            ? p.blocking("Rewrites every row under ACCESS EXCLUSIVE: reads and writes wait until it ends.", rewrites: true)
            : p.blocking("Copies the table (ALGORITHM=COPY) while writes wait; above rollout.online_copy_rows the script stops and prints a gh-ost or pt-online-schema-change command instead.", rewrites: true)
    }

    /// `notNullNotValid`: the PostgreSQL target is 18, which has `NOT NULL ... NOT VALID`.
    private static func notNull(set: Bool, _ p: Parts, notNullNotValid: Bool) -> PerformanceImpact {
        switch p.dialect {
        case .postgresql:
            guard set else { return p.brief("A catalog change.") }
            return notNullNotValid
                ? p.validation("PostgreSQL 18's own NOT NULL constraint, added NOT VALID (brief lock) and validated while writes continue: no scan under lock.")
                : p.validation("A NOT VALID check, validated while writes continue, lets SET NOT NULL skip its scan under lock.")
        case .mysql: return p.onlineRebuild("MODIFY rebuilds the table in place; writes continue, with a metadata lock at start and end.")
        case .mongodb: return p.brief("Changes the collection's validator; existing documents are not rewritten.")
        }
    }

    private static func addPrimaryKey(_ p: Parts) -> PerformanceImpact {
        switch p.dialect {
        case .postgresql:
            return p.onlineBuild("Proves nullable key columns NOT NULL first (validated while writes continue), builds the key's unique index concurrently, then attaches it under a brief ACCESS EXCLUSIVE lock.")
        case .mysql: return p.onlineRebuild("Rebuilds the table in place around the new key; writes continue.")
        case .mongodb: return p.none("Skipped: every collection is keyed by _id.")
        }
    }

    private static func validatedConstraint(_ p: Parts, check: Bool) -> PerformanceImpact {
        switch p.dialect {
        case .postgresql: return p.validation("Added NOT VALID (brief lock), then validated while writes continue.")
        case .mysql:
            return check ? p.blocking("MySQL checks every row while adding it, copying the table while writes wait.", rewrites: true)
                : p.onlineBuild("Added in place with foreign_key_checks off, then existing rows are checked by a query while writes continue.")
        case .mongodb:
            return check ? p.brief("Changes the collection's validator; existing documents are not rewritten.")
                : p.none("Skipped: MongoDB has no foreign keys.")
        }
    }

    /// "in about 2500 batches of 1000, pausing 100ms" from the rollout and `tables:`.
    private static func batchText(_ change: Change, _ spec: SpecFacts) -> String {
        var size = spec.spec.rollout.batchSize
        if case let .backfill(op) = change.operation, let own = op.batchSize { size = own }
        let pause = "pausing \(spec.spec.rollout.batchPause)"
        guard let table = change.operation.table, let rows = spec.rows(of: table.value) else {
            return "in batches of \(size), \(pause)"
        }
        let batches = rows / Int64(size) + (rows % Int64(size) == 0 ? 0 : 1)  // no overflow near Int64.max
        return "in about \(batches) batches of \(size), \(pause)"
    }

    /// The per-dialect lock names and shorthands for the kinds of hold.
    private struct Parts {
        let dialect: Dialect
        let soft: Bool
        let batches: String
        /// The server the mysql dialect's scripts are written for (`targets:`).
        let mysql: Targets.MySQLServer

        private var catalogLock: String {
            switch dialect {
            case .postgresql: "ACCESS EXCLUSIVE"
            case .mysql: "metadata lock"
            case .mongodb: "exclusive collection lock"
            }
        }

        func none(_ summary: String) -> PerformanceImpact { make("none", .none, false, summary) }
        func brief(_ summary: String) -> PerformanceImpact { make(catalogLock, .brief, false, summary) }
        func perBatch(_ summary: String) -> PerformanceImpact { make(dialect == .mongodb ? "document locks" : "row locks", .perBatch, false, summary) }
        func blocking(_ summary: String, rewrites: Bool) -> PerformanceImpact { make(catalogLock, .blocking, rewrites, summary) }
        func validation(_ summary: String) -> PerformanceImpact { make("SHARE UPDATE EXCLUSIVE", .whileScanning, false, summary) }
        func onlineRebuild(_ summary: String) -> PerformanceImpact { make(catalogLock, .whileScanning, true, summary) }
        func onlineBuild(_ summary: String) -> PerformanceImpact {
            make(dialect == .postgresql ? "SHARE UPDATE EXCLUSIVE" : dialect == .mysql ? "metadata lock" : "exclusive collection lock at start and end",
                 .whileScanning, false, summary)
        }

        func make(_ lock: String, _ hold: PerformanceImpact.Hold, _ rewrites: Bool, _ summary: String) -> PerformanceImpact {
            PerformanceImpact(dialect: dialect, lock: lock, hold: hold, rewritesTable: rewrites, summary: summary)
        }
    }
}
