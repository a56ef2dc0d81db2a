-- Rows for audit_events (specs/20261125090000_create_audit_events.yaml), imported without a key.
INSERT INTO `audit_events` (`id`, `user_id`, `action`, `detail`, `occurred_at`)
SELECT u.id, u.id, 'login', CONCAT('{"ip": "10.0.0.', u.id % 250, '"}'), u.created_at
FROM `users` u ORDER BY u.id;
