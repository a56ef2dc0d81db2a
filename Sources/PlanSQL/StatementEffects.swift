/// What an author's statement does to the schema, where its parse tree says so plainly.
public enum StatementEffect: Sendable, Equatable {
    /// A new table (or view) with these columns; nil columns when the statement does not list
    /// them all (`LIKE`, `INHERITS`, `SELECT *`).
    case createTable(String, columns: [String]?, view: Bool)
    case addColumn(table: String, column: String)
    case dropColumn(table: String, column: String)
    /// `DROP COLUMN ... CASCADE`: the views that use the column go with it.
    case dropColumnCascade(table: String, column: String)
    /// `ALTER COLUMN ... TYPE`: refused under a view that uses the column; the facts are forgotten.
    case alterColumnType(table: String, column: String)
    case renameColumn(table: String, from: String, to: String)
    /// What PostgreSQL knows of a column changed (type, default, nullability): the facts are forgotten.
    case alterColumn(table: String, column: String)
    case renameTable(from: String, to: String)
    case dropTables([String])
    /// `DROP TABLE / VIEW ... CASCADE`: the views over them go too.
    case dropTablesCascade([String])
    /// A plain index on columns; nil columns for an expression or partial index.
    case createIndex(table: String, name: String, columns: [String]?, unique: Bool)
    case dropIndexes([String])
    /// A function of this name, with the volatility its statement declares (VOLATILE when it
    /// declares none, as PostgreSQL takes it).
    case createFunction(String, volatility: PostgresFunctions.Volatility)
    /// The function just created is in a language other than SQL (plpgsql, C): PostgreSQL never
    /// inlines its calls, so the volatility it declares is the one an index predicate is held to
    /// (a SQL function's simple body may be inlined, and judged by what it calls instead).
    case notInlined(String)
    /// `ALTER FUNCTION f(...) VOLATILE | STABLE | IMMUTABLE`: the volatility later calls take.
    case alterFunction(String, volatility: PostgresFunctions.Volatility)
    /// Data, session, grants, comments, sequences, types, contrib extensions: no table changes shape.
    case none
    /// Not understood: these tables are no longer known.
    case forgetTables([String])
    /// Not understood and names no table (DO blocks, other extensions): nothing is known any more.
    case forgetEverything

