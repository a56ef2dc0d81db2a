import Foundation
import PlanSQL
import Testing
import TestSupport

/// Every statement plancc writes for PostgreSQL parses with PostgreSQL's own parser: the golden
/// scripts of this suite and the example specs' `out/*/postgresql/*.sql`. psql meta-commands
/// (lines starting with a backslash) are psql's, not PostgreSQL's, and are left out; a `\gset`
/// or `\gexec` ending a query ends its statement; psql variables (`:'SQLSTATE'`) become
/// literals, as psql substitutes them before the server sees the text. The body of each `DO`
/// block is parsed as PL/pgSQL, its embedded SQL included, and the DDL it runs as
/// `EXECUTE $tag$ ... $tag$` as statements; so are the body of the retry procedure and the
/// statements each `CALL pg_temp.plancc_step(...)` hands it.
struct GeneratedSQLParsesTests {
    static var scripts: [String] {
        let fm = FileManager.default
        var found: [String] = []
        let goldens = Repo.path("Tests/PostgreSQLTests/Specs")
        for id in ((try? fm.contentsOfDirectory(atPath: goldens)) ?? []).sorted() {
            let dir = "\(id)/\(id).expected"
            for file in ((try? fm.contentsOfDirectory(atPath: goldens + "/" + dir)) ?? []).sorted() where file.hasSuffix(".sql") {
                found.append("Tests/PostgreSQLTests/Specs/\(dir)/\(file)")
            }
        }
        let out = Repo.path("out")
        for dir in ((try? fm.contentsOfDirectory(atPath: out)) ?? []).sorted() {
            let pg = "\(out)/\(dir)/postgresql"
            for file in ((try? fm.contentsOfDirectory(atPath: pg)) ?? []).sorted() where file.hasSuffix(".sql") {
                found.append("out/\(dir)/postgresql/\(file)")
            }
        }
        return found
    }

    @Test func scriptsAreFound() {
        let scripts = Self.scripts
        #expect(scripts.filter { $0.hasPrefix("out/") }.count >= 40)
        #expect(scripts.filter { $0.hasPrefix("Tests/") }.count >= 10)
    }

    static func isPostgreSQL18NotNull(_ sql: String) -> Bool {
        sql.firstMatch(of: /^\s*ALTER TABLE "[^"]+" ADD CONSTRAINT "[^"]+" NOT NULL "[^"]+" NOT VALID;\s*$/) != nil
    }

