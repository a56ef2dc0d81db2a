import Planner
import PlanSpec

/// verify.sql: every check records what is missing (and prints it as a row); at the end the
/// script fails with SQLSTATE 45000 and a message naming the problems, so the client exits non-zero.
struct VerifyWriter {
    let constraints: ConstraintCatalog
    var script: MySQLScript

    static let expect = MySQL.ident("_plancc_expect")

    static let count = MySQL.ident("_plancc_count")

    /// `_plancc_count(query)` runs a query that selects a count INTO @plancc_pending, or sets
    /// it to NULL when the query cannot run (its columns are not there yet): MySQL resolves
    /// names when it parses, so the query is PREPAREd only when it is asked for.
    static let createCount = [
        "DROP PROCEDURE IF EXISTS \(count)",
        """
        CREATE PROCEDURE \(count)(IN query_text TEXT)
        BEGIN
          DECLARE CONTINUE HANDLER FOR SQLEXCEPTION SET @plancc_pending = NULL;
          SET @plancc_pending = NULL;
          SET @plancc_query = query_text;
          PREPARE plancc_query FROM @plancc_query;
          EXECUTE plancc_query;
          DEALLOCATE PREPARE plancc_query;
        END
        """,
    ]

    static let createExpect = [
        "DROP PROCEDURE IF EXISTS \(expect)",
        """
        CREATE PROCEDURE \(expect)(IN ok BOOLEAN, IN problem TEXT)
        BEGIN
          IF NOT COALESCE(ok, FALSE) THEN
            SET @plancc_problems = CONCAT_WS('; ', @plancc_problems, problem);
            SELECT problem AS plancc_verify_failed;
          END IF;
        END
        """,
    ]

    mutating func write(_ expectation: Expectation) {
        switch expectation {
        case let .tableExists(t):
            expect(Catalog.tableExists(t), "table \(MySQL.ident(t)) is missing")
        case let .tableAbsent(t):
            expect("NOT \(Catalog.relationExists(t))", "table \(MySQL.ident(t)) should be gone")
        case let .viewAbsent(v):
            expect("NOT \(Catalog.viewExists(v))", "view \(MySQL.ident(v)) should be gone")
        case let .columnExists(t, c, type, nullable, hasDefault):
            column(t, c, type: type, nullable: nullable, hasDefault: hasDefault)
        case let .columnAbsent(t, c):
            expect("NOT \(Catalog.column(t, c))", "column \(name(t, c)) should be gone")
        case let .indexValid(t, n, shape):
            expect(Catalog.index(t, n), "index \(name(t, n)) is missing")
            expect("NOT \(Catalog.index(t, n, where: shape.unique ? "s.NON_UNIQUE <> 0" : "s.NON_UNIQUE = 0"))",
                   "index \(name(t, n)) should \(shape.unique ? "" : "not ")be unique")
            // MySQL has no partial indexes: the predicate is not there to compare.
            let columns = MySQL.keyParts(shape.columns)
            expect("NOT \(Catalog.index(t, n)) OR \(Catalog.indexColumns(t, n)) = \(MySQL.literal(columns))",
                   "index \(name(t, n)) should be on (\(columns))")
        case let .indexAbsent(t, n):
            expect("NOT \(Catalog.index(t, n))", "index \(name(t, n)) should be gone")
        case let .constraintValid(t, n):
            switch constraints.kind(t, n) {
            case .primaryKey?:
                expect(Catalog.primaryKey(t), "primary key of \(MySQL.ident(t)) is missing")
            case let .foreignKey(shape)?:
                // Added with foreign_key_checks off, a key is valid only once no row breaks it.
                expect(Catalog.constraint(t, n), "constraint \(name(t, n)) is missing")
                expect("NOT \(Catalog.constraint(t, n)) OR \(Catalog.foreignKeyIs(t, n, shape))",
                       "foreign key \(name(t, n)) should be \(StepWriter.foreignKeyText(shape))")
                count(StepWriter.orphans(t, shape), problem: " rows of \(MySQL.ident(t)) break foreign key \(MySQL.ident(n))",
                      unknown: "foreign key \(name(t, n)) cannot be checked: its query fails")
            default:
                expect(Catalog.constraint(t, n), "constraint \(name(t, n)) is missing")
            }
        case let .constraintAbsent(t, n):
            if case .notNull? = constraints.kind(t, n) { return }  // never added on MySQL
            expect("NOT \(Catalog.constraint(t, n))", "constraint \(name(t, n)) should be gone")
        case let .backfillDone(work):
            let columns = work.set.map { MySQL.ident($0.column.value) }.joined(separator: ", ")
            let what = "\(MySQL.ident(work.table)) (\(columns))"
            count("SELECT COUNT(*) FROM \(MySQL.ident(work.table)) WHERE \(StepWriter.pendingRows(work))",
                  problem: " rows of \(what) still to backfill",
                  unknown: "backfill of \(what) cannot be checked: its query fails (are its columns there?)")
        case let .triggerAbsent(_, n):
            let names = StepWriter.triggerNames(n)
            for trigger in [names.insert, names.update] {
                expect("NOT \(Catalog.trigger(trigger))", "trigger \(MySQL.ident(trigger)) should be gone")
            }
        case let .raw(text):
            script.comment("Author-written check: fails the script itself when the change is not in place.")
            script.statement(text.sql(for: .mysql) ?? "")
        }
    }

    private mutating func column(_ t: String, _ c: String, type: ColumnType?, nullable: Bool?, hasDefault: Bool?) {
        expect(Catalog.column(t, c), "column \(name(t, c)) is missing")
        // Each detail fails only on a column that exists, so a missing column is named once.
        func differs(_ condition: String) -> String { "NOT \(Catalog.column(t, c, where: "NOT (\(condition))"))" }
        if let type {
            expect(differs(MySQLType.matches(type)), "column \(name(t, c)) should be \(MySQLType.sql(type))")
        }
        if let nullable {
            expect(differs("c.IS_NULLABLE = \(nullable ? "'YES'" : "'NO'")"),
                   "column \(name(t, c)) should be \(nullable ? "nullable" : "NOT NULL")")
        }
        if let hasDefault {
            expect(differs(hasDefault ? Catalog.hasDefault() : "NOT \(Catalog.hasDefault())"),
                   "column \(name(t, c)) should have \(hasDefault ? "a default" : "no default")")
        }
    }

    /// Expects `query` to count no rows; the problem is the count followed by `problem`.
    private mutating func count(_ query: String, problem: String, unknown: String) {
        script.statement("CALL \(Self.count)(\(MySQL.literal("SELECT (\(query)) INTO @plancc_pending")))")
        script.statement("""
        CALL \(Self.expect)(@plancc_pending = 0,
          IF(@plancc_pending IS NULL, \(MySQL.literal(unknown)), CONCAT(@plancc_pending, \(MySQL.literal(problem)))))
        """)
    }

    private mutating func expect(_ condition: String, _ problem: String) {
        script.statement("CALL \(Self.expect)(\(condition),\n  \(MySQL.literal(problem)))")
    }

    private func name(_ table: String, _ object: String) -> String { "\(MySQL.ident(table)).\(MySQL.ident(object))" }
}
