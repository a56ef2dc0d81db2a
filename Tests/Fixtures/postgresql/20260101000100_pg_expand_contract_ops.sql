-- Fixture for Tests/PostgreSQLTests/Specs/20260101000100_pg_expand_contract_ops.yaml.
CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    handle varchar(40) NOT NULL DEFAULT 'guest',
    ticket serial,
    balance integer NOT NULL,
    legacy text,
    nickname text,
    CONSTRAINT accounts_balance_small CHECK (balance < 1000000)
);
CREATE INDEX idx_accounts_nickname ON accounts (nickname);

CREATE TABLE sessions (
    id bigint PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id)
);

CREATE TABLE archive (
    id integer PRIMARY KEY,
    payload text
);

INSERT INTO accounts (id, handle, balance, legacy, nickname)
SELECT n, 'handle' || n, n * 3, 'old ' || n, CASE WHEN n % 4 = 0 THEN NULL ELSE 'nick' || n END
  FROM generate_series(1, 2500) AS n;
INSERT INTO sessions (id, account_id) SELECT n, 1 + n % 2500 FROM generate_series(1, 3000) AS n;
INSERT INTO archive (id, payload) SELECT n, 'row ' || n FROM generate_series(1, 1000) AS n;