    @Test(arguments: scripts)
    func everyStatementParses(_ script: String) throws {
        let text = try String(contentsOfFile: Repo.path(script), encoding: .utf8)
        let sql = Self.serverText(text)
        switch PostgresParser.parse(sql) {
        case let .failure(error):
            let (line, column) = Self.place(error.offset ?? 0, in: sql)
            Issue.record("\(script):\(line):\(column): \(error.message)")
        case let .success(tree):
            let stepped = try Self.steppedStatements(tree.json)
            // A DO block is a top-level statement or one the retry procedure is handed.
            var bodies = try Self.doBodies(tree.json)
            // libpg_query's grammar is older than PostgreSQL 18's `ADD CONSTRAINT n NOT NULL c
            // NOT VALID` (targets.postgresql 18): that statement is left to the real PostgreSQL 18
            // the own specs' round trip runs it on.
            for statement in stepped where !Self.isPostgreSQL18NotNull(statement) {
                switch PostgresParser.parse(statement) {
                case let .failure(error):
                    Issue.record("\(script): DDL the retry procedure runs does not parse: \(error.message)\n\(statement)")
                case let .success(tree):
                    bodies += try Self.doBodies(tree.json)
                }
            }
            for body in bodies {
                if let error = PostgresParser.syntaxError(inPLpgSQLBody: body) {
                    Issue.record("\(script): a DO block does not parse as PL/pgSQL: \(error.message)\n\(body)")
                }
                // libpg_query's grammar is older than PostgreSQL 18's `ADD CONSTRAINT n NOT NULL c
                // NOT VALID` (targets.postgresql 18): that statement is left to the real PostgreSQL 18
                // the own specs' round trip runs it on.
                for executed in Self.executedStrings(body) where !Self.isPostgreSQL18NotNull(executed) {
                    if let error = PostgresParser.syntaxError(in: executed) {
                        Issue.record("\(script): DDL a DO block executes does not parse: \(error.message)\n\(executed)")
                    }
                }
            }
            if text.contains("DO $") { #expect(!bodies.isEmpty, "\(script): DO blocks not found in the parse tree") }
            let procedures = try Self.procedureBodies(tree.json)
            for body in procedures {
                if let error = PostgresParser.syntaxError(inPLpgSQLBody: body) {
                    Issue.record("\(script): a procedure does not parse as PL/pgSQL: \(error.message)\n\(body)")
                }
            }
            if text.contains("CALL pg_temp.plancc_step(") {
                #expect(!stepped.isEmpty && procedures.count == 1, "\(script): the retry procedure or its calls not found in the parse tree")
            }
        }
    }

    /// The parser sees what the server would: meta-command lines blanked (lines keep their
    /// numbers), `\gset`/`\gexec` endings made `;`, psql variables replaced by literals.
    static func serverText(_ script: String) -> String {
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("\\") { return "" }
            for ending in [" \\gset", " \\gexec", " \\g"] where line.hasSuffix(ending) {
                return String(line.dropLast(ending.count)) + ";"
            }
            return String(line)
        }
        return substitutingVariables(lines.joined(separator: "\n"))
    }

