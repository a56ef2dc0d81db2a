import Testing

/// What each of the backend's own specs must leave behind, beyond what its verify.sql checks.
enum OwnSpecFacts {
    static func check(_ id: String, cluster: PostgresCluster, db: String) throws {
        switch id {
        case "20260101000000_pg_single_step_ops":
            // The volatile default gave every existing row its own value.
            #expect(try cluster.query("SELECT count(DISTINCT ref) = count(*) FROM customers", in: db) == "t")
            #expect(try cluster.query("SELECT count(*) FROM invoices WHERE state <> upper(state)", in: db) == "0")
            #expect(try cluster.query("SELECT count(*) FROM labels", in: db) == "500")
            // Batched by a key that is not unique (score): no row of a key group is skipped.
            #expect(try cluster.query("SELECT count(*) FROM customers WHERE score >= 50 AND note IS DISTINCT FROM 'top half'", in: db) == "0")
            #expect(try cluster.query("SELECT count(*) FROM customers WHERE score < 50 AND note = 'top half'", in: db) == "0")
        case "20260101000100_pg_expand_contract_ops":
            #expect(try cluster.query("SELECT count(*) FROM accounts WHERE username IS DISTINCT FROM 'handle' || id", in: db) == "0")
            #expect(try cluster.query("SELECT count(*) FROM accounts WHERE balance <> id * 3", in: db) == "0")
            #expect(try cluster.query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'balance'", in: db) == "numeric(12,2)")
            #expect(try cluster.query("SELECT count(*) FROM logins", in: db) == "3000")
            // The renamed and retyped columns took over the old ones' NOT NULL (and a rename its
            // default, a serial its sequence), and the CHECKs that proved NOT NULL are gone.
            #expect(try column("username", cluster, db) == "true|'guest'::character varying")
            #expect(try column("ticket_no", cluster, db) == "true|nextval('accounts_ticket_seq'::regclass)")
            #expect(try column("balance", cluster, db) == "true|")
            #expect(try cluster.query("SELECT pg_get_serial_sequence('accounts', 'ticket_no')", in: db) == "public.accounts_ticket_seq")
            #expect(try cluster.query("INSERT INTO accounts (id, balance, nickname) VALUES (-1, 0, 'new') "
                                      + "RETURNING username || ' ' || ticket_no", in: db) == "guest 2501")
            #expect(try cluster.query("SELECT count(*) FROM pg_constraint WHERE conrelid = 'accounts'::regclass AND conname LIKE '\\_plancc\\_nn\\_%'", in: db) == "0")
        case "20260101000200_pg_hostile_names":
            // The default is data: users survived it, and new rows get it byte for byte.
            #expect(try cluster.query("SELECT count(*) FROM users", in: db) == "10")
            #expect(try cluster.query(#"INSERT INTO "order" (id) VALUES (-1) RETURNING "select""#, in: db) == "'); DROP TABLE users; --")
            #expect(try cluster.query(#"SELECT "it's ""quoted""" FROM "order" WHERE id = -1"#, in: db) == #"$plancc$ \' ''"#)
            #expect(try cluster.query(#"SELECT count(*) FROM "order" WHERE "we""ird" = 'back\slash ''q'' $plancc$ --'"#, in: db) == "1000")
            #expect(try cluster.query(#"SELECT sum("new ""name'") FROM "order" WHERE id > 0"#, in: db) == "2001000")
        default:
            break
        }
    }

    /// `NOT NULL|default` (`true|...` or `false|...`) of a column of `accounts`, as the catalog has them.
    private static func column(_ name: String, _ cluster: PostgresCluster, _ db: String) throws -> String {
        try cluster.query("SELECT a.attnotnull || '|' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') FROM pg_attribute a "
                          + "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                          + "WHERE a.attrelid = 'accounts'::regclass AND a.attname = '\(name)'", in: db)
    }
}
