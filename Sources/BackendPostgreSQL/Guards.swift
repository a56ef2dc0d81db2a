/// PL/pgSQL guards for DDL that has no `IF [NOT] EXISTS`, kept inside the step's transaction
/// (unlike a psql `\if`), so they compose with the other statements of one change.
enum Guards {
    /// Runs `statement` while its source exists; skips it when only its target does (already
    /// done); fails, naming what is missing, when neither does.
    static func unlessDone(_ statement: String, sourceExists: String, targetExists: String, missing: String) -> String {
        let body = """
            BEGIN
                IF \(sourceExists) THEN
                    \(statement)
                ELSIF NOT \(targetExists) THEN
                    RAISE EXCEPTION 'plancc: % is missing', \(SQL.literal(missing));
                END IF;
            END

            """
        return "DO \(SQL.dollarQuoted(body));"
    }
}
