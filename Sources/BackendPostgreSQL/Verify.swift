import Planner
import PlanSpec

/// verify.sql: one `DO` block that checks every expectation against the catalog, collects what
/// is wrong and raises one exception naming each problem (psql exits non-zero under
/// `ON_ERROR_STOP`); then the author's own verify statements.
enum Verify {
    static func render(_ plan: Plan, into script: inout ScriptBuilder) {
        var body = """
            DECLARE
                _plancc_problems text[] := '{}';
                _plancc_found boolean;
                _plancc_flag boolean;
                _plancc_unique boolean;
                _plancc_type text;
                _plancc_type_id regtype;
                _plancc_not_null boolean;
                _plancc_has_default boolean;
                _plancc_count bigint;
                _plancc_names text;
                _plancc_columns text[];
                _plancc_partial boolean;
                _plancc_definition text;
            BEGIN

            """
        let definitions = ConstraintDefinitions(plan)
        for check in plan.verify {
            guard let lines = self.check(check.expectation, definitions) else { continue }
            body += "    -- \(check.origin.comment)\n" + indent(lines)
        }
        let touched = touchedTables(plan.verify)
        if !touched.isEmpty {
            body += "    -- a failed CREATE INDEX CONCURRENTLY leaves an INVALID index that still slows writes\n" + indent("""
                SELECT string_agg(quote_ident(c.relname), ', ' ORDER BY c.relname) INTO _plancc_names
                  FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
                 WHERE i.indrelid = ANY (ARRAY[\(touched.map(SQL.regclass).joined(separator: ", "))]) AND NOT i.indisvalid;
                IF _plancc_names IS NOT NULL THEN
                    _plancc_problems := _plancc_problems || ('invalid index(es) left by a failed concurrent build: ' || _plancc_names);
                END IF;

                """)
        }
        body += """
                IF cardinality(_plancc_problems) > 0 THEN
                    RAISE EXCEPTION 'plancc verify failed: % problem(s)%', cardinality(_plancc_problems),
                        chr(10) || '  - ' || array_to_string(_plancc_problems, chr(10) || '  - ');
                END IF;
                RAISE NOTICE 'plancc verify passed: %', \(SQL.literal(plan.spec.id.value));
            END

            """
        script.comment("Every expectation below is checked; the exception lists all that fail.")
        script.line("DO \(SQL.dollarQuoted(body));")
        for check in plan.verify {
            guard case let .raw(text) = check.expectation else { continue }
            script.line()
            script.origin(check.origin)
            script.comment("The author's verification: it fails by raising an error.")
            script.raw(SQL.statements(text))
        }
    }

    /// The PL/pgSQL that records a problem when the expectation does not hold; nil for raw checks.
    private static func check(_ expectation: Expectation, _ definitions: ConstraintDefinitions) -> String? {
        switch expectation {
        case let .tableExists(table):
            return unless("EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = \(SQL.regclass(table)) AND c.relkind IN ('r', 'p'))",
                          "table \(SQL.ident(table)) is missing")
        case let .tableAbsent(table):
            return unless("\(SQL.regclass(table)) IS NULL", "table \(SQL.ident(table)) still exists")
        case let .viewAbsent(view):
            return unless("\(SQL.regclass(view)) IS NULL", "view \(SQL.ident(view)) still exists")
        case let .columnExists(table, column, type, nullable, hasDefault):
            return columnExists(table: table, column: column, type: type, nullable: nullable, hasDefault: hasDefault)
        case let .columnAbsent(table, column):
            return unless("NOT EXISTS (\(attribute(table, column)))", "column \(qualified(table, column)) still exists")
        case let .indexValid(table, name, shape):
            return indexValid(table: table, name: name, shape: shape)
        case let .indexAbsent(_, name):
            return unless("\(SQL.regclass(name)) IS NULL", "index \(SQL.ident(name)) still exists")
        case let .constraintValid(table, name):
            return """
                SELECT c.convalidated INTO _plancc_flag FROM pg_catalog.pg_constraint c
                 WHERE c.conrelid = \(SQL.regclass(table)) AND c.conname = \(SQL.literal(name));
                IF NOT FOUND THEN
                    _plancc_problems := _plancc_problems || \(SQL.literal("constraint \(SQL.ident(name)) on \(SQL.ident(table)) is missing"))::text;
                ELSIF NOT _plancc_flag THEN
                    _plancc_problems := _plancc_problems || \(SQL.literal("constraint \(SQL.ident(name)) on \(SQL.ident(table)) is NOT VALID: run VALIDATE CONSTRAINT"))::text;
                END IF;

                """ + constraintDefinition(table: table, name: name, definitions.definition(table, name))
        case let .constraintAbsent(table, name):
            return unless("NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conrelid = \(SQL.regclass(table)) AND c.conname = \(SQL.literal(name)))",
                          "constraint \(SQL.ident(name)) on \(SQL.ident(table)) still exists")
        case let .backfillDone(work):
            return backfillDone(work)
        case let .triggerAbsent(table, name):
            let names = [SyncTriggers.firstTriggerName(name), SyncTriggers.triggerName(name), name].map(SQL.literal).joined(separator: ", ")
            return unless("NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t WHERE t.tgrelid = \(SQL.regclass(table)) AND t.tgname IN (\(names)))",
                          "sync trigger \(SQL.ident(SyncTriggers.triggerName(name))) on \(SQL.ident(table)) is still installed")
        case .raw:
            return nil
        }
    }

