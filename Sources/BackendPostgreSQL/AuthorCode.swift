import Planner
import PlanSpec
import PlanSQL

/// The author's code of a `sql` change, run only while it is still to do, so that a re-run of
/// the script goes past it. With the change's `verify`: the verify runs first in a sub-block
/// (errors caught, a failure rolled back) and the code runs only when it failed. Without one:
/// the code runs only while `plancc_ledger` has no row for the change, and the row is written
/// with it, in one transaction with it unless the code cannot run in one (`TransactionBlock`:
/// CONCURRENTLY, VACUUM...), when both run outside any, as written.
enum AuthorCodes {
    /// The session setting that carries the verify's outcome to psql's `\if`.
    static let doneSetting = "plancc.author_code_done"

    static func pieces(_ author: AuthorCode, subject: String) -> [Piece] {
        let code = SQL.statements(author.code)
        guard let verify = author.verify else {
            let done = "EXISTS (SELECT 1 FROM \(ledger) WHERE \(key(author.ledger)))"
            return [
                .autocommit("CREATE TABLE IF NOT EXISTS \(ledger) (spec_id text NOT NULL, change_index integer NOT NULL, "
                    + "applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (spec_id, change_index));", .ddl, .none),
                .autocommit(notice("plancc: \(subject) ran before (its row in \(LedgerEntry.name)): not run again"), .check, .none, onlyIf: done),
                ledgered(code, author),
            ]
        }
        let check = """
            BEGIN
                BEGIN
                    EXECUTE \(SQL.dollarQuoted(SQL.statements(verify) + "\n"));
                    PERFORM set_config(\(SQL.literal(doneSetting)), 'on', false);
                    RAISE NOTICE '%', \(SQL.literal("plancc: \(subject): its verify passes already, so its code is not run again"));
                EXCEPTION WHEN OTHERS THEN
                    PERFORM set_config(\(SQL.literal(doneSetting)), 'off', false);
                END;
            END

            """
        return [
            .autocommit("-- The change's verify first (errors caught): the code runs only when it does not pass yet.\nDO \(SQL.dollarQuoted(check));",
                        .check, .unknown),
            Piece(.autocommit, code, kind: .authorCode, effect: .unknown, onlyIf: "NOT current_setting(\(SQL.literal(doneSetting)))::boolean",
                  skip: .verify),
        ]
    }

    /// The code and its ledger row, in one transaction when the code can run in one: a run
    /// stopped between them (a killed psql) leaves neither, so a re-run runs the code once.
    private static func ledgered(_ code: String, _ author: AuthorCode) -> Piece {
        let done = "EXISTS (SELECT 1 FROM \(ledger) WHERE \(key(author.ledger)))"
        let insert = "INSERT INTO \(ledger) (spec_id, change_index) VALUES (\(SQL.literal(author.ledger.specID)), \(author.ledger.changeIndex));"
        guard let obstacle = TransactionBlock.obstacle(in: code) else {
            var piece = Piece(.autocommit, "-- In one transaction with its \(LedgerEntry.name) row: a run stopped half-way leaves neither.\n"
                              + "BEGIN;\n\(code)\n\(insert)\nCOMMIT;", kind: .authorCode, effect: .unknown, onlyIf: "NOT \(done)", skip: .ledger)
            piece.ownTransaction = true
            return piece
        }
        return Piece(.autocommit, "-- Not in one transaction with its \(LedgerEntry.name) row: it holds \(obstacle), which cannot run in a "
                     + "transaction block. A run stopped after the code and before the row runs the code again: give the change a verify.\n"
                     + "\(code)\n\(insert)", kind: .authorCode, effect: .unknown, onlyIf: "NOT \(done)", skip: .ledger)
    }

    /// Rollback of a change without a verify: its ledger row goes, so a later forward runs the code again.
    static func forget(_ entry: LedgerEntry) -> [Piece] {
        [.autocommit("DELETE FROM \(ledger) WHERE \(key(entry));", .ddl, .none, onlyIf: "to_regclass(\(SQL.literal(LedgerEntry.name))) IS NOT NULL")]
    }

    private static var ledger: String { SQL.ident(LedgerEntry.name) }

    private static func key(_ entry: LedgerEntry) -> String {
        "spec_id = \(SQL.literal(entry.specID)) AND change_index = \(entry.changeIndex)"
    }

    private static func notice(_ message: String) -> String {
        "DO \(SQL.dollarQuoted("BEGIN\n    RAISE NOTICE '%', \(SQL.literal(message));\nEND\n"));"
    }
}
