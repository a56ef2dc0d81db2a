import PlanSQL
import Testing

/// What the reader hands on as a column of which table: only names that can be a column of
/// a known table in scope, never function, type or literal text, `excluded`, or a subquery's alias.
struct SQLReadingTests {
    static func read(_ text: String, _ form: SQLForm = .expression(table: "users")) throws -> SQLReading {
        try PostgresParser.read(text, as: form).get()
    }

    static func columns(_ text: String, _ form: SQLForm = .expression(table: "users")) throws -> [String] {
        try read(text, form).columns.map { "\($0.name)@\($0.offset):" + ($0.tables?.joined(separator: ",") ?? "?") }
    }

    @Test func bareAndQualifiedNamesAreTheTablesColumns() throws {
        #expect(try Self.columns("coalesce(name, emial) || users.email") == ["name@9:users", "emial@15:users", "email@25:users"])
    }

    @Test func functionsTypesLiteralsAndOtherQualifiersAreNotColumns() throws {
        let text = "lower(email) || 'emial'::text || excluded.x || now()::date::text || (t).f"
        #expect(try Self.columns(text) == ["email@6:users", "x@33:?", "t@69:users"])
        #expect(try Self.read(text).functions.map(\.name) == ["lower", "now"])
    }

    @Test func aSubqueryResolvesItsOwnTablesAndAliases() throws {
        let text = "(SELECT count(*) FROM orders o WHERE o.user_id = users.id AND total > 0)"
        #expect(try Self.columns(text) == ["user_id@37:orders", "id@49:users", "total@62:orders,users"])
        #expect(try Self.read(text).tables.map(\.name) == ["orders"])
    }

    @Test func derivedTablesJoinsUsingAndCTEsClaimNothingForBareNames() throws {
        #expect(try Self.columns("(SELECT max(x.total) FROM (SELECT 1 AS total) x)") == ["total@12:?"])
        #expect(try Self.columns("(SELECT a FROM orders JOIN items USING (order_id))") == ["a@8:?"])
        #expect(try Self.columns("(WITH c AS (SELECT 1 AS n) SELECT n FROM c)") == ["n@34:?"])
        #expect(try Self.read("(SELECT 1 FROM other.orders, public.items)").tables.map(\.name) == ["items"])
    }

    /// The target list names the table's column; ORDER BY may name the output column.
    @Test func orderByMayNameAnOutputColumn() throws {
        #expect(try Self.columns("(SELECT total AS t FROM orders ORDER BY t LIMIT 1)") == ["total@8:orders,users", "t@40:?"])
    }

    @Test func aPredicateAndADefault() throws {
        #expect(try Self.columns("display_name IS NULL", .predicate(table: "users")) == ["display_name@0:users"])
        #expect(try Self.columns("now() + interval '1 day'", .defaultValue) == [])
        #expect(try Self.columns("created_at", .defaultValue) == ["created_at@0:"])
    }