    private static func columnExists(table: String, column: String, type: ColumnType?, nullable: Bool?, hasDefault: Bool?) -> String {
        let name = qualified(table, column)
        var details = ""
        if let type {
            if let expected = SQL.catalogTypeName(type) {
                details += problemIf("_plancc_type <> \(SQL.literal(expected))",
                                     "format('column %s has type %s, expected %s', \(SQL.literal(name)), _plancc_type, \(SQL.literal(expected)))")
            } else {
                // A per-dialect type: its base type is compared (typmods are the author's own spelling).
                let spelled = SQL.type(type)
                details += problemIf("_plancc_type_id IS DISTINCT FROM to_regtype(\(SQL.literal(spelled)))",
                                     "format('column %s has type %s, expected %s', \(SQL.literal(name)), _plancc_type, \(SQL.literal(spelled)))")
            }
        }
        if let nullable {
            details += nullable
                ? problemIf("_plancc_not_null", SQL.literal("column \(name) is NOT NULL, expected nullable"))
                : problemIf("NOT _plancc_not_null", SQL.literal("column \(name) allows NULL (or its NOT NULL is NOT VALID yet), expected NOT NULL"))
        }
        if let hasDefault {
            details += hasDefault
                ? problemIf("NOT _plancc_has_default", SQL.literal("column \(name) has no default, expected one"))
                : problemIf("_plancc_has_default", SQL.literal("column \(name) has a default, expected none"))
        }
        // Expected NOT NULL: a NOT VALID not-null constraint (PostgreSQL 18) sets attnotnull
        // and refuses new NULLs, but old rows may still hold one until it is validated.
        let notNull = nullable == false ? "a.attnotnull AND NOT \(PostgresTarget.invalidNotNull("a"))" : "a.attnotnull"
        return """
            SELECT format_type(a.atttypid, a.atttypmod), a.atttypid, \(notNull), a.atthasdef
              INTO _plancc_type, _plancc_type_id, _plancc_not_null, _plancc_has_default
              FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = \(SQL.regclass(table)) AND a.attname = \(SQL.literal(column)) AND a.attnum > 0 AND NOT a.attisdropped;
            IF NOT FOUND THEN
                _plancc_problems := _plancc_problems || \(SQL.literal("column \(name) is missing"))::text;
            ELSE
            \(indent(details))END IF;

            """
    }

    private static func indexValid(table: String, name: String, shape: IndexShape) -> String {
        let index = SQL.ident(name)
        let columns = shape.columns.map(\.name.value)
        let expected = "ARRAY[\(columns.map(SQL.literal).joined(separator: ", "))]::text[]"
        let definition = problemIf("_plancc_unique IS DISTINCT FROM \(shape.unique)",
                                   SQL.literal("index \(index) is \(shape.unique ? "not unique" : "unique"), expected \(shape.unique ? "unique" : "not unique")"))
            + problemIf("_plancc_columns IS DISTINCT FROM \(expected)",
                        "format('index %s is on (%s), expected (%s)', \(SQL.literal(index)), array_to_string(_plancc_columns, ', ', '<expression>'), \(SQL.literal(SQL.idents(columns))))")
            + problemIf("_plancc_partial IS DISTINCT FROM \(shape.filter != nil)",
                        SQL.literal("index \(index) is \(shape.filter != nil ? "not partial, expected a WHERE predicate" : "partial, expected it over every row")"))
        // Expression columns (attnum 0) have no name: NULL in the array, so they never match a column list.
        return """
            SELECT i.indisvalid, i.indisunique, i.indrelid = \(SQL.regclass(table)), i.indpred IS NOT NULL,
                   ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                           LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                          ORDER BY k.n)
              INTO _plancc_flag, _plancc_unique, _plancc_found, _plancc_partial, _plancc_columns
              FROM pg_catalog.pg_index i WHERE i.indexrelid = \(SQL.regclass(name));
            IF NOT FOUND THEN
                _plancc_problems := _plancc_problems || \(SQL.literal("index \(index) on \(SQL.ident(table)) is missing"))::text;
            ELSE
            \(indent(problemIf("NOT _plancc_flag", SQL.literal("index \(index) is INVALID (a failed concurrent build): run forward again"))
                + problemIf("NOT _plancc_found", SQL.literal("index \(index) is not on table \(SQL.ident(table))")) + definition))END IF;

            """
    }

