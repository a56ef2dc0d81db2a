-- Fixture for Tests/PostgreSQLTests/Specs/20260101000500_pg_target_18.yaml (PostgreSQL 18 only):
-- 300 invoices, every state filled but the column still nullable, fax NOT NULL.
CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    state text,
    fax text NOT NULL
);
INSERT INTO invoices (id, state, fax) SELECT n, 'open', 'fax-' || n FROM generate_series(1, 300) AS n;