    @Test func aSecondStatementOrAClauseIsAMisfit() throws {
        let smuggled = try Self.read("total > 0 FROM users; DROP TABLE users; SELECT 1").misfit
        #expect(smuggled?.message == "holds 3 statements; it must be one expression" && smuggled?.offset == 20)
        #expect(try Self.read("x IS NULL ORDER BY 1", .predicate(table: "users")).misfit?.message
            == "adds ORDER BY to the statement it runs in; it must be one condition")
        #expect(try Self.read("x UNION SELECT 1", .predicate(table: "users")).misfit?.message
            == "adds UNION to the statement it runs in; it must be one condition")
        #expect(try Self.read("a, b").misfit?.message == "is a list of 2 expressions; it must be one expression")
        #expect(try Self.read("1 AS one", .defaultValue).misfit?.message
            == "names its result 'one' (a word after a finished expression is read as its name, AS or not); it must be one expression")
        // Near miss: ';' in a literal and in a comment.
        #expect(try Self.read("x <> ';DROP TABLE t;' /* ; */ -- ;").misfit == nil)
        #expect(try Self.read("SELECT 1; SELECT 2", .statements).misfit == nil)
    }

    @Test func closingTheWrapperIsASyntaxError() {
        guard case let .failure(error) = PostgresParser.read("x > 0); DROP TABLE t; --", as: .expression(table: "t")) else {
            Issue.record("parsed")
            return
        }
        #expect(error.message == "syntax error at or near \")\"")
    }

    @Test func treeReaderDecodesEscapes() throws {
        let text = #"name <> 'a"b\c' || 'é😀' || E'\t'"#
        let tree = try PostgresParser.tree("SELECT \(text)").get()
        var strings: [String] = []
        func collect(_ t: ParseTree) {
            switch t {
            case let .object(pairs):
                for pair in pairs {
                    if pair.key == "sval", let s = pair.value.string { strings.append(s) }
                    collect(pair.value)
                }
            case let .array(items): items.forEach(collect)
            default: break
            }
        }
        collect(tree)
        #expect(strings.contains("a\"b\\c") && strings.contains("é😀") && strings.contains("\t"))
    }

    @Test func constructsPostgreSQLRefusesInSomeFieldsAreFoundOutsideSubqueries() throws {
        let kinds = try Self.read("a > (SELECT count(*) FROM t) AND sum(a) > 0 AND rank() OVER () > 1 AND unnest(b) = 1 AND x(a) FILTER (WHERE true) > 0")
            .constructs.map(\.kind)
        #expect(kinds == [.subquery, .aggregate("sum"), .window("rank"), .setReturning("unnest"), .aggregate("x")])
        // Near miss: a schema-qualified function of the same name is someone else's.
        #expect(try Self.read("app.sum(a) > 0 AND app.unnest(b) > 0").constructs.isEmpty)
    }

    @Test func systemColumnsAndWholeRowsAreNoTablesColumns() throws {
        let reading = try Self.read("ctid IS NOT NULL AND users.xmin::text <> '' AND users IS NOT NULL AND row_to_json(users.*) IS NOT NULL")
        // `users.*` is every column of users (a view built on it uses them all), under the name `*`.
        #expect(reading.columns.filter { $0.name != SQLReading.star }.allSatisfy { $0.tables == nil })
        #expect(reading.columns.filter { $0.name == SQLReading.star }.map(\.tables) == [["users"]])
        #expect(reading.constructs.map(\.kind) == [.systemColumn("ctid"), .systemColumn("xmin")])
    }

    @Test func aStarExpandsToTheTablesOfItsOwnSelect() throws {
        let reading = try Self.read("CREATE VIEW v AS SELECT o.*, u.id FROM orders o JOIN users u ON u.id = o.user_id; CREATE VIEW w AS SELECT * FROM orders, items", .statements)
        #expect(reading.columns.filter { $0.name == SQLReading.star }.map(\.tables) == [["orders"], ["orders", "items"]])
    }

    @Test func aQualifierNoFromItemHasIsRefusedInAnExpression() throws {
        #expect(try Self.read("orders.status <> '' AND users.id > 0").constructs.map(\.kind) == [.unknownQualifier("orders", spelled: nil)])
        #expect(try Self.read("customers.id > 0", .expression(table: "Customers")).constructs.map(\.kind)
                == [.unknownQualifier("customers", spelled: "Customers")])
        // Near misses: the table quoted as created; a subquery's alias; author SQL (NEW, OLD, excluded); a function in FROM.
        #expect(try Self.read("\"Customers\".id > 0", .expression(table: "Customers")).constructs.isEmpty)
        #expect(try Self.read("(SELECT o.id FROM orders o LIMIT 1)").constructs.map(\.kind) == [.subquery])
        #expect(try Self.read("INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = excluded.a", .statements).constructs.isEmpty)
        #expect(try Self.read("(SELECT g.x FROM generate_series(1, 3) AS g(x) LIMIT 1)").constructs.map(\.kind) == [.subquery])
    }

    @Test func aggregatesInASubquerysWhereAndWideScalarSubqueriesAreRefused() throws {
        let kinds = try Self.read("(SELECT id FROM orders o WHERE count(*) > 1 LIMIT 1) + (SELECT id, total FROM orders LIMIT 1) + ARRAY(SELECT a, b FROM t)")
            .constructs.map(\.kind)
        #expect(kinds == [.subquery, .inClause(kind: "aggregate", name: "count", clause: "WHERE"), .subquery, .multiColumnSubquery(2), .subquery, .multiColumnSubquery(2)])
        #expect(try Self.read("SELECT 1 FROM a JOIN b ON rank() OVER () > 1", .statements).constructs.map(\.kind)
                == [.inClause(kind: "window", name: "rank", clause: "JOIN conditions")])
        // Near misses: an aggregate in the subquery's select list or HAVING, a nested subquery in its WHERE, EXISTS, a star.
        #expect(try Self.read("SELECT (SELECT count(*) FROM o WHERE o.id IN (SELECT max(id) FROM p) HAVING sum(x) > 0), EXISTS (SELECT a, b FROM t), (SELECT * FROM t)", .statements)
            .constructs.isEmpty)
    }

    @Test func aTrailingAndIsPlacedAtTheAndAndALLIsAMisfit() throws {
        let trailing = try #require(try Self.read("email LIKE '%@%' AND").misfit)
        #expect(trailing.offset == 17 && trailing.message.hasPrefix("ends with AND"))
        #expect(try Self.read("total AS t").misfit?.offset == 9)
        let all = try #require(try Self.read("ALL x <> ''").misfit)
        #expect(all.offset == 0 && all.message.hasPrefix("starts with ALL"))
        // Near misses: a column whose name starts with all; = ALL (...).
        #expect(try Self.read("allowed AND x = ALL (ARRAY[1])").misfit == nil)
    }

    @Test func insertAndIndexColumnsAreTheTablesColumnsPlacedWhereWritten() throws {
        let text = "INSERT INTO users (id, emial) VALUES (1, 'x'); CREATE INDEX i ON users (id, \"Email\") INCLUDE (id) WHERE emal IS NOT NULL"
        #expect(try Self.columns(text, .statements) == ["id@19:users", "emial@23:users", "id@72:users", "Email@76:users", "id@94:users", "emal@104:users"])
    }

    @Test func lineCommentsAndCommentOnlyTextsAreFoundByTheScanner() throws {
        let reading = try Self.read("a <> '--' /* -- */ AND \"--\" > $$--$$ -- here")
        #expect(reading.lineComments == [37] && !reading.isEmpty)
        #expect(try Self.read("-- nothing").isEmpty && Self.read("/* nothing */").isEmpty)
        #expect(try Self.read("a > 0").lineComments.isEmpty)
        #expect(PostgresParser.scan("SELECT 'unterminated") == nil)
    }
}

