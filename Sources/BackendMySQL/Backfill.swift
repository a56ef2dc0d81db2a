import Planner
import PlanSpec

/// Batched updates by a temporary procedure that walks the key in ranges of batch_size.
/// Only pending rows are updated, so a re-run after a kill picks up where it stopped.
extension StepWriter {
    mutating func backfill(_ work: BackfillWork) {
        backfillCount += 1
        let procedure = MySQL.ident("_plancc_backfill_\(backfillCount)")
        let table = MySQL.ident(work.table)
        let keyLookup = work.key.map { keys in
            // Batches are ranges of the leading key column. Every row is visited once whatever the
            // key, but a leading column with many equal values makes a batch that large.
            MySQL.literal(keys[0])
        } ?? """
        (SELECT k.COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE k
                WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME = \(MySQL.nameLiteral(work.table))
                AND k.CONSTRAINT_NAME = 'PRIMARY' ORDER BY k.ORDINAL_POSITION LIMIT 1)
        """
        let assignments = work.set.map { "\(MySQL.ident($0.column.value)) = \(MySQLExpression.sql($0.value))" }
            .joined(separator: ", ")
        let q = MySQL.literal
        let definition = """
            CREATE PROCEDURE \(procedure)()
            BEGIN
              DECLARE key_column VARCHAR(64);
              DECLARE batches BIGINT DEFAULT 0;
              DECLARE updated BIGINT DEFAULT 0;
              DECLARE started DATETIME(6);
              DECLARE attempt INT;
              DECLARE timed_out BOOLEAN;
              SET key_column = \(keyLookup);
              IF key_column IS NULL THEN
                SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = \(q("plancc: no primary key to batch by: give the backfill a key"));
              END IF;
              SET @plancc_key = CONCAT('`', REPLACE(key_column, '`', '``'), '`');
              SET @plancc_first = CONCAT('SELECT MIN(', @plancc_key, ') INTO @plancc_low FROM ', \(q(table)));
              SET @plancc_bound = CONCAT('SELECT MAX(k) INTO @plancc_high FROM (SELECT ', @plancc_key, ' AS k FROM ', \(q(table)),
                ' WHERE ', @plancc_key, ' >= @plancc_low ORDER BY ', @plancc_key, ' LIMIT ?) AS plancc_batch');
              SET @plancc_update = CONCAT(\(q("UPDATE \(table) SET \(assignments) WHERE ")), @plancc_key,
                \(q(" BETWEEN @plancc_low AND @plancc_high AND \(Self.pendingRows(work))")));
              SET @plancc_next = CONCAT('SELECT MIN(', @plancc_key, ') INTO @plancc_low FROM ', \(q(table)),
                ' WHERE ', @plancc_key, ' > @plancc_high');
              PREPARE plancc_first FROM @plancc_first;
              PREPARE plancc_bound FROM @plancc_bound;
              PREPARE plancc_update FROM @plancc_update;
              PREPARE plancc_next FROM @plancc_next;
              SET @plancc_batch_size = \(work.batchSize);
              EXECUTE plancc_first;
              WHILE @plancc_low IS NOT NULL DO
                EXECUTE plancc_bound USING @plancc_batch_size;
                SET started = NOW(6);
                -- Each batch is its own transaction: locks are held for one range only. A lock wait
                -- timeout or deadlock (1205, 1213) rolls the batch back; it is tried again.
                SET attempt = 1;
                SET timed_out = TRUE;
                WHILE timed_out DO
                  SET timed_out = FALSE;
                  BEGIN
                    DECLARE EXIT HANDLER FOR 1205, 1213 BEGIN ROLLBACK; SET timed_out = TRUE; END;
                    EXECUTE plancc_update;
                    SET updated = updated + ROW_COUNT();
                    COMMIT;
                  END;
                  IF timed_out THEN
                    \(Helpers.retried(LockRetry(plan.spec.rollout), what: q("backfill of \(table), batch from ") + ", @plancc_low", indent: "        "))
                  END IF;
                END WHILE;
                SET batches = batches + 1;
                SELECT \(MySQL.nameLiteral(work.table)) AS backfill, batches AS batch, updated AS rows_updated,
                       @plancc_high AS through_key, \(work.estimatedRows.map(String.init) ?? "NULL") AS estimated_rows,
                       TIMESTAMPDIFF(MICROSECOND, started, NOW(6)) / 1000000 AS batch_seconds;
                \(adaptBatchSize(work))
                EXECUTE plancc_next;
                IF @plancc_low IS NOT NULL THEN
                  DO SLEEP(\(work.batchPause.secondsText));
                END IF;
              END WHILE;
              DEALLOCATE PREPARE plancc_first;
              DEALLOCATE PREPARE plancc_bound;
              DEALLOCATE PREPARE plancc_update;
              DEALLOCATE PREPARE plancc_next;
            END
            """
        script.compound(["DROP PROCEDURE IF EXISTS \(procedure)", definition])
        // The batches are the procedure's: each is retried on lock wait timeout and deadlock.
        script.record(definition, .batches(work.table), retried: true, guard: .pendingRows)
        script.statement("CALL \(procedure)()")
        script.statement("DROP PROCEDURE IF EXISTS \(procedure)")
    }

    /// With `rollout.max_batch_seconds`, a batch that took longer halves the next one, and a
    /// quick one (under half the limit) doubles it, up to batch_size.
    private func adaptBatchSize(_ work: BackfillWork) -> String {
        let limit = plan.spec.rollout.maxBatchSeconds
        guard limit > 0 else { return "-- Fixed batch_size (rollout.max_batch_seconds is 0)." }
        // Lines after the first carry the procedure body's indentation.
        return """
        IF TIMESTAMPDIFF(MICROSECOND, started, NOW(6)) > \(limit) * 1000000 THEN
              SET @plancc_batch_size = GREATEST(1, @plancc_batch_size DIV 2);
            ELSEIF TIMESTAMPDIFF(MICROSECOND, started, NOW(6)) < \(limit) * 500000 THEN
              SET @plancc_batch_size = LEAST(\(work.batchSize), @plancc_batch_size * 2);
            END IF;
        """
    }

    /// The rows the backfill still has to change: those matching its `where` whose assigned
    /// columns differ from their new values (NULL-safe, text byte for byte: `MySQL.same`), or are still NULL.
    static func pendingRows(_ work: BackfillWork) -> String {
        let pending: String
        switch work.pending {
        case .differs:
            let same = work.set.map { MySQL.same(MySQL.ident($0.column.value), MySQLExpression.sql($0.value)) }
            pending = "NOT (\(same.joined(separator: " AND ")))"
        case .targetIsNull:
            pending = "(" + work.set.map { "\(MySQL.ident($0.column.value)) IS NULL" }.joined(separator: " OR ") + ")"
        case .unfilled:
            pending = "(" + work.set.map { "(\(MySQL.ident($0.column.value)) IS NULL AND \(MySQLExpression.sql($0.value)) IS NOT NULL)" }
                .joined(separator: " OR ") + ")"
        }
        guard let filter = work.filter?.sql(for: .mysql) else { return pending }
        return "(\(filter)) AND \(pending)"
    }
}
