import Planner
import PlanSpec

/// What `targets.postgresql` changes in the scripts. Below 18 nothing does: the scripts are
/// written for PostgreSQL 14 and run on every later version. From 18 on, NOT NULL is proven by
/// PostgreSQL's own not-null constraint instead of a check:
///
///     ALTER TABLE t ADD CONSTRAINT t_c_not_null NOT NULL c NOT VALID;   -- brief ACCESS EXCLUSIVE, no scan
///     ALTER TABLE t VALIDATE CONSTRAINT t_c_not_null;                   -- SHARE UPDATE EXCLUSIVE: reads and writes go on
///
/// Once validated, that constraint *is* the column's NOT NULL (pg_attribute.attnotnull, the
/// pg_constraint row of contype 'n' with convalidated), so no `SET NOT NULL` follows and nothing
/// is dropped after: the plan's `SET NOT NULL` and the drop of its proof check become no-ops
/// (the drop still removes a check that a run of the < 18 scripts left behind). While NOT VALID
/// the constraint already refuses new NULLs and sets attnotnull (information_schema says NO),
/// which is why verify also looks for an unvalidated contype 'n' row. `DROP NOT NULL` removes
/// the constraint, valid or not, so rollback is unchanged. The other places that prove NOT NULL
/// take the same form on 18: add_primary_key over nullable columns (then `SET NOT NULL`, which
/// finds the validated constraint and changes nothing, and the key over an index built
/// concurrently), a soft drop_column's rollback, and the NOT NULL a rename or type change hands
/// its new column at contract. Checked on PostgreSQL 18.
struct PostgresTarget {
    let version: Int
    /// The proof checks of the plan (`addNotNullCheck`) by name, with their table and column.
    private let proofs: [String: (table: String, column: String)]

    init(_ plan: Plan) {
        version = plan.spec.targets.postgreSQLVersion
        var proofs: [String: (table: String, column: String)] = [:]
        for phase in Phase.allCases {
            for step in plan.steps(in: phase) {
                if case let .addNotNullCheck(table, name, column) = step.action { proofs[name] = (table, column) }
            }
        }
        self.proofs = proofs
    }

    /// Above the default target the scripts may use what that version added (18's NOT NULL NOT
    /// VALID, a function E0318 let through), so each stops first on an older server, before
    /// anything ran, rather than half-way on a syntax error.
    func requireServer(into script: inout ScriptBuilder) {
        guard version > Targets.defaultPostgreSQL else { return }
        let body = "BEGIN IF current_setting('server_version_num')::int < \(version * 10000) THEN "
            + "RAISE EXCEPTION 'plancc: these scripts are written for PostgreSQL \(version) (targets.postgresql) and this server is %; nothing was run', "
            + "current_setting('server_version'); END IF; END"
        script.line("DO \(SQL.dollarQuoted(body));")
    }

    /// PostgreSQL 18's `ADD CONSTRAINT ... NOT NULL ... NOT VALID`.
    var hasNotNullNotValid: Bool { version >= 18 }

    /// The target's spelling of `action`, or nil where it is the same on every version.
    func pieces(_ action: Action) -> [Piece]? {
        guard hasNotNullNotValid else { return provenOnce(action) }
        switch action {
        case let .addNotNullCheck(table, _, column):
            return Self.notNullProof(table: table, column: column)
        case let .validateConstraint(table, name):
            guard let proof = proofs[name] else { return nil }
            return Constraints.validate(table: table, name: GeneratedNames.notNullConstraint(table: proof.table, column: proof.column))
        case let .setNotNull(table, column, _) where proofs.values.contains(where: { $0 == (table, column) }):
            // The validated constraint is the NOT NULL; SET NOT NULL would only take an
            // ACCESS EXCLUSIVE lock (or, were the constraint still NOT VALID, scan under it).
            return []
        case let .addPrimaryKey(table, name, columns):
            return Constraints.primaryKey(table: table, name: name, columns: columns, notNullNotValid: true)
        case let .restoreNotNull(table, column, original):
            return DropColumn.restoreNotNull(table: table, column: column, original: original, notNullNotValid: true)
        case let .renameColumn(table, from, to) where from == Plan.shadowName(to):
            // A type change's contract: the shadow's not-null constraint takes the final name too.
            return Columns.rename(table: table, from: from, to: to) + [ColumnAdoption.notNullRename(table: table, from: from, to: to)]
        case let .dropConstraint(table, name) where proofs[name] != nil:
            // Only a check left by the < 18 scripts; no lock is taken when there is none.
            return [.transaction("ALTER TABLE \(SQL.ident(table)) DROP CONSTRAINT IF EXISTS \(SQL.ident(name));",
                                 .catalog(table), onlyIf: Constraints.exists(table: table, name: name))]
        default:
            return nil
        }
    }

