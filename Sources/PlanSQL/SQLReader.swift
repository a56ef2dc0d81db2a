/// Walks a parse tree for the names a text uses, resolving each column against the FROM
/// scopes around it the way PostgreSQL does (innermost first), so that only a name that can
/// belong to one known table is handed on as that table's.
struct SQLReader {
    let form: SQLForm
    /// The author's text in the wrapped one: bytes `start ..< start + length`.
    let start: Int
    let length: Int
    private var reading = SQLReading()

    init(form: SQLForm, start: Int, length: Int) {
        self.form = form; self.start = start; self.length = length
    }

    /// One FROM item: the name it is referred to by, and the table it is when it is one.
    private struct Item {
        var alias: String
        var table: String?
    }

    /// The FROM items of one SELECT; `opaque` when one of them has columns no table gives.
    private struct Scope {
        var items: [Item] = []
        var opaque = false
        var ctes: Set<String> = []
    }

    private var scopes: [Scope] = []
    /// SELECTs entered: 1 in the wrapper's own, more inside a subquery.
    private var depth = 0
    /// Inside a subquery of the text (the outermost one is the construct reported).
    private var inSubquery = false
    /// The clause of the innermost SELECT being walked where aggregates and window functions
    /// are refused ("WHERE", "JOIN conditions"); nil elsewhere, and inside a subquery of it.
    private var clause: String?

    /// The columns every table has besides its own.
    public static let systemColumns: Set<String> = ["ctid", "xmin", "xmax", "cmin", "cmax", "tableoid"]

    /// Constructs are reported only for a text that is one expression or condition.
    private var atTop: Bool { form != .statements && depth <= 1 && !inSubquery }

    mutating func read(_ tree: ParseTree) -> SQLReading {
        let statements = tree["stmts"]?.items ?? []
        for statement in statements {
            guard let body = statement["stmt"] else { continue }
            reading.statements.append((body, (statement["stmt_location"]?.number ?? 0) - start))
        }
        checkFit(statements)
        for statement in statements { statement["stmt"].map { walk($0) } }
        return reading
    }

    /// A text that is an expression or condition must fill the wrapper and nothing else.
    private mutating func checkFit(_ statements: [ParseTree]) {
        guard form != .statements else { return }
        if statements.count > 1 {
            let first = statements[0]
            let end = (first["stmt_location"]?.number ?? 0) + (first["stmt_len"]?.number ?? 0)
            reading.misfit = .init(message: "holds \(statements.count) statements; it must be \(form.noun)", offset: max(end - start, 0), label: nil)
            return
        }
        guard let (kind, select) = statements.first?["stmt"]?.node else { return }
        let extra: [String]
        if kind != "SelectStmt" {
            extra = [kind]
        } else if case let .object(pairs) = select {
            let op = select["op"]?.string ?? "SETOP_NONE"
            // A set operation's branches are the SELECTs it joins; the operation is what was added.
            extra = op != "SETOP_NONE" ? [op] : pairs.map(\.key).filter { !form.clauses.contains($0) }
        } else {
            extra = []
        }
        let targets = select["targetList"]?.items ?? []
        if !extra.isEmpty {
            let clause = extra.map(Self.clauseName).joined(separator: ", ")
            reading.misfit = .init(message: "adds \(clause) to the statement it runs in; it must be \(form.noun)", offset: 0, label: nil)
        } else if !form.isPredicate, targets.count != 1 || targets.first?["ResTarget"]?["name"] != nil {
            let label = targets.first?["ResTarget"]?["name"]?.string.map { " '\($0)'" } ?? ""
            let message = targets.count > 1 ? "is a list of \(targets.count) expressions"
                : "names its result\(label) (a word after a finished expression is read as its name, AS or not)"
            reading.misfit = .init(message: "\(message); it must be \(form.noun)", offset: 0,
                                   label: targets.count == 1 ? targets.first?["ResTarget"]?["name"]?.string : nil)
        }
    }

    /// `sortClause` as an author would say it.
    private static func clauseName(_ key: String) -> String {
        switch key {
        case "sortClause": "ORDER BY"
        case "groupClause": "GROUP BY"
        case "havingClause": "HAVING"
        case "limitCount", "limitOffset": "LIMIT/OFFSET"
        case "lockingClause": "FOR UPDATE"
        case "intoClause": "INTO"
        case "windowClause": "WINDOW"
        case "distinctClause": "DISTINCT"
        case "withClause": "WITH"
        case "whereClause": "WHERE"
        case "fromClause": "FROM"
        case "SETOP_UNION": "UNION"
        case "SETOP_INTERSECT": "INTERSECT"
        case "SETOP_EXCEPT": "EXCEPT"
        default: key
        }
    }

