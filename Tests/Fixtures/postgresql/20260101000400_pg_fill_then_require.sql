-- Fixture for Tests/PostgreSQLTests/Specs/20260101000400_pg_fill_then_require.yaml:
-- 500 orders, none with a code yet.
CREATE TABLE orders (
    id bigint PRIMARY KEY,
    total integer NOT NULL
);
INSERT INTO orders (id, total) SELECT n, n * 3 FROM generate_series(1, 500) AS n;
