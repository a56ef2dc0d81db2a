-- The database the operation specs start from: customers, items, imports (no key),
-- archive and obsolete_log, 3000 rows in each of the first three.
CREATE TABLE `customers` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `email` varchar(255) NOT NULL,
  `nickname` varchar(64) NULL,
  `score` int NOT NULL DEFAULT 0,
  `bio` text NULL,
  `legacy_code` varchar(32) NULL,
  `region` char(2) NULL DEFAULT 'EU',
  `level` varchar(16) NOT NULL DEFAULT 'it''s basic',
  PRIMARY KEY (`id`),
  UNIQUE KEY `customers_legacy_code_key` (`legacy_code`),
  CONSTRAINT `customers_score_positive` CHECK (`score` >= 0)
) ENGINE=InnoDB;

CREATE TABLE `items` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `customer_id` bigint NULL,
  `price` int NOT NULL,
  `sku` varchar(40) NOT NULL,
  `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (`id`),
  KEY `idx_items_sku` (`sku`),
  KEY `idx_items_customer_id` (`customer_id`),
  CONSTRAINT `items_customer_fk` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`)
) ENGINE=InnoDB;

CREATE TABLE `imports` (`id` bigint NOT NULL, `payload` varchar(100) NULL) ENGINE=InnoDB;
CREATE TABLE `archive` (`id` bigint NOT NULL, `note` varchar(100) NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `obsolete_log` (`id` bigint NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;

CREATE TABLE `numbers` (`n` int NOT NULL PRIMARY KEY) ENGINE=InnoDB;
INSERT INTO `numbers` (`n`)
SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d
FROM (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
      UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) a,
     (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
      UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) b,
     (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
      UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) c,
     (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2) e;

INSERT INTO `customers` (`email`, `nickname`, `score`, `bio`, `legacy_code`, `region`)
SELECT CONCAT('c', n, '@example.com'), CASE WHEN n % 7 = 0 THEN NULL ELSE CONCAT('nick', n) END,
       n % 100, REPEAT('bio ', n % 30), CASE WHEN n % 2 = 0 THEN CONCAT('L', n + 1) ELSE NULL END,
       CASE WHEN n % 3 = 0 THEN 'US' ELSE 'EU' END
FROM `numbers` ORDER BY n;
INSERT INTO `items` (`customer_id`, `price`, `sku`)
SELECT 1 + n % 3000, 1 + n % 500, CONCAT('SKU-', n) FROM `numbers` ORDER BY n;
INSERT INTO `imports` (`id`, `payload`) SELECT n + 1, CONCAT('row ', n) FROM `numbers`;
INSERT INTO `archive` (`id`, `note`) SELECT n + 1, 'archived' FROM `numbers` WHERE n < 100;
DROP TABLE `numbers`;
