-- Fixture for Tests/PostgreSQLTests/Specs/20260101000300_pg_backfill_resume.yaml:
-- 2000 events, a tenth without a kind (the backfill leaves those alone).
CREATE TABLE events (
    id bigint PRIMARY KEY,
    kind text,
    score integer
);
INSERT INTO events (id, kind)
SELECT n, CASE WHEN n % 10 = 0 THEN NULL ELSE repeat('k', 1 + n % 7) END FROM generate_series(1, 2000) AS n;
