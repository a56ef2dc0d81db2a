import Planner
import PlanSpec

/// A batched, resumable update. PostgreSQL has no `UPDATE ... LIMIT`: each batch takes the next
/// `batch_size` pending rows in key order after the last key seen, updates them by key and
/// commits (a top-level `DO` block may `COMMIT`, PostgreSQL 11+). Only rows still pending are
/// touched, so a killed run is finished by running the script again.
enum Backfills {
    struct Settings {
        var retries: LockRetries
        var maxBatchSeconds: Int
        var statementTimeout: Milliseconds
    }

    /// The batch loop is one statement, so statement_timeout is lifted around it (each batch is
    /// bounded by its size) and put back for the steps after it.
    static func render(_ work: BackfillWork, _ settings: Settings) -> [Piece] {
        let loop = "DO \(SQL.dollarQuoted(body(work, settings)));"
        guard settings.statementTimeout.value > 0 else { return [.autocommit(loop, .backfill, .perBatch(work.table), skip: .pendingRows)] }
        return [.autocommit("SET statement_timeout = 0;\n\(loop)\nSET statement_timeout = \(SQL.duration(settings.statementTimeout));",
                            .backfill, .perBatch(work.table), skip: .pendingRows, liftsStatementTimeout: true)]
    }

    /// The rows the backfill has still to change: matching the filter, and not yet migrated.
    static func pendingRows(_ work: BackfillWork) -> String {
        let pending = work.set.map { assignment -> String in
            let column = SQL.ident(assignment.column.value)
            switch work.pending {
            // A type change's shadow column as `Distinct` compares it; other columns as the engine does.
            case .differs where work.columnType != nil: return Distinct.sql(column, SQL.expression(assignment.value), type: work.columnType, converted: true)
            case .differs: return "\(column) IS DISTINCT FROM \(SQL.expression(assignment.value))"
            case .targetIsNull: return "\(column) IS NULL"
            case .unfilled: return "(\(column) IS NULL AND \(SQL.expression(assignment.value)) IS NOT NULL)"
            }
        }.joined(separator: " OR ")
        guard let filter = work.filter else { return "(\(pending))" }
        return "(\(SQL.text(filter))) AND (\(pending))"
    }

    static func assignments(_ work: BackfillWork) -> String {
        work.set.map { "\(SQL.ident($0.column.value)) = \(SQL.expression($0.value))" }.joined(separator: ", ")
    }

    private static func body(_ work: BackfillWork, _ settings: Settings) -> String {
        let table = SQL.literal(SQL.ident(work.table))
        let estimate = work.estimatedRows.map { SQL.literal(String($0)) } ?? "NULL"
        let adaptive = settings.maxBatchSeconds > 0
        let pause = work.batchPause.value > 0 ? "\n        PERFORM pg_sleep(\(work.batchPause.secondsText));" : ""
        return """
            DECLARE
                _plancc_table regclass := \(SQL.regclass(work.table));
                _plancc_keys text[];
                _plancc_types text[];
                _plancc_batch text;
                _plancc_size bigint := \(work.batchSize);
                _plancc_last text[];
                _plancc_next text[];
                _plancc_rows bigint;
                _plancc_done bigint := 0;
                _plancc_batches bigint := 0;
                _plancc_estimate text;
                _plancc_reason text;\(adaptive ? "\n    _plancc_started timestamptz;" : "")
            BEGIN
                IF _plancc_table IS NULL THEN
                    RAISE EXCEPTION 'plancc backfill: table % does not exist', \(table);
                END IF;
            \(keyLookup(work))
                -- Next batch: the next keys with pending rows after the last key (whole key groups, so a
                -- key that is not unique skips no row); returns the rows updated and the batch's last key.
                _plancc_batch := format(
                    'WITH _plancc_batch AS (SELECT DISTINCT %1$s FROM %2$s WHERE ($1 IS NULL OR (%1$s) > (%3$s)) AND %4$s ORDER BY %1$s LIMIT $2), '
                    '_plancc_done AS (UPDATE %2$s SET %5$s WHERE (%1$s) IN (SELECT %1$s FROM _plancc_batch) AND %4$s RETURNING 1) '
                    'SELECT (SELECT count(*) FROM _plancc_done), (SELECT ARRAY[%6$s] FROM _plancc_batch ORDER BY %7$s LIMIT 1)',
                    (SELECT string_agg(quote_ident(k), ', ' ORDER BY o) FROM unnest(_plancc_keys) WITH ORDINALITY AS u(k, o)),
                    _plancc_table,
                    (SELECT string_agg(format('($1[%s])::%s', o, t), ', ' ORDER BY o) FROM unnest(_plancc_types) WITH ORDINALITY AS u(t, o)),
                    \(SQL.literal(pendingRows(work))),
                    \(SQL.literal(assignments(work))),
                    (SELECT string_agg(format('%I::text', k), ', ' ORDER BY o) FROM unnest(_plancc_keys) WITH ORDINALITY AS u(k, o)),
                    (SELECT string_agg(format('%I DESC', k), ', ' ORDER BY o) FROM unnest(_plancc_keys) WITH ORDINALITY AS u(k, o)));
                _plancc_estimate := coalesce(\(estimate), nullif(greatest((SELECT c.reltuples FROM pg_catalog.pg_class c WHERE c.oid = _plancc_table), 0), 0)::bigint::text, 'unknown');
                LOOP\(adaptive ? "\n        _plancc_started := clock_timestamp();" : "")
            \(retried(settings.retries))
                    EXIT WHEN _plancc_next IS NULL;
                    _plancc_last := _plancc_next;
                    _plancc_done := _plancc_done + _plancc_rows;
                    _plancc_batches := _plancc_batches + 1;
                    COMMIT;
                    RAISE NOTICE 'plancc backfill %: % rows done of about % (batch %)', \(table), _plancc_done, _plancc_estimate, _plancc_batches;\(adapt(settings.maxBatchSeconds, batchSize: work.batchSize))\(pause)
                END LOOP;
                RAISE NOTICE 'plancc backfill %: finished, % rows updated', \(table), _plancc_done;
            END

            """
    }

