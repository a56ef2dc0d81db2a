-- Pending reset links, which rollback must bring back with the table.
INSERT INTO password_reset_tokens (token, user_id, expires_at)
SELECT lpad(md5(n::text), 64, 'x'), n, timestamptz '2026-01-01 00:00:00+00' + n * interval '1 minute'
  FROM generate_series(1, 2000) AS n;
