-- Rows for password_reset_tokens (specs/20261124095000_create_password_reset_tokens.yaml).
INSERT INTO `password_reset_tokens` (`token`, `user_id`, `expires_at`)
SELECT SHA2(CONCAT('token', u.id), 256), u.id, u.created_at + INTERVAL 1 HOUR
FROM `users` u WHERE u.id % 2 = 0 ORDER BY u.id;