    private func inText(_ location: Int?) -> Int? {
        guard let location, location >= start, location < start + max(length, 1) else { return nil }
        return location - start
    }

    private mutating func walk(_ tree: ParseTree) {
        switch tree {
        case let .array(items):
            for item in items { walk(item) }
        case let .object(pairs):
            if pairs.count == 1, case .object = pairs[0].value {
                visit(pairs[0].key, pairs[0].value)
            } else {
                for pair in pairs { walk(pair.value) }
            }
        default:
            break
        }
    }

    /// Built-ins with a STABLE overload chosen by a timestamp or timestamptz argument.
    static let typeChosenFunctions: Set<String> = ["to_char", "date_trunc", "date_part", "extract", "age"]

    /// A column of the wrapper's table written alone (`ts`, `t.ts`), in a predicate.
    private func plainColumn(_ tree: ParseTree?) -> String? {
        guard case .predicate = form, let tree, let (kind, body) = tree.node, kind == "ColumnRef",
              let fields = body["fields"]?.names, let name = fields.last, fields.count <= 2 else { return nil }
        guard fields.count == 2 else { return name }
        return scopes.first?.items.first { $0.alias == fields[0] } != nil ? name : nil
    }

    /// Where a column's type decides a call's volatility (`SQLReading.TypedUse`).
    private mutating func typedUse(_ kind: String, _ body: ParseTree) {
        guard case .predicate = form, depth == 1, !inSubquery else { return }
        func add(_ column: String?, _ use: SQLReading.TypedUse.Kind, _ location: Int?) {
            guard let column, let offset = inText(location) else { return }
            reading.typedUses.append(.init(column: column, kind: use, offset: offset))
        }
        switch kind {
        case "TypeCast":
            guard let type = body["typeName"]?["names"]?.names?.last else { return }
            add(plainColumn(body["arg"]), .cast(type.lowercased()), body["arg"]?["ColumnRef"]?["location"]?.number)
        case "FuncCall":
            guard let names = body["funcname"]?.names, let name = names.last, names.count == 1 || names.first == "pg_catalog",
                  Self.typeChosenFunctions.contains(name) else { return }
            for argument in body["args"]?.items ?? [] { add(plainColumn(argument), .argument(name), body["location"]?.number) }
        case "A_Expr":
            guard body["kind"]?.string == "AEXPR_OP", let op = body["name"]?.names?.last else { return }
            let left = plainColumn(body["lexpr"]), right = plainColumn(body["rexpr"])
            if op == "+" || op == "-" {
                add(left, .arithmetic(op), body["location"]?.number)
                add(right, .arithmetic(op), body["location"]?.number)
            } else if ["<", ">", "<=", ">=", "=", "<>", "!="].contains(op), let left, let right {
                add(left, .compared(right), body["location"]?.number)
            }
        default:
            break
        }
    }

