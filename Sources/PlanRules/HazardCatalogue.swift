import PlanDiagnostics

/// The hazard catalogues teams already trust (squawk, strong_migrations, Atlas's analyzers,
/// GitLab's migration cops), anchor by anchor, with what covers each in plancc: a rule, a
/// front-end error, the way the scripts are built, or why it does not apply or is not covered.
/// `docs/rules.md` prints it; `RuleDocsTests` checks that every rule and code named exists.
public enum HazardCatalogue {
    public enum Coverage: Sendable {
        /// Analysis rules, by id.
        case rules([String])
        /// A front-end error or warning.
        case diagnostic(DiagnosticCode, String)
        /// The scripts are built so the hazard cannot occur; the text says how, and names the test.
        case construction(String, rules: [String] = [])
        case notApplicable(String)
        case notCovered(String)
    }

    public struct Anchor: Sendable {
        public var source: String
        public var id: String
        public var coverage: Coverage
    }

    static func a(_ source: String, _ id: String, _ coverage: Coverage) -> Anchor { Anchor(source: source, id: id, coverage: coverage) }

    static let squawk = "squawk", strong = "strong_migrations", atlas = "Atlas", gitlab = "GitLab"

    /// NOT VALID then VALIDATE, each committed on its own.
    static let notValid = "added NOT VALID and validated in a later statement that commits on its own (ValidateApartFromAddTests)"
    static let concurrently = "indexes are built and dropped CONCURRENTLY, outside any transaction, on PostgreSQL; INPLACE, LOCK=NONE on MySQL"
    static let noViews = "the schema model knows no views: a view exists only through a sql: change, after which the history forgets what it knew (docs/history.md); PostgreSQL refuses such a change at run time and the script stops there"
    static let authorSQL = "author SQL (sql:) is not analysed; it is raw-sql at least medium"