    /// The definition of a constraint the plan adds, compared with the catalog's: a foreign
    /// key's columns, referenced table and columns and actions; a unique constraint's columns;
    /// a primary key's columns. A check's text is PostgreSQL's to normalise: only its kind is compared.
    private static func constraintDefinition(table: String, name: String, _ action: Action?) -> String {
        let constraint = "constraint \(SQL.ident(name)) on \(SQL.ident(table))"
        func columns(_ array: String, of relation: String) -> String {
            "ARRAY(SELECT a.attname::text FROM unnest(\(array)) WITH ORDINALITY AS k(attnum, n) "
                + "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = \(relation) AND a.attnum = k.attnum ORDER BY k.n)"
        }
        func names(_ list: [String]) -> String { "ARRAY[\(list.map(SQL.literal).joined(separator: ", "))]::text[]" }
        let expected: (kind: String, what: String, definition: String)
        switch action {
        case let .addForeignKey(_, _, shape, _)?:
            func code(_ action: ReferentialAction) -> String {
                switch action {
                case .noAction: "a"
                case .restrict: "r"
                case .cascade: "c"
                case .setNull: "n"
                case .setDefault: "d"
                }
            }
            let text = Constraints.foreignKeyClause(shape)
            expected = ("f", text, """
                c.contype = 'f' AND \(columns("c.conkey", of: "c.conrelid")) = \(names(shape.columns.map(\.value)))
                  AND c.confrelid = \(SQL.regclass(shape.referencedTable.value))
                  AND \(columns("c.confkey", of: "c.confrelid")) = \(names(shape.referencedColumns.map(\.value)))
                  AND c.confdeltype = '\(code(shape.onDelete))' AND c.confupdtype = '\(code(shape.onUpdate))'
                """)
        case let .addUnique(_, _, list)?:
            expected = ("u", "UNIQUE (\(SQL.idents(list)))", "c.contype = 'u' AND \(columns("c.conkey", of: "c.conrelid")) = \(names(list))")
        case let .addPrimaryKey(_, _, list)?:
            expected = ("p", "PRIMARY KEY (\(SQL.idents(list)))", "c.contype = 'p' AND \(columns("c.conkey", of: "c.conrelid")) = \(names(list))")
        case .addCheck?:
            expected = ("c", "a CHECK constraint", "c.contype = 'c'")
        case .addNotNullCheck?:
            // PostgreSQL 18's NOT NULL NOT VALID is a not-null constraint (contype n).
            expected = ("c", "a CHECK or NOT NULL constraint", "c.contype IN ('c', 'n')")
        default:
            return ""
        }
        return """
            SELECT pg_catalog.pg_get_constraintdef(c.oid), \(expected.definition)
              INTO _plancc_definition, _plancc_flag
              FROM pg_catalog.pg_constraint c WHERE c.conrelid = \(SQL.regclass(table)) AND c.conname = \(SQL.literal(name));
            IF FOUND AND NOT _plancc_flag THEN
                _plancc_problems := _plancc_problems || format('%s is %s, expected %s', \(SQL.literal(constraint)), _plancc_definition, \(SQL.literal(expected.what)));
            END IF;

            """
    }

    /// Counts the rows still pending; a missing table or column is itself a problem, not a crash.
    private static func backfillDone(_ work: BackfillWork) -> String {
        let table = SQL.ident(work.table)
        let count = "SELECT count(*) FROM \(table) WHERE \(Backfills.pendingRows(work))"
        return """
            BEGIN
                EXECUTE \(SQL.literal(count)) INTO _plancc_count;
                IF _plancc_count > 0 THEN
                    _plancc_problems := _plancc_problems || format('%s row(s) of %s still wait for the backfill', _plancc_count, \(SQL.literal(table)));
                END IF;
            EXCEPTION WHEN undefined_table OR undefined_column THEN
                _plancc_problems := _plancc_problems || format('cannot check the backfill of %s: %s', \(SQL.literal(table)), SQLERRM);
            END;

            """
    }

    private static func unless(_ condition: String, _ problem: String) -> String {
        """
        IF NOT (\(condition)) THEN
            _plancc_problems := _plancc_problems || \(SQL.literal(problem))::text;
        END IF;

        """
    }

    private static func problemIf(_ condition: String, _ message: String) -> String {
        """
        IF \(condition) THEN
            _plancc_problems := _plancc_problems || \(message)::text;
        END IF;

        """
    }

    private static func attribute(_ table: String, _ column: String) -> String {
        "SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = \(SQL.regclass(table)) AND a.attname = \(SQL.literal(column)) AND a.attnum > 0 AND NOT a.attisdropped"
    }

    private static func qualified(_ table: String, _ column: String) -> String {
        SQL.ident(table) + "." + SQL.ident(column)
    }

    /// Tables that verify expects to exist, for the invalid-index sweep.
    private static func touchedTables(_ checks: [Check]) -> [String] {
        var tables: [String] = []
        for check in checks {
            let table: String?
            switch check.expectation {
            case let .tableExists(t), let .columnExists(t, _, _, _, _), let .indexValid(t, _, _), let .constraintValid(t, _): table = t
            case let .backfillDone(work): table = work.table
            default: table = nil
            }
            if let table, !tables.contains(table) { tables.append(table) }
        }
        return tables
    }

    private static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "    " + $0 }
            .joined(separator: "\n")
    }
}
