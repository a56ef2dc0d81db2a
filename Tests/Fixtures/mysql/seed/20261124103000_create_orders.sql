-- Rows for the orders table that specs/20261124103000_create_orders.yaml creates:
-- 3000 orders of the fixture's users, a third of them shipped.
INSERT INTO `orders` (`user_id`, `total_cents`, `currency`, `shipped_at`, `created_at`)
SELECT u.id, 100 + u.id * 7, 'EUR',
       CASE WHEN u.id % 3 = 0 THEN u.created_at + INTERVAL 1 DAY ELSE NULL END,
       u.created_at
FROM `users` u ORDER BY u.id;
