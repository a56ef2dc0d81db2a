import Planner
import PlanSpec

/// Constraints go in without a long lock: checks and foreign keys `NOT VALID`, validated as a
/// step of their own; primary keys and unique constraints over an index built concurrently.
/// PostgreSQL has no `ADD CONSTRAINT IF NOT EXISTS`: each add runs only while the name is free.
enum Constraints {
    /// A key over nullable columns needs them NOT NULL, and `ADD PRIMARY KEY` would scan the
    /// whole table for NULLs under its ACCESS EXCLUSIVE lock. Each column is proven first, as
    /// set_not_null does (`notNullProof`, then VALIDATE, which lets writes go on), so the
    /// `SET NOT NULL`s and the `ADD PRIMARY KEY USING INDEX` that follow, in one transaction,
    /// scan nothing; the proofs are dropped after. All of it is skipped once the key exists.
    ///
    /// With `notNullNotValid` (PostgreSQL 18) the proof of each column is its own not-null
    /// constraint (`<table>_<column>_not_null NOT NULL column NOT VALID`, then VALIDATE): once
    /// validated it is the column's NOT NULL, so the `SET NOT NULL` after it changes nothing and
    /// nothing is left to drop but a check an earlier run of the < 18 scripts may have left.
    static func primaryKey(table: String, name: String, columns: [String], notNullNotValid: Bool = false) -> [Piece] {
        let keyAbsent = absent(table: table, name: name)
        let checks = columns.map { Plan.notNullCheckName(table: table, column: $0) }
        let proofs = notNullNotValid ? columns.map { GeneratedNames.notNullConstraint(table: table, column: $0) } : checks
        let nullable = columns.map { keyAbsent + " AND " + Columns.exists(table, $0, where: "NOT a.attnotnull") }
        // Every column is counted before any proof goes in, so a refusal leaves none behind
        // (on 18 only unvalidated ones go: a validated not-null constraint may be the column's own).
        var pieces: [Piece] = []
        for (proof, (column, condition)) in zip(proofs, zip(columns, nullable)) {
            pieces += nullRefusal(table: table, names: [proof] + proofs.filter { $0 != proof }, column: column, onlyIf: condition,
                                  onlyUnvalidated: notNullNotValid)
        }
        for (proof, (column, condition)) in zip(proofs, zip(columns, nullable)) {
            let add: [Piece] = notNullNotValid
                ? [.transaction("ALTER TABLE \(SQL.ident(table)) ADD CONSTRAINT \(SQL.ident(proof)) NOT NULL \(SQL.ident(column)) NOT VALID;",
                                .catalog(table))]
                : notNullCheck(table: table, name: proof, column: column)
            pieces += add.map { $0.requiring(condition) } + validate(table: table, name: proof)
        }
        pieces += Indexes.create(table: table, name: name, columns: columns, unique: true, filter: nil)
        let notNull = columns.map { "ALTER TABLE \(SQL.ident(table)) ALTER COLUMN \(SQL.ident($0)) SET NOT NULL;" }
        let attach = "ALTER TABLE \(SQL.ident(table)) ADD CONSTRAINT \(SQL.ident(name)) PRIMARY KEY USING INDEX \(SQL.ident(name));"
        pieces.append(.transaction((notNull + [attach]).joined(separator: "\n"), .catalog(table), onlyIf: keyAbsent))
        pieces += checks.flatMap { check in
            notNullNotValid
                ? [.transaction("ALTER TABLE \(SQL.ident(table)) DROP CONSTRAINT IF EXISTS \(SQL.ident(check));", .catalog(table),
                                onlyIf: exists(table: table, name: check))]
                : drop(table: table, name: check)
        }
        return pieces
    }

    static func unique(table: String, name: String, columns: [String]) -> [Piece] {
        overIndex(table: table, name: name, columns: columns, kind: "UNIQUE")
    }

    /// `FOREIGN KEY (a) REFERENCES "t" (id) ON DELETE ... ON UPDATE ...`: the scripts', schema-at's
    /// and verify's spelling of a key.
    static func foreignKeyClause(_ shape: ForeignKeyShape) -> String {
        "FOREIGN KEY (\(SQL.idents(shape.columns.map(\.value)))) REFERENCES \(SQL.ident(shape.referencedTable.value)) "
            + "(\(SQL.idents(shape.referencedColumns.map(\.value)))) ON DELETE \(shape.onDelete.sql) ON UPDATE \(shape.onUpdate.sql)"
    }

    static func foreignKey(table: String, name: String, shape: ForeignKeyShape, validated: Bool) -> [Piece] {
        // SHARE ROW EXCLUSIVE on both tables; validating scans this one.
        [add(table: table, name: name, body: foreignKeyClause(shape), validated: validated, mode: .shareRowExclusive)]
    }

    static func check(table: String, name: String, expression: String, validated: Bool) -> [Piece] {
        [add(table: table, name: name, body: "CHECK (\(expression))", validated: validated, mode: .accessExclusive)]
    }

    static func notNullCheck(table: String, name: String, column: String) -> [Piece] {
        check(table: table, name: name, expression: "\(SQL.ident(column)) IS NOT NULL", validated: false)
    }