    /// The effects of one statement of `sql`'s parse (`{"AlterTableStmt": {...}}`).
    public static func of(_ statement: ParseTree) -> [StatementEffect] {
        guard let (kind, body) = statement.node else { return [.forgetEverything] }
        switch kind {
        case "CreateStmt": return [createTable(body)]
        case "ViewStmt":
            guard let name = ourName(body["view"]) else { return [.none] }
            let columns = body["aliases"]?.names ?? viewColumns(body["query"]?["SelectStmt"])
            return [.createTable(name, columns: columns, view: true)]
        case "CreateTableAsStmt":
            // CREATE MATERIALIZED VIEW / CREATE TABLE ... AS SELECT: the columns its SELECT names.
            guard let into = body["into"], let name = ourName(into["rel"]) else { return [.none] }
            let query = body["query"]?["SelectStmt"]
            guard query != nil else { return forget(statement) }
            let columns = into["colNames"]?.names ?? viewColumns(query)
            return [.createTable(name, columns: columns, view: body["objtype"]?.string == "OBJECT_MATVIEW")]
        case "AlterFunctionStmt":
            guard body["objtype"]?.string != "OBJECT_PROCEDURE", let name = body["func"]?["objname"]?.names?.last else { return [.none] }
            let declared = (body["actions"]?.items ?? []).lazy.compactMap { action -> PostgresFunctions.Volatility? in
                guard let element = action["DefElem"], element["defname"]?.string == "volatility" else { return nil }
                return element["arg"]?["String"]?["sval"]?.string.flatMap(PostgresFunctions.Volatility.init(rawValue:))
            }.first
            return [declared.map { .alterFunction(name, volatility: $0) } ?? .none]
        case "AlterTableStmt": return alterTable(body)
        case "RenameStmt": return rename(body)
        case "IndexStmt":
            guard let table = ourName(body["relation"]), let name = body["idxname"]?.string else { return forget(statement) }
            let elements = body["indexParams"]?.items.map { $0["IndexElem"]?["name"]?.string } ?? []
            let plain = body["whereClause"] == nil && elements.allSatisfy { $0 != nil }
            return [.createIndex(table: table, name: name, columns: plain ? elements.compactMap { $0 } : nil,
                                 unique: body["unique"] == .bool(true))]
        case "DropStmt":
            let names = (body["objects"]?.items ?? []).compactMap { object -> String? in
                guard let parts = object["List"]?["items"]?.names, let last = parts.last else { return nil }
                return parts.count == 1 || parts.first == "public" ? last : nil
            }
            switch body["removeType"]?.string {
            case "OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW":
                return [body["behavior"]?.string == "DROP_CASCADE" ? .dropTablesCascade(names) : .dropTables(names)]
            case "OBJECT_INDEX": return [.dropIndexes(names)]
            case "OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_TYPE", "OBJECT_SEQUENCE", "OBJECT_TRIGGER", "OBJECT_POLICY",
                 "OBJECT_SCHEMA":
                // CASCADE also drops what depends on it: columns of a type, defaults calling a function.
                return body["behavior"]?.string == "DROP_CASCADE" ? [.forgetEverything] : [.none]
            default: return forget(statement)
            }
        case "CreateSchemaStmt" where body["schemaElts"] == nil:
            // A schema of its own: plancc's tables are in public.
            return [.none]
        case "CreateFunctionStmt":
            guard let name = body["funcname"]?.names?.last else { return [.none] }
            let declared = (body["options"]?.items ?? []).lazy.compactMap { option -> PostgresFunctions.Volatility? in
                guard let element = option["DefElem"], element["defname"]?.string == "volatility" else { return nil }
                return element["arg"]?["String"]?["sval"]?.string.flatMap(PostgresFunctions.Volatility.init(rawValue:))
            }.first
            let language = (body["options"]?.items ?? []).lazy.compactMap { option -> String? in
                guard let element = option["DefElem"], element["defname"]?.string == "language" else { return nil }
                return element["arg"]?["String"]?["sval"]?.string
            }.first
            let created = StatementEffect.createFunction(name, volatility: declared ?? .volatile)
            // No LANGUAGE: a body of `BEGIN ATOMIC ... END` or `RETURN ...`, SQL.
            return language.map { $0.lowercased() != "sql" } == true ? [created, .notInlined(name)] : [created]
        case "CreateExtensionStmt":
            return body["extname"]?.string.map(PostgresFunctions.isKnownExtension) == true ? [.none] : [.forgetEverything]
        case "SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt", "VariableSetStmt", "VariableShowStmt", "TransactionStmt",
             "CommentStmt", "GrantStmt", "GrantRoleStmt", "CreateSeqStmt", "AlterSeqStmt", "CreateEnumStmt", "AlterEnumStmt",
             "CompositeTypeStmt", "CreateDomainStmt", "CreateTrigStmt", "CreatePolicyStmt", "VacuumStmt", "NotifyStmt",
             "LockStmt", "CopyStmt", "RefreshMatViewStmt", "ExplainStmt", "CreateRoleStmt", "AlterRoleStmt":
            return [.none]
        default:
            return forget(statement)
        }
    }

    /// A table of plancc's database: unqualified, or in `public`.
    private static func ourName(_ rangeVar: ParseTree?) -> String? {
        guard let rangeVar, let name = rangeVar["relname"]?.string else { return nil }
        let schema = rangeVar["schemaname"]?.string
        return schema == nil || schema == "public" ? name : nil
    }