    private mutating func visit(_ kind: String, _ body: ParseTree) {
        typedUse(kind, body)
        switch kind {
        case "SelectStmt":
            select(body)
        case "ColumnRef":
            column(body)
        case "FuncCall":
            if let names = body["funcname"]?.names, let name = names.last, let offset = inText(body["location"]?.number) {
                let schema = names.count > 1 ? names[names.count - 2] : nil
                reading.functions.append(.init(schema: schema, name: name, offset: offset))
                if !atTop, let clause {
                    let builtin = schema == nil || schema == "pg_catalog"
                    if body["over"] != nil {
                        reading.constructs.append(.init(kind: .inClause(kind: "window", name: name, clause: clause), offset: offset))
                    } else if body["agg_star"] != nil || body["agg_filter"] != nil || body["agg_order"] != nil
                                || body["agg_within_group"] != nil || (builtin && PostgresFunctions.isAggregate(name)) {
                        reading.constructs.append(.init(kind: .inClause(kind: "aggregate", name: name, clause: clause), offset: offset))
                    }
                }
                if atTop {
                    let builtin = schema == nil || schema == "pg_catalog"
                    if body["over"] != nil {
                        reading.constructs.append(.init(kind: .window(name), offset: offset))
                    } else if body["agg_star"] != nil || body["agg_filter"] != nil || body["agg_order"] != nil
                                || body["agg_within_group"] != nil || (builtin && PostgresFunctions.isAggregate(name)) {
                        reading.constructs.append(.init(kind: .aggregate(name), offset: offset))
                    } else if builtin && PostgresFunctions.isSetReturning(name) {
                        reading.constructs.append(.init(kind: .setReturning(name), offset: offset))
                    }
                }
            }
            walk(body)
        case "SubLink":
            if atTop, let offset = inText(body["location"]?.number) {
                reading.constructs.append(.init(kind: .subquery, offset: offset))
            }
            if ["EXPR_SUBLINK", "ARRAY_SUBLINK"].contains(body["subLinkType"]?.string ?? ""),
               let select = body["subselect"]?["SelectStmt"], select["op"]?.string == "SETOP_NONE" || select["op"] == nil,
               let targets = select["targetList"]?.items, targets.count > 1,
               !targets.contains(where: { $0["ResTarget"]?["val"]?["ColumnRef"]?["fields"]?.names == nil && $0["ResTarget"]?["val"]?["ColumnRef"] != nil }),
               let offset = inText(body["location"]?.number) {
                reading.constructs.append(.init(kind: .multiColumnSubquery(targets.count), offset: offset))
            }
            let outer = inSubquery, outerClause = clause
            inSubquery = true
            clause = nil
            walk(body)
            inSubquery = outer
            clause = outerClause
        case "ParamRef":
            if let offset = inText(body["location"]?.number) {
                reading.constructs.append(.init(kind: .parameter(body["number"]?.number ?? 0), offset: offset))
            }
        case "SetToDefault":
            if atTop, let offset = inText(body["location"]?.number) {
                reading.constructs.append(.init(kind: .setToDefault, offset: offset))
            }
        case "GroupingFunc":
            // GROUPING(...) is an aggregate's kin: refused where aggregates are.
            if atTop, let offset = inText(body["location"]?.number) {
                reading.constructs.append(.init(kind: .aggregate("grouping"), offset: offset))
            }
            walk(body)
        case "RangeVar":
            table(body)
        case "InsertStmt", "UpdateStmt", "DeleteStmt":
            // The table written to is a bare RangeVar body, not a node.
            body["relation"].map { table($0) }
            if kind == "InsertStmt", let relation = body["relation"], Self.isOurs(relation), let name = relation["relname"]?.string,
               !scopes.contains(where: { $0.ctes.contains(name) }) {
                // INSERT INTO t (a, b): columns of t.
                for target in body["cols"]?.items ?? [] {
                    guard let column = target["ResTarget"]?["name"]?.string, let offset = inText(target["ResTarget"]?["location"]?.number) else { continue }
                    reading.columns.append(.init(name: column, offset: offset, tables: [name]))
                }
            }
            walk(body)
        case "IndexStmt":
            // CREATE INDEX ON t (a, lower(b)) WHERE c: names of t. An element's name carries no
            // position: it is placed at the first token spelling it after the table's name.
            guard let relation = body["relation"], Self.isOurs(relation), let name = relation["relname"]?.string,
                  let at = inText(relation["location"]?.number) else { return walk(body) }
            table(relation)
            for element in (body["indexParams"]?.items ?? []) + (body["indexIncludingParams"]?.items ?? []) {
                guard let column = element["IndexElem"]?["name"]?.string else { continue }
                reading.unplaced.append(reading.columns.count)
                reading.columns.append(.init(name: column, offset: at, tables: [name]))
            }
            scopes.append(Scope(items: [Item(alias: name, table: name)]))
            walk(body)
            scopes.removeLast()
        default:
            walk(body)
        }
    }

    private mutating func select(_ body: ParseTree) {
        depth += 1
        defer { depth -= 1 }
        var scope = Scope()
        for cte in body["withClause"]?["ctes"]?.items ?? [] {
            if let name = cte["CommonTableExpr"]?["ctename"]?.string { scope.ctes.insert(name) }
        }
        // A CTE's query and a derived table's see the scopes outside, not this one.
        body["withClause"].map { walk($0) }
        scopes.append(scope)
        let outerClause = clause
        defer { clause = outerClause }
        clause = nil
        for item in body["fromClause"]?.items ?? [] { from(item) }
        for (key, value) in pairs(body) where key != "fromClause" && key != "withClause" {
            clause = key == "whereClause" ? "WHERE" : nil
            // ORDER BY and GROUP BY may name an output column rather than a table's.
            if key == "sortClause" || key == "groupClause" || key == "distinctClause" {
                scopes[scopes.count - 1].opaque = true
                walk(value)
                continue
            }
            walk(value)
        }
        scopes.removeLast()
    }

    private func pairs(_ tree: ParseTree) -> [(key: String, value: ParseTree)] {
        if case let .object(pairs) = tree { return pairs }
        return []
    }