/// Texts PostgreSQL accepts that nest too deep for plancc's recursive readers: refused with
/// an error at the node past the bound, never a stack overflow.
struct DeepNestingTests {
    @Test(arguments: [
        String(repeating: "NOT ", count: 2_000) + "true",
        String(repeating: "(true OR ", count: 2_500) + "false" + String(repeating: ")", count: 2_500),
        String(repeating: "lower(", count: 1_000) + "'x'" + String(repeating: ")", count: 1_000) + " = 'x'",
    ])
    func tooDeepIsAnErrorNotACrash(_ text: String) {
        guard case let .failure(error) = PostgresParser.read(text, as: .predicate(table: "t")) else {
            Issue.record("read a text nesting \(text.utf8.count) bytes deep"); return
        }
        #expect(error.tooDeep)
        let prefix = SQLForm.predicate(table: "t").wrapper.prefix.utf8.count
        #expect((error.offset ?? 0) > prefix && (error.offset ?? 0) < prefix + text.utf8.count)
    }

    @Test func ordinaryNestingIsRead() throws {
        let text = String(repeating: "NOT ", count: 160) + "(a > 1)"
        let reading = try PostgresParser.read(text, as: .predicate(table: "t")).get()
        #expect(reading.columns.map(\.name) == ["a"])
    }
}