    private static func createTable(_ body: ParseTree) -> StatementEffect {
        guard let name = ourName(body["relation"]) else { return .none }
        var columns: [String]? = []
        for element in body["tableElts"]?.items ?? [] {
            guard let (kind, item) = element.node else { continue }
            if kind == "ColumnDef" { columns?.append(item["colname"]?.string ?? "") }
            if kind == "TableLikeClause" { columns = nil }
        }
        if body["inhRelations"] != nil || body["ofTypename"] != nil || body["partbound"] != nil { columns = nil }
        return .createTable(name, columns: columns, view: false)
    }

    /// A view's column names: the target list's `AS` names and bare column names.
    private static func viewColumns(_ select: ParseTree?) -> [String]? {
        guard let select, select["op"]?.string == "SETOP_NONE" || select["op"] == nil else { return nil }
        var names: [String] = []
        for target in select["targetList"]?.items ?? [] {
            guard let result = target["ResTarget"] else { return nil }
            if let name = result["name"]?.string { names.append(name); continue }
            guard let fields = result["val"]?["ColumnRef"]?["fields"]?.names, let last = fields.last else { return nil }
            names.append(last)
        }
        return names.isEmpty ? nil : names
    }

    private static func alterTable(_ body: ParseTree) -> [StatementEffect] {
        guard body["objtype"]?.string == "OBJECT_TABLE" || body["objtype"] == nil, let table = ourName(body["relation"]) else {
            return ourName(body["relation"]).map { [.forgetTables([$0])] } ?? [.none]
        }
        var effects: [StatementEffect] = []
        for command in body["cmds"]?.items ?? [] {
            guard let cmd = command["AlterTableCmd"] else { return [.forgetTables([table])] }
            let column = cmd["name"]?.string
            switch cmd["subtype"]?.string {
            case "AT_AddColumn":
                guard let name = cmd["def"]?["ColumnDef"]?["colname"]?.string else { return [.forgetTables([table])] }
                effects.append(.addColumn(table: table, column: name))
            case "AT_DropColumn":
                guard let column else { return [.forgetTables([table])] }
                effects.append(cmd["behavior"]?.string == "DROP_CASCADE" ? .dropColumnCascade(table: table, column: column)
                                                                          : .dropColumn(table: table, column: column))
            case "AT_AlterColumnType":
                guard let column else { return [.forgetTables([table])] }
                effects.append(.alterColumnType(table: table, column: column))
            case "AT_ColumnDefault", "AT_SetNotNull", "AT_DropNotNull", "AT_SetStatistics",
                 "AT_SetStorage", "AT_SetCompression":
                guard let column else { return [.forgetTables([table])] }
                effects.append(.alterColumn(table: table, column: column))
            default:
                return [.forgetTables([table])]
            }
        }
        return effects
    }

    private static func rename(_ body: ParseTree) -> [StatementEffect] {
        let table = ourName(body["relation"])
        guard let newName = body["newname"]?.string else { return [.forgetEverything] }
        switch body["renameType"]?.string {
        case "OBJECT_COLUMN":
            guard let table, let from = body["subname"]?.string else { return [.forgetEverything] }
            return [.renameColumn(table: table, from: from, to: newName)]
        case "OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW":
            guard let table else { return [.none] }
            return [.renameTable(from: table, to: newName)]
        default:
            return table.map { [.forgetTables([$0])] } ?? [.forgetEverything]
        }
    }

    /// A statement not understood: every table it names is no longer known.
    private static func forget(_ statement: ParseTree) -> [StatementEffect] {
        var tables: [String] = []
        func collect(_ tree: ParseTree) {
            switch tree {
            case let .object(pairs):
                // A RangeVar is written as a node in a FROM, as a bare body elsewhere (`relation`).
                if pairs.contains(where: { $0.key == "relname" }), let name = ourName(tree) { tables.append(name) }
                for pair in pairs { collect(pair.value) }
            case let .array(items):
                for item in items { collect(item) }
            default: break
            }
        }
        collect(statement)
        return tables.isEmpty ? [.forgetEverything] : [.forgetTables(tables)]
    }
}