    /// The NOT VALID check of `notNullCheck`, added only once no row is NULL. A check left
    /// behind by a failed proof would refuse every NULL write while the change is not done
    /// (old code's, until contract; new code's, after a failed rollback of drop_not_null), so
    /// the NULLs are counted first (statement_timeout lifted for the scan) and, while there are
    /// any, the script removes a check left by an earlier run and stops with the count: a
    /// failed proof leaves nothing behind, and a run after the NULLs are gone proves it.
    static func notNullProof(table: String, name: String, column: String) -> [Piece] {
        nullRefusal(table: table, names: [name], column: column, onlyIf: nil) + notNullCheck(table: table, name: name, column: column)
    }

    /// The count of `notNullProof`, and the refusal that removes the checks `names` (the first
    /// is the column's own, skipped once validated) while a row is NULL.
    /// With `onlyUnvalidated`, a constraint of `names` goes only while it is NOT VALID: on
    /// PostgreSQL 18 a validated not-null constraint of that name may be another column's own.
    static func nullRefusal(table: String, names: [String], column: String, onlyIf: String?, onlyUnvalidated: Bool = false) -> [Piece] {
        let validated = "EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conrelid = \(SQL.regclass(table)) "
            + "AND c.conname = \(SQL.literal(names[0])) AND c.convalidated)"
        let needed = "NOT " + validated + (onlyIf.map { " AND " + $0 } ?? "")
        let count = """
            \\set plancc_has_nulls f
            SELECT \(needed) AS plancc_needed \\gset
            \\if :plancc_needed
            SELECT current_setting('statement_timeout') AS plancc_statement_timeout \\gset
            SET statement_timeout = 0;
            SELECT count(*) AS plancc_nulls, count(*) > 0 AS plancc_has_nulls FROM \(SQL.ident(table)) WHERE \(SQL.ident(column)) IS NULL \\gset
            SET statement_timeout = :'plancc_statement_timeout';
            \\endif
            """
        let message = SQL.literal("plancc: ") + " || :'plancc_nulls' || "
            + SQL.literal(" row(s) of \(SQL.ident(table)) have \(SQL.ident(column)) NULL, so NOT NULL cannot be proven; nothing was changed")
        let hint = "Fill or remove those rows (the backfill, or the code that writes them), then run this script again."
        let refuse = "SELECT format('DO %L', format('BEGIN RAISE EXCEPTION USING ERRCODE = %L, MESSAGE = %L, HINT = %L; END', "
            + "'not_null_violation', \(message), \(SQL.literal(hint)))) \\gexec"
        let failed = ":'plancc_has_nulls'"
        let drops: String
        if onlyUnvalidated {
            let body = names.map { name in
                "    IF EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conrelid = \(SQL.regclass(table)) "
                    + "AND c.conname = \(SQL.literal(name)) AND NOT c.convalidated) THEN\n"
                    + "        ALTER TABLE \(SQL.ident(table)) DROP CONSTRAINT \(SQL.ident(name));\n    END IF;\n"
            }.joined()
            drops = "DO \(SQL.dollarQuoted("BEGIN\n" + body + "END\n"));"
        } else {
            drops = "ALTER TABLE \(SQL.ident(table)) " + names.map { "DROP CONSTRAINT IF EXISTS \(SQL.ident($0))" }.joined(separator: ", ") + ";"
        }
        return [.autocommit(count, .check, .scan(table, .accessShare), liftsStatementTimeout: true),
                .transaction(drops, .catalog(table), onlyIf: failed),
                .autocommit(refuse, .check, .none, onlyIf: failed)]
    }

    /// Scans the table under a lock that lets reads and writes go on; skipped once validated
    /// (or gone: verify reports a missing constraint), so a re-run goes past it.
    static func validate(table: String, name: String) -> [Piece] {
        let pending = "EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conrelid = \(SQL.regclass(table)) "
            + "AND c.conname = \(SQL.literal(name)) AND NOT c.convalidated)"
        return [Piece(.ownTransaction, "ALTER TABLE \(SQL.ident(table)) VALIDATE CONSTRAINT \(SQL.ident(name));",
                      effect: .scan(table, .shareUpdateExclusive), onlyIf: pending)]
    }

    static func drop(table: String, name: String) -> [Piece] {
        [.transaction("ALTER TABLE \(SQL.ident(table)) DROP CONSTRAINT IF EXISTS \(SQL.ident(name));", .catalog(table))]
    }

    private static func add(table: String, name: String, body: String, validated: Bool, mode: Statement.PostgreSQLLock) -> Piece {
        let notValid = validated ? "" : " NOT VALID"
        return .transaction("ALTER TABLE \(SQL.ident(table)) ADD CONSTRAINT \(SQL.ident(name)) \(body)\(notValid);",
                            validated ? .scan(table, mode) : .catalog(table, mode), onlyIf: absent(table: table, name: name))
    }

    /// The unique index is built concurrently first; attaching it takes only a brief lock.
    private static func overIndex(table: String, name: String, columns: [String], kind: String) -> [Piece] {
        let build = Indexes.create(table: table, name: name, columns: columns, unique: true, filter: nil)
        let attach = Piece.transaction("ALTER TABLE \(SQL.ident(table)) ADD CONSTRAINT \(SQL.ident(name)) \(kind) USING INDEX \(SQL.ident(name));",
                                       .catalog(table), onlyIf: absent(table: table, name: name))
        return build + [attach]
    }

    static func exists(table: String, name: String) -> String {
        "EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conrelid = \(SQL.regclass(table)) AND c.conname = \(SQL.literal(name)))"
    }

    private static func absent(table: String, name: String) -> String {
        "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conrelid = \(SQL.regclass(table)) AND c.conname = \(SQL.literal(name)))"
    }
}
