-- Orders to migrate: every third one shipped, spread over the users.
INSERT INTO orders (user_id, total_cents, currency, shipped_at, created_at)
SELECT 1 + n % 3000, 100 + n * 7 % 90000, 'EUR',
       CASE WHEN n % 3 = 0 THEN timestamptz '2025-01-01 00:00:00+00' + n * interval '1 minute' END,
       timestamptz '2024-06-01 00:00:00+00' + n * interval '1 minute'
  FROM generate_series(1, 5000) AS n;
