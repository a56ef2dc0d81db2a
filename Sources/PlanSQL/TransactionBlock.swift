/// Whether an author's PostgreSQL text can run inside one transaction block, as libpg_query's
/// parse tree tells: some statements refuse a transaction block (`CREATE INDEX CONCURRENTLY`,
/// `VACUUM`, `ALTER SYSTEM`, `CREATE DATABASE`...), some end or open one themselves (`BEGIN`,
/// `COMMIT`, a `CALL` or `DO` that commits), and a new enum value cannot be used in the
/// transaction that added it.
public enum TransactionBlock {
    /// nil when every statement of `sql` can run in one transaction block; else what cannot
    /// (`CREATE INDEX CONCURRENTLY`), for the script's comment. A text that does not parse cannot be told.
    public static func obstacle(in sql: String) -> String? {
        guard case let .success(tree) = PostgresParser.tree(sql) else { return "text plancc cannot parse" }
        for statement in tree["stmts"]?.items ?? [] {
            guard let (kind, body) = statement["stmt"]?.node else { continue }
            if let reason = obstacle(kind, body) { return reason }
        }
        return nil
    }

    private static func obstacle(_ kind: String, _ body: ParseTree) -> String? {
        let concurrent = body["concurrent"] == .bool(true)
        switch kind {
        case "IndexStmt" where concurrent: return "CREATE INDEX CONCURRENTLY"
        case "DropStmt" where concurrent: return "DROP INDEX CONCURRENTLY"
        case "ReindexStmt":
            let options = (body["params"]?.items ?? []).compactMap { $0["DefElem"]?["defname"]?.string }
            if options.contains("concurrently") { return "REINDEX CONCURRENTLY" }
            switch body["kind"]?.string {
            case "REINDEX_OBJECT_SYSTEM", "REINDEX_OBJECT_DATABASE": return "REINDEX SYSTEM / DATABASE"
            default: return nil
            }
        case "VacuumStmt" where body["is_vacuumcmd"] == .bool(true): return "VACUUM"
        case "AlterSystemStmt": return "ALTER SYSTEM"
        case "CreatedbStmt": return "CREATE DATABASE"
        case "DropdbStmt": return "DROP DATABASE"
        case "CreateTableSpaceStmt": return "CREATE TABLESPACE"
        case "DropTableSpaceStmt": return "DROP TABLESPACE"
        case "CreateSubscriptionStmt", "AlterSubscriptionStmt", "DropSubscriptionStmt": return "a SUBSCRIPTION command"
        case "AlterEnumStmt" where body["newVal"] != nil && body["oldVal"] == nil: return "ALTER TYPE ... ADD VALUE"
        case "TransactionStmt":
            switch body["kind"]?.string {
            case "TRANS_STMT_SAVEPOINT", "TRANS_STMT_RELEASE", "TRANS_STMT_ROLLBACK_TO": return nil
            default: return "its own BEGIN / COMMIT / ROLLBACK"
            }
        case "CallStmt": return "CALL (a procedure may commit)"
        case "DoStmt":
            let code = (body["args"]?.items ?? []).compactMap { item -> String? in
                guard let element = item["DefElem"], element["defname"]?.string == "as" else { return nil }
                return element["arg"]?["String"]?["sval"]?.string
            }.joined().lowercased()
            return code.contains("commit") || code.contains("rollback") ? "a DO block that commits" : nil
        case "AlterTableStmt":
            let detaches = (body["cmds"]?.items ?? []).contains {
                $0["AlterTableCmd"]?["subtype"]?.string == "AT_DetachPartition"
                    && $0["AlterTableCmd"]?["def"]?["PartitionCmd"]?["concurrent"] == .bool(true)
            }
            return detaches ? "DETACH PARTITION CONCURRENTLY" : nil
        default: return nil
        }
    }
}
