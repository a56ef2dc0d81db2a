-- Fixture for Tests/PostgreSQLTests/Specs/20260101000200_pg_hostile_names.yaml:
-- the default the spec adds reads '); DROP TABLE users; --, and users must survive it.
CREATE TABLE users (id bigint PRIMARY KEY);
INSERT INTO users SELECT generate_series(1, 10);

CREATE TABLE "order" (
    id bigint PRIMARY KEY,
    "we""ird" text,
    "from" integer
);
INSERT INTO "order" (id, "we""ird", "from")
SELECT n, CASE WHEN n % 2 = 0 THEN 'kept ' || n END, n FROM generate_series(1, 2000) AS n;