    /// A FROM item: tables enter the scope by their alias or name; the rest make it opaque.
    private mutating func from(_ item: ParseTree) {
        guard let (kind, body) = item.node else { return }
        switch kind {
        case "RangeVar":
            let name = body["relname"]?.string ?? ""
            let alias = body["alias"]?["aliasname"]?.string ?? name
            let isTable = Self.isOurs(body) && !scopes.contains { $0.ctes.contains(name) }
            scopes[scopes.count - 1].items.append(Item(alias: alias, table: isTable ? name : nil))
            if !isTable { scopes[scopes.count - 1].opaque = true }
            table(body)
        case "JoinExpr":
            body["larg"].map { from($0) }
            body["rarg"].map { from($0) }
            if let alias = body["alias"]?["aliasname"]?.string {
                scopes[scopes.count - 1].items.append(Item(alias: alias, table: nil))
            }
            // USING and NATURAL joins merge columns under no table's name.
            if body["usingClause"] != nil || body["isNatural"] != nil { scopes[scopes.count - 1].opaque = true }
            let outerClause = clause
            clause = "JOIN conditions"
            body["quals"].map { walk($0) }
            clause = outerClause
        default:
            // A subquery, a function, VALUES: columns of their own.
            let saved = scopes.removeLast()
            walk(body)
            scopes.append(saved)
            if let alias = body["alias"]?["aliasname"]?.string {
                scopes[scopes.count - 1].items.append(Item(alias: alias, table: nil))
            }
            scopes[scopes.count - 1].opaque = true
        }
    }

    /// A table of the database plancc's specs describe: no schema, or `public`; not one of
    /// PostgreSQL's catalogs and views (`pg_class`, `pg_stat_activity`: pg_catalog is searched
    /// first), nor plancc's own ledger.
    private static func isOurs(_ rangeVar: ParseTree) -> Bool {
        let schema = rangeVar["schemaname"]?.string
        guard (schema == nil || schema == "public") && rangeVar["catalogname"] == nil,
              let name = rangeVar["relname"]?.string else { return false }
        if name == "plancc_ledger" { return false }
        return schema != nil || !name.hasPrefix("pg_")
    }

    private mutating func table(_ body: ParseTree) {
        guard Self.isOurs(body), let name = body["relname"]?.string, let offset = inText(body["location"]?.number),
              !scopes.contains(where: { $0.ctes.contains(name) }) else { return }
        reading.tables.append(.init(name: name, offset: offset))
    }

    private mutating func column(_ body: ParseTree) {
        guard let offset = inText(body["location"]?.number) else { return }
        guard let fields = body["fields"]?.names, let name = fields.last else {
            star(body, at: offset)
            return
        }
        if Self.systemColumns.contains(name), fields.count <= 2 {
            // A column of every table: legal in a query, refused in some fields.
            if atTop { reading.constructs.append(.init(kind: .systemColumn(name), offset: offset)) }
            return
        }
        let tables: [String]?
        switch fields.count {
        case 1 where scopes.contains { $0.items.contains { $0.alias == name } }:
            // A FROM item's name alone: the whole row (`row_to_json(t)`), unless a column of
            // that name exists, which PostgreSQL prefers; either way nothing is claimed.
            tables = nil
        case 1:
            // A bare name: a column of any table in scope, unless a scope holds something else.
            tables = scopes.contains { $0.opaque } ? nil : scopes.reversed().flatMap { $0.items.compactMap(\.table) }
        case 2:
            // `q.name`: the innermost item called q; no claim when none is (a composite column's field, `excluded`).
            let qualifier = fields[0]
            let item = scopes.reversed().lazy.compactMap { $0.items.last { $0.alias == qualifier } }.first
            tables = item?.table.map { [$0] }
            // No FROM item of that name: PostgreSQL refuses it. Claimed in a text that is one
            // expression or condition (author SQL has NEW, OLD, excluded) and where every scope
            // lists its items (a function in FROM without an alias is named after the function).
            if item == nil, form != .statements, form != .defaultValue, !scopes.contains(where: \.opaque) {
                let spelled = scopes.reversed().lazy.compactMap { $0.items.last { $0.alias.lowercased() == qualifier.lowercased() } }.first?.alias
                reading.constructs.append(.init(kind: .unknownQualifier(qualifier, spelled: spelled), offset: offset))
            }
        default:
            tables = nil
        }
        reading.columns.append(.init(name: name, offset: offset, tables: tables))
    }

    /// `*` or `t.*`: every column of the tables it expands to (`SQLReading.star`), handed on as
    /// a column named `*` (a view built on it depends on them all).
    private mutating func star(_ body: ParseTree, at offset: Int) {
        let fields = body["fields"]?.items ?? []
        guard fields.last?["A_Star"] != nil else { return }
        let tables: [String]?
        switch fields.count {
        case 1:
            // The innermost SELECT's FROM items: its own tables (a derived table's are its own).
            tables = scopes.last.map { $0.items.compactMap(\.table) }
        case 2:
            guard let qualifier = fields[0]["String"]?["sval"]?.string else { return }
            tables = scopes.reversed().lazy.compactMap { $0.items.last { $0.alias == qualifier } }.first?.table.map { [$0] }
        default:
            tables = nil
        }
        reading.columns.append(.init(name: SQLReading.star, offset: offset, tables: tables))
    }
}