    /// psql's `:'name'` (a literal), `:"name"` (an identifier) and `:name`, outside quotes,
    /// dollar quotes and comments, as psql's lexer finds them.
    static func substitutingVariables(_ text: String) -> String {
        let b = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        func isWord(_ c: UInt8) -> Bool { c == 0x5F || (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) }
        func copy(until end: Int) { out.append(contentsOf: b[i..<min(end, b.count)]); i = min(end, b.count) }
        func find(_ needle: [UInt8], from start: Int) -> Int? {
            var k = start
            while k + needle.count <= b.count {
                if Array(b[k..<(k + needle.count)]) == needle { return k }
                k += 1
            }
            return nil
        }
        while i < b.count {
            let c = b[i]
            switch c {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                // '' and "" inside are a close and a reopen: the same bytes either way.
                let close = b[(i + 1)...].firstIndex(of: c).map { $0 + 1 } ?? b.count
                copy(until: close)
            case UInt8(ascii: "-") where i + 1 < b.count && b[i + 1] == UInt8(ascii: "-"):
                copy(until: b[i...].firstIndex(of: 0x0A) ?? b.count)
            case UInt8(ascii: "$"):
                var k = i + 1
                while k < b.count, isWord(b[k]), !(0x30...0x39).contains(b[k]) || k > i + 1 { k += 1 }
                if k < b.count, b[k] == UInt8(ascii: "$"), i == 0 || !isWord(b[i - 1]) {
                    let tag = Array(b[i...k])
                    let end = find(tag, from: k + 1).map { $0 + tag.count } ?? b.count
                    copy(until: end)
                } else {
                    copy(until: i + 1)
                }
            case UInt8(ascii: ":") where i + 1 < b.count && (i == 0 || b[i - 1] != UInt8(ascii: ":")) && b[i + 1] != UInt8(ascii: ":"):
                let next = b[i + 1]
                if next == UInt8(ascii: "'") || next == UInt8(ascii: "\""), let close = b[(i + 2)...].firstIndex(of: next),
                   close > i + 2, b[(i + 2)..<close].allSatisfy(isWord) {
                    out.append(contentsOf: Array((next == UInt8(ascii: "'") ? "'psql'" : "\"psql\"").utf8))
                    i = close + 1
                } else if isWord(next) {
                    var k = i + 1
                    while k < b.count, isWord(b[k]) { k += 1 }
                    out.append(contentsOf: Array("NULL".utf8))
                    i = k
                } else {
                    copy(until: i + 1)
                }
            default:
                copy(until: i + 1)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The PL/pgSQL bodies of the `DO` statements in a parse tree.
    static func doBodies(_ json: String) throws -> [String] {
        var bodies: [String] = []
        func visit(_ value: Any) {
            if let object = value as? [String: Any] {
                if let doStmt = object["DoStmt"] as? [String: Any], let args = doStmt["args"] as? [[String: Any]] {
                    for arg in args {
                        if let element = arg["DefElem"] as? [String: Any], element["defname"] as? String == "as",
                           let string = (element["arg"] as? [String: Any])?["String"] as? [String: Any],
                           let body = string["sval"] as? String {
                            bodies.append(body)
                        }
                    }
                }
                object.values.forEach(visit)
            } else if let array = value as? [Any] {
                array.forEach(visit)
            }
        }
        visit(try JSONSerialization.jsonObject(with: Data(json.utf8)))
        return bodies
    }

    /// The PL/pgSQL bodies of the `CREATE PROCEDURE` / `CREATE FUNCTION` statements in a parse tree.
    static func procedureBodies(_ json: String) throws -> [String] {
        var bodies: [String] = []
        func visit(_ value: Any) {
            if let object = value as? [String: Any] {
                if let create = object["CreateFunctionStmt"] as? [String: Any], let options = create["options"] as? [[String: Any]] {
                    for option in options {
                        if let element = option["DefElem"] as? [String: Any], element["defname"] as? String == "as",
                           let items = ((element["arg"] as? [String: Any])?["List"] as? [String: Any])?["items"] as? [[String: Any]] {
                            bodies += items.compactMap { ($0["String"] as? [String: Any])?["sval"] as? String }
                        }
                    }
                }
                object.values.forEach(visit)
            } else if let array = value as? [Any] {
                array.forEach(visit)
            }
        }
        visit(try JSONSerialization.jsonObject(with: Data(json.utf8)))
        return bodies
    }

    /// The statements handed to the retry procedure: every argument after the first (the step's
    /// name) of `CALL pg_temp.plancc_step(...)`.
    static func steppedStatements(_ json: String) throws -> [String] {
        var statements: [String] = []
        func visit(_ value: Any) {
            if let object = value as? [String: Any] {
                if let call = (object["CallStmt"] as? [String: Any])?["funccall"] as? [String: Any],
                   let name = call["funcname"] as? [[String: Any]],
                   name.compactMap({ ($0["String"] as? [String: Any])?["sval"] as? String }) == ["pg_temp", "plancc_step"],
                   let args = call["args"] as? [[String: Any]] {
                    statements += args.dropFirst().compactMap { arg in
                        (((arg["A_Const"] as? [String: Any])?["sval"] as? [String: Any])?["sval"] as? String)
                    }
                }
                object.values.forEach(visit)
            } else if let array = value as? [Any] {
                array.forEach(visit)
            }
        }
        visit(try JSONSerialization.jsonObject(with: Data(json.utf8)))
        return statements
    }

    /// The texts of `EXECUTE $tag$ ... $tag$` in a PL/pgSQL body: DDL plancc runs dynamically.
    static func executedStrings(_ body: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"EXECUTE\s+\$([A-Za-z_][A-Za-z0-9_]*)?\$(.*?)\$\1\$"#,
                                               options: [.dotMatchesLineSeparators])
        let range = NSRange(body.startIndex..., in: body)
        return pattern.matches(in: body, range: range).compactMap { match in
            Range(match.range(at: 2), in: body).map { String(body[$0]) }
        }
    }

    static func place(_ offset: Int, in text: String) -> (Int, Int) {
        let before = Array(text.utf8).prefix(offset)
        let line = before.filter { $0 == 0x0A }.count + 1
        let start = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        return (line, String(decoding: before[start...], as: UTF8.self).unicodeScalars.count + 1)
    }
}