    /// Below 18 the proof is a check that is dropped once SET NOT NULL ran, so a re-run would
    /// count the NULLs, add the check and validate it (a full scan) again: the proof, its VALIDATE
    /// and the SET NOT NULL are skipped while the column is NOT NULL already (`validNotNull`),
    /// as on 18. The drop of the check is not: a run stopped after SET NOT NULL leaves it behind.
    private func provenOnce(_ action: Action) -> [Piece]? {
        switch action {
        case let .addNotNullCheck(table, name, column):
            let pending = "NOT " + Self.validNotNull(table, column)
            return Constraints.nullRefusal(table: table, names: [name], column: column, onlyIf: pending)
                + Constraints.notNullCheck(table: table, name: name, column: column).map { $0.requiring(pending) }
        case let .validateConstraint(table, name):
            guard let proof = proofs[name] else { return nil }
            return Constraints.validate(table: table, name: name).map { $0.requiring("NOT " + Self.validNotNull(proof.table, proof.column)) }
        case let .setNotNull(table, column, _) where proofs.values.contains(where: { $0 == (table, column) }):
            return Columns.setNotNull(table: table, column: column).map { $0.requiring("NOT " + Self.validNotNull(table, column)) }
        default:
            return nil
        }
    }

    /// The target's spelling of what runs before the first step of `action`'s change, or nil
    /// where it is the same on every version (`Actions.preparation`).
    func preparation(_ action: Action, dropped: Set<String> = []) -> [Piece]? {
        guard hasNotNullNotValid, case let .adoptColumnAttributes(table, from, to, _) = action else { return nil }
        return ColumnAdoption.proof(table: table, from: from, to: to, notNullNotValid: true, dropped: dropped)
    }

    /// The NULLs are counted first, as for the check (`Constraints.nullRefusal`): while there are
    /// any, a NOT VALID constraint left by an earlier run goes and the script stops with the
    /// count. The constraint is added only while the column has none (PostgreSQL allows one
    /// per column and refuses a second under another name).
    static func notNullProof(table: String, column: String) -> [Piece] {
        let name = GeneratedNames.notNullConstraint(table: table, column: column)
        let add = "ALTER TABLE \(SQL.ident(table)) ADD CONSTRAINT \(SQL.ident(name)) NOT NULL \(SQL.ident(column)) NOT VALID;"
        return Constraints.nullRefusal(table: table, names: [name], column: column, onlyIf: "NOT " + validNotNull(table, column))
            + [.transaction(add, .catalog(table), onlyIf: Columns.exists(table, column, where: "NOT a.attnotnull"))]
    }

    /// True when the column is NOT NULL by a validated constraint: attnotnull, and no
    /// unvalidated not-null constraint (contype 'n', PostgreSQL 18+; none before 18).
    static func validNotNull(_ table: String, _ column: String) -> String {
        Columns.exists(table, column, where: "a.attnotnull AND NOT " + invalidNotNull("a"))
    }

    /// An unvalidated not-null constraint on the column of pg_attribute row `alias`.
    static func invalidNotNull(_ alias: String) -> String {
        "EXISTS (SELECT 1 FROM pg_catalog.pg_constraint n WHERE n.conrelid = \(alias).attrelid AND n.contype = 'n' "
            + "AND n.conkey = ARRAY[\(alias).attnum] AND NOT n.convalidated)"
    }
}
