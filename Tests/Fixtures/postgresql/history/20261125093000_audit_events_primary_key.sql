-- Imported audit events, keyed by id only once the primary key is added.
INSERT INTO audit_events (id, user_id, action, detail, occurred_at)
SELECT n, 1 + n % 3000, CASE WHEN n % 2 = 0 THEN 'login' ELSE 'logout' END,
       jsonb_build_object('ip', '10.0.0.' || n % 255),
       timestamptz '2025-03-01 00:00:00+00' + n * interval '1 second'
  FROM generate_series(1, 4000) AS n;