    /// The batching key and its types: the spec's key, else the primary key as the catalog has it.
    private static func keyLookup(_ work: BackfillWork) -> String {
        guard let key = work.key else {
            return """
                    -- The batching key: the primary key, as the catalog has it when the script runs.
                    SELECT array_agg(a.attname::text ORDER BY k.ord), array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY k.ord)
                      INTO _plancc_keys, _plancc_types
                      FROM pg_catalog.pg_index i
                     CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                     WHERE i.indrelid = _plancc_table AND i.indisprimary;
                    IF _plancc_keys IS NULL THEN
                        RAISE EXCEPTION 'plancc backfill: table % has no primary key; give the backfill a key', \(SQL.literal(SQL.ident(work.table)));
                    END IF;
                """
        }
        let names = "ARRAY[\(key.map(SQL.literal).joined(separator: ", "))]::text[]"
        return """
                -- The batching key given by the spec, with its types.
                SELECT array_agg(a.attname::text ORDER BY k.ord), array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY k.ord)
                  INTO _plancc_keys, _plancc_types
                  FROM unnest(\(names)) WITH ORDINALITY AS k(name, ord)
                  JOIN pg_catalog.pg_attribute a ON a.attrelid = _plancc_table AND a.attname = k.name AND a.attnum > 0 AND NOT a.attisdropped;
                IF coalesce(cardinality(_plancc_keys), 0) <> \(key.count) THEN
                    RAISE EXCEPTION 'plancc backfill: key column(s) % not all found in table %', \(SQL.literal(SQL.idents(key))), \(SQL.literal(SQL.ident(work.table)));
                END IF;
            """
    }

    /// One batch, retried on lock timeout (55P03) or when it was chosen as a deadlock's victim
    /// (40P01: a writer and the batch each wait for a row the other holds) as `LockRetry` says;
    /// after the last attempt the script stops (the batches before it are committed, a re-run
    /// goes on from there). The sub-block is a savepoint: a failed attempt lets go of its row locks.
    private static func retried(_ retries: LockRetries) -> String {
        let attempts = retries.policy.attempts
        let notice = SQL.literal("plancc: \(retries.subject): batch %s (attempt %s of \(attempts)), trying again")
        let exhausted = SQL.literal("plancc: \(retries.subject): batch %s after \(attempts) attempt\(attempts == 1 ? "" : "s") "
            + "(lock_timeout \(retries.policy.lockTimeout) each); the batches before this one are committed, "
            + "nothing after this backfill ran: run the script again later")
        return """
                FOR _plancc_attempt IN 1..\(attempts) LOOP
                    BEGIN
                        EXECUTE _plancc_batch INTO _plancc_rows, _plancc_next USING _plancc_last, _plancc_size;
                        EXIT;
                    EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
                        _plancc_reason := CASE SQLSTATE WHEN '40P01' THEN 'deadlocked with another session' ELSE 'lock not available' END;
                        IF _plancc_attempt = \(attempts) THEN
                            RAISE EXCEPTION USING ERRCODE = SQLSTATE, MESSAGE = format(\(exhausted), _plancc_reason), DETAIL = SQLERRM;
                        END IF;
                        RAISE NOTICE '%', format(\(notice), _plancc_reason, _plancc_attempt);
                    END;
                    PERFORM pg_sleep(\(retries.pause("_plancc_attempt")));
                END LOOP;
        """
    }

    /// With `max_batch_seconds`, halve a batch that took too long and grow one that was quick,
    /// never past `batch_size`.
    private static func adapt(_ maxSeconds: Int, batchSize: Int) -> String {
        guard maxSeconds > 0 else { return "" }
        return """

                    IF clock_timestamp() - _plancc_started > interval '\(maxSeconds) seconds' THEN
                        _plancc_size := greatest(_plancc_size / 2, 1);
                    ELSIF clock_timestamp() - _plancc_started < interval '\(maxSeconds) seconds' / 2 THEN
                        _plancc_size := least(_plancc_size * 2, \(batchSize));
                    END IF;
            """
    }
}