    public static let anchors: [Anchor] = [
        // squawk (https://squawkhq.com/docs/rules)
        a(squawk, "adding-field-with-default", .rules(["add-not-null-column"])),
        a(squawk, "adding-foreign-key-constraint", .construction(notValid, rules: ["add-foreign-key"])),
        a(squawk, "adding-not-nullable-field", .construction("set_not_null proves NOT NULL with a NOT VALID check validated apart, then SET NOT NULL skips its scan", rules: ["set-not-null", "not-null-without-backfill"])),
        a(squawk, "adding-required-field", .diagnostic(.notNullWithoutDefault, "NOT NULL without a default on a table that exists before the spec")),
        a(squawk, "adding-serial-primary-key-field", .rules(["add-primary-key", "unique-on-large-table"])),
        a(squawk, "ban-char-field", .notCovered("a schema style choice, not a migration hazard")),
        a(squawk, "ban-concurrent-index-creation-in-transaction", .construction("CONCURRENTLY steps run outside any transaction (ValidateApartFromAddTests checks no script opens one)")),
        a(squawk, "ban-drop-column", .rules(["drop-column"])),
        a(squawk, "ban-drop-database", .notApplicable("no operation drops a database")),
        a(squawk, "ban-drop-not-null", .rules(["drop-not-null"])),
        a(squawk, "ban-drop-table", .rules(["drop-table"])),
        a(squawk, "changing-column-type", .rules(["alter-column-type", "type-change-rewrites-table", "narrowing-type-change"])),
        a(squawk, "constraint-missing-not-valid", .construction(notValid, rules: ["add-check", "add-foreign-key"])),
        a(squawk, "disallowed-unique-constraint", .construction("a unique constraint is a concurrent unique index, then ADD CONSTRAINT ... USING INDEX", rules: ["unique-on-large-table"])),
        a(squawk, "prefer-bigint-over-int / prefer-bigint-over-smallint / prefer-identity / prefer-text-field / prefer-timestamptz",
          .notCovered("schema style choices, not migration hazards")),
        a(squawk, "prefer-robust-stmts", .construction("every step checks the catalog (IF [NOT] EXISTS, psql \\if, information_schema guards) so a re-run skips what is done (the round-trip tests run each script twice)")),
        a(squawk, "renaming-column", .rules(["rename-column", "rename-in-single-step"])),
        a(squawk, "renaming-table", .rules(["rename-table", "rename-in-single-step"])),
        a(squawk, "require-concurrent-index-creation / require-concurrent-index-deletion", .construction(concurrently, rules: ["create-index", "drop-index"])),
        a(squawk, "require-timeout-settings", .construction("every script sets lock_timeout and statement_timeout (rollout) first")),
        a(squawk, "transaction-nesting / ban-uncommitted-transaction", .construction("the scripts open no transaction around statements; each top-level statement commits on its own")),
        a(squawk, "require-enum-value-ordering / ban-add-enum-value", .notCovered("PostgreSQL enum types exist only through sql:; " + authorSQL + ". MySQL ENUM lists: enum-values-changed")),
        a(squawk, "ban-truncate-cascade / ban-create-domain-with-constraint / ban-alter-domain-with-add-constraint", .notApplicable("no operation truncates or makes domains; " + authorSQL)),
        a(squawk, "identifier-too-long", .diagnostic(.identifierTooLong, "names, generated ones included, checked against 63 bytes (PostgreSQL) and 64 (MySQL)")),
        a(squawk, "syntax-error", .diagnostic(.sqlSyntax, "every SQL text is parsed by PostgreSQL's parser")),
        a(squawk, "require-concurrent-reindex / require-concurrent-partition-detach / prefer-repack", .notApplicable("no reindex or partition operation")),

        // strong_migrations (lib/strong_migrations/error_messages.rb)
        a(strong, "add_column_default", .rules(["add-not-null-column", "add-nullable-column"])),
        a(strong, "add_column_default_callable", .construction("a default marked volatile: true is added without it, set for new rows, and filled in batches before NOT NULL", rules: ["add-not-null-column"])),
        a(strong, "add_column_json", .notApplicable("the portable json type is jsonb on PostgreSQL")),
        a(strong, "add_column_generated_stored", .notApplicable("no generated columns")),
        a(strong, "change_column", .rules(["alter-column-type", "type-change-rewrites-table"])),
        a(strong, "change_column_with_not_null", .rules(["set-not-null"])),
        a(strong, "remove_column", .rules(["drop-column"])),
        a(strong, "rename_column", .rules(["rename-column", "rename-in-single-step"])),
        a(strong, "rename_table", .rules(["rename-table", "rename-in-single-step"])),
        a(strong, "add_reference", .construction(notValid, rules: ["add-foreign-key", "foreign-key-without-index"])),
        a(strong, "add_index / remove_index", .construction(concurrently, rules: ["create-index", "drop-index"])),
        a(strong, "add_index_columns", .notCovered("index design advice, not a migration hazard")),
        a(strong, "add_index_corruption", .notCovered("a PostgreSQL 14.0–14.3 bug: targets name the major version only")),
        a(strong, "change_table / execute", .rules(["raw-sql", "raw-sql-without-rollback"])),
        a(strong, "create_table (force)", .diagnostic(.duplicateName, "create_table of a table that already exists (in the spec or its history)")),
        a(strong, "change_column_default", .notApplicable("about Rails partial writes; a default change is a catalog change (change-default)")),
        a(strong, "change_column_null", .construction("set_not_null never fills rows in one UPDATE: a backfill runs in batches", rules: ["not-null-without-backfill"])),
        a(strong, "change_column_null_postgresql", .construction("a NOT VALID check, validated apart, lets SET NOT NULL skip its scan under lock", rules: ["set-not-null"])),
        a(strong, "change_column_null_mysql", .construction("the MySQL scripts require STRICT_TRANS_TABLES (header) and count NULLs before MODIFY ... NOT NULL", rules: ["set-not-null"])),
        a(strong, "add_foreign_key", .construction(notValid, rules: ["add-foreign-key"])),
        a(strong, "validate_foreign_key / validate_check_constraint", .construction(notValid)),
        a(strong, "add_check_constraint", .construction(notValid, rules: ["add-check"])),
        a(strong, "add_check_constraint_mysql", .rules(["add-check"])),
        a(strong, "add_exclusion_constraint", .notApplicable("no exclusion constraints")),

        // Atlas (atlasgo.io/lint/analyzers)
        a(atlas, "BC101", .rules(["rename-table", "rename-in-single-step"])),
        a(atlas, "BC102", .rules(["rename-column", "rename-in-single-step"])),
        a(atlas, "CD101", .rules(["drop-constraint"])),
        a(atlas, "DS101", .notApplicable("no operation drops a schema")),
        a(atlas, "DS102", .rules(["drop-table"])),
        a(atlas, "DS103", .rules(["drop-column"])),
        a(atlas, "MF101", .rules(["unique-on-large-table", "create-index"])),
        a(atlas, "MF102", .notApplicable("no operation turns an index unique; it is a drop and a create")),
        a(atlas, "MF103", .diagnostic(.notNullWithoutDefault, "NOT NULL without a default on a table that exists before the spec")),
        a(atlas, "MF104", .rules(["set-not-null", "not-null-without-backfill"])),
        a(atlas, "PG101 / PG102 / PG103", .construction(concurrently, rules: ["create-index", "drop-index"])),
        a(atlas, "PG104", .construction("a primary key is a concurrent unique index, attached after", rules: ["add-primary-key"])),
        a(atlas, "PG105", .construction("a unique constraint is a concurrent unique index, then ADD CONSTRAINT ... USING INDEX", rules: ["unique-on-large-table"])),
        a(atlas, "PG110", .notCovered("column order for alignment is a schema design choice")),
        a(atlas, "PG301", .rules(["type-change-rewrites-table"])),
        a(atlas, "PG302", .rules(["add-not-null-column"])),
        a(atlas, "PG303", .construction("a NOT VALID check, validated apart, lets SET NOT NULL skip its scan under lock", rules: ["set-not-null"])),
        a(atlas, "PG304", .rules(["add-primary-key"])),
        a(atlas, "PG305", .construction(notValid, rules: ["add-check"])),
        a(atlas, "MY101", .diagnostic(.notNullWithoutDefault, "NOT NULL without a default on a table that exists before the spec")),
        a(atlas, "MY102", .notApplicable("plancc writes a column's references as a FOREIGN KEY constraint of its own")),
        a(atlas, "MY110 / MY111 / MY112 / MY113", .rules(["enum-values-changed"])),
        a(atlas, "MY120 / MY121 / MY122 / MY123", .rules(["enum-values-changed"])),
        a(atlas, "NM101–NM106", .notCovered("naming policies are the team's; plancc checks only what the dialects allow (E0203, E0204)")),
        a(atlas, "LT101", .notApplicable("no SQLite dialect")),

        // GitLab (rubocop/cop/migration)
        a(gitlab, "Migration/AddColumnWithDefault / AddColumnWithDefaultToLargeTable / SaferBooleanColumn", .rules(["add-not-null-column"])),
        a(gitlab, "Migration/AddConcurrentForeignKey", .construction(notValid, rules: ["add-foreign-key"])),
        a(gitlab, "Migration/AddConcurrentIndex / AddIndex / RemoveIndex / RemoveConcurrentIndex", .construction(concurrently, rules: ["create-index", "drop-index"])),
        a(gitlab, "Migration/AddReference", .rules(["foreign-key-without-index"])),
        a(gitlab, "Migration/RemoveColumn / DropTable", .rules(["drop-column", "drop-table"])),
        a(gitlab, "Migration/UpdateColumnInBatches / UpdateLargeTable", .rules(["backfill", "backfill-many-rows", "backfill-large-table"])),
        a(gitlab, "Migration/ChangeColumnNullOnHighTrafficTable", .rules(["set-not-null"])),
        a(gitlab, "Migration/WithLockRetries*", .construction("every step that takes a strong lock retries on lock_timeout with backoff (rollout.lock_retries)")),
        a(gitlab, "Migration/ReferToIndexByName / ComplexIndexesRequireName", .construction("every index is named in the spec")),
        a(gitlab, "Migration/CreateTableWithForeignKeys", .notCovered("a new table's keys are added NOT VALID and validated, which locks the referenced tables briefly, one key at a time")),
        a(gitlab, "Migration/PreventIndexCreation / PreventAddingColumns / AddColumnsToWideTables", .notApplicable("lists of GitLab's own large tables; here tables.rows drives the large-table rules")),
        a(gitlab, "Migration/Datetime / Timestamps / AddLimitToTextColumns / PreventStrings", .notCovered("type style choices, not migration hazards")),

        // Asked for by name (issue 13)
        a("issue 13", "type change on a column a view uses", .notCovered(noViews)),
        a("issue 13", "VALIDATE in the same transaction as ADD", .construction(notValid)),
        a("issue 13", "backfill key without an index", .rules(["backfill-key-without-index"])),
        a("issue 13", "ON DELETE CASCADE added to a big table", .rules(["cascade-on-large-table"])),
        a("issue 13", "unique partial index on MySQL", .diagnostic(.uniquePartialIndexOnMySQL, "MySQL has no partial indexes; a non-unique one is warning W0103")),
    ]

    /// The table of docs/rules.md.
    static func markdown() -> String {
        var md = """

            ## Hazard catalogues

            What the linters teams already use would flag, anchor by anchor, and what covers it here:
            a rule above, a front-end error, the way plancc builds its scripts (so the hazard cannot
            occur), or why it does not apply or is not covered.

            | source | anchor | plancc |
            |---|---|---|

            """
        for anchor in anchors {
            md += "| \(anchor.source) | `\(anchor.id)` | \(describe(anchor.coverage)) |\n"
        }
        return md
    }

    static func describe(_ coverage: Coverage) -> String {
        func links(_ ids: [String]) -> String { ids.map { "[`\($0)`](#\($0))" }.joined(separator: ", ") }
        switch coverage {
        case let .rules(ids): return links(ids)
        case let .diagnostic(code, text): return "\(code.severity.rawValue) \(code.rawValue): \(text)"
        case let .construction(text, ids): return "by construction: \(text)" + (ids.isEmpty ? "" : "; " + links(ids))
        case let .notApplicable(text): return "not applicable: \(text)"
        case let .notCovered(text): return "not covered: \(text)"
        }
    }
}
