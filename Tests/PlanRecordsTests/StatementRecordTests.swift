import Foundation
import PlanccKit
import Planner
import Testing
import TestSupport

/// The records can only say what the scripts do: for a dialect whose scripts are written from
/// statements (PostgreSQL), every lock CHANGE.md names for a change is taken by a statement of
/// that change, every retry it claims is made by some statement, plan.json lists those same
/// statements, and the statements are the scripts' own (a retried transaction is a call of the
/// retry procedure holding the statement's text; a retried index build is psql's loop).
struct StatementRecordTests {
    static var specs: [String] {
        let pg = Repo.path("Tests/PostgreSQLTests/Specs")
        let own = ((try? FileManager.default.contentsOfDirectory(atPath: pg)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
            .map { pg + "/" + $0 }
        return Repo.exampleSpecs + own
    }

    /// `| Change 2 (`add_check`) | DIALECT | LOCKS | HELD | REWRITES | ... |` rows of CHANGE.md.
    static func rows(_ record: String, _ dialect: String) -> [(change: Int, locks: [String], rewrites: Bool)] {
        record.split(separator: "\n").compactMap { line -> (Int, [String], Bool)? in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count > 6, cells[2] == dialect, cells[1].hasPrefix("Change "),
                  let number = Int(cells[1].dropFirst("Change ".count).prefix { $0.isNumber }) else { return nil }
            let modes = cells[3].split(separator: ";").map { phrase -> String in
                var words = phrase.trimmingCharacters(in: .whitespaces)
                for hold in [" briefly", " while scanning", " while rewriting", " per batch", " on nothing that exists", " for an unknown time"]
                where words.hasSuffix(hold) { words.removeLast(hold.count) }
                return words
            }
            return (number, modes, cells[5] == "yes")
        }
    }

    /// Each lock a row of `dialect` names is taken by a statement of that change's rollout, and a
    /// rewrite it claims is made by one (`rewrites: false`: none may be claimed).
    static func expectRowsFolded(_ record: String, _ dialect: String, _ statements: [Statement], _ path: String, rewrites: Bool = true) {
        for row in rows(record, dialect) {
            let own = statements.filter { $0.origin.changeIndex == row.change && $0.phase != .rollback && $0.kind != .note }
            for lock in row.locks where lock != "none" {
                #expect(own.contains { $0.lock.name == lock }, "\(path): change \(row.change) claims \(lock), which no statement takes")
            }
            if row.rewrites { #expect(rewrites && own.contains { $0.rewritesTable }, "\(path): change \(row.change) claims a rewrite") }
        }
    }

    /// The statements plan.json lists for `dialect`, in order.
    static func listed(_ change: CompiledChange, _ dialect: String) throws -> [[String: Any]] {
        let json = try JSONSerialization.jsonObject(with: Data(try #require(SpecCompiler.file(change, "plan.json")).utf8)) as? [String: Any]
        return (json?["phases"] as? [[String: Any]] ?? []).flatMap { $0["statements"] as? [[String: Any]] ?? [] }
            .filter { $0["dialect"] as? String == dialect }
    }

    @Test(arguments: specs)
    func postgresRecordsClaimOnlyWhatTheStatementsDo(_ path: String) throws {
        let change = try SpecCompiler.compile(path)
        guard change.plan.spec.dialects.contains(.postgresql), change.plan.spec.kind == .change else { return }
        let statements = change.statements.filter { $0.dialect == .postgresql }
        #expect(!statements.isEmpty, "\(path): no PostgreSQL statements")
        let record = try #require(SpecCompiler.file(change, "CHANGE.md"))

        // Locks: each one named is taken by a statement of that change's rollout.
        Self.expectRowsFolded(record, "PostgreSQL", statements, path)

        // Retries: each kind claimed is made by some statement.
        let sentence = try #require(record.split(separator: "\n").first { $0.hasPrefix("- PostgreSQL: ") }, "\(path): no PostgreSQL retry line")
        let retried = statements.filter { $0.retry != .none }
        if sentence.contains("is tried again") { #expect(!retried.isEmpty, "\(path): a retry claimed, none made") }
        if sentence.contains("the DDL plancc writes") { #expect(retried.contains { $0.kind == .ddl }, "\(path): DDL retries claimed") }
        if sentence.contains("concurrent index builds") { #expect(retried.contains { $0.kind == .indexBuild }, "\(path): index build retries claimed") }
        if sentence.contains("backfill batch") { #expect(retried.contains { $0.kind == .backfill }, "\(path): batch retries claimed") }
        if sentence.contains("deadlock") {
            #expect(retried.contains { if case .lockTimeoutAndDeadlock = $0.retry { true } else { false } }, "\(path): deadlock retries claimed")
        }
        if sentence.contains("Not retried: the author's own") {
            #expect(statements.contains { $0.kind == .authorCode && $0.retry == .none }, "\(path): author's code claimed")
        }

        // The statements are the scripts' own.
        for statement in statements where statement.kind != .note {
            let script = try #require(SpecCompiler.file(change, "postgresql/\(statement.phase.rawValue).sql"))
            #expect(script.contains(statement.text.trimmingCharacters(in: .newlines)), "\(path): a statement not in its script")
            switch (statement.transaction, statement.retry) {
            case (.inside, .lockTimeout), (.own, .lockTimeout):
                #expect(script.contains("CALL pg_temp.plancc_step("), "\(path): a retried transaction without the procedure")
            case (.outside, .lockTimeout):
                #expect(script.contains("psql tries it up to"), "\(path): a retried index build without psql's loop")
            case (_, .lockTimeoutAndDeadlock):
                #expect(script.contains("deadlock_detected"), "\(path): a batch retry the script does not make")
            default: break
            }
        }
        for phase in Phase.allCases {
            let script = SpecCompiler.file(change, "postgresql/\(phase.rawValue).sql") ?? ""
            if script.contains("CALL pg_temp.plancc_step(") {
                #expect(statements.contains { $0.phase == phase && $0.retry != .none && $0.transaction != .outside },
                        "\(path) \(phase): the script retries a transaction no statement says it does")
            }
        }

        // plan.json lists the same statements, with their locks and retries.
        let listed = try Self.listed(change, "postgresql")
        #expect(listed.count == statements.count, "\(path)")
        for (entry, statement) in zip(listed, statements) {
            #expect(entry["lock"] as? String == statement.lock.name)
            #expect((entry["retry"] as? [String: Any])?["on"] as? String == statement.retry.kind)
        }
    }

    /// MongoDB's rows too are folded from its statements: each lock named is taken by a statement of
    /// that change, nothing claims a rewrite, a retry or a sync trigger (mongosh scripts set no lock
    /// timeout and MongoDB has no triggers), and each statement is a line of its script.
    @Test(arguments: specs)
    func mongoRecordsClaimOnlyWhatTheStatementsDo(_ path: String) throws {
        let change = try SpecCompiler.compile(path)
        guard change.plan.spec.dialects.contains(.mongodb), change.plan.spec.kind == .change else { return }
        let statements = change.statements.filter { $0.dialect == .mongodb }
        #expect(!statements.isEmpty, "\(path): no MongoDB statements")
        let record = try #require(SpecCompiler.file(change, "CHANGE.md"))
        Self.expectRowsFolded(record, "MongoDB", statements, path, rewrites: false)
        for line in record.split(separator: "\n") where line.contains("| MongoDB |") {
            #expect(!line.contains("trigger (") && !line.contains("row locks") && !line.contains("kept in sync"), "\(path): \(line)")
        }
        #expect(!record.contains("- MongoDB: a statement that waits"), "\(path): a MongoDB retry claimed")
        #expect(statements.allSatisfy { $0.retry == .none })
        for statement in statements where statement.kind != .note {
            let script = try #require(SpecCompiler.file(change, "mongodb/\(statement.phase.rawValue).js"))
            #expect(script.contains(statement.text), "\(path): a statement not in its script: \(statement.text)")
        }
        // Every call a step makes has the statements its writer stated, no more and no fewer
        // (an index build and planccSettle are two each); the author's code is one statement.
        let multiplicity = ["planccInBatches(": 1, "planccEditValidator(": 1, "planccSettle(": 2, ".createIndex(": 2,
                            "planccDropCollection(": 1, "planccRenameCollection(": 1, "planccDropIndex(": 1,
                            "planccCreateCollection(": 1, "planccExpectValues(": 1, "planccExpectCheck(": 1, ".countDocuments(": 1]
        func count(_ marker: String, _ text: String) -> Int { text.components(separatedBy: marker).count - 1 }
        for phase in [Phase.forward, .backfill, .contract, .rollback] {
            let script = SpecCompiler.file(change, "mongodb/\(phase.rawValue).js") ?? ""
            let steps = script.range(of: "\n// change ").map { String(script[$0.lowerBound...]) } ?? ""
            let own = statements.filter { $0.phase == phase }
            for (marker, calls) in multiplicity {
                let authors = own.filter { $0.kind == .authorCode }.reduce(0) { $0 + count(marker, $1.text) }
                let stated = own.filter { $0.kind != .authorCode }.reduce(0) { $0 + count(marker, $1.text) }
                #expect(count(marker, steps) - authors == stated / calls, "\(path) \(phase): \(marker) written \(count(marker, steps)) times, stated \(stated)")
            }
        }
        for phase in [Phase.forward, .backfill, .contract] {
            let script = SpecCompiler.file(change, "mongodb/\(phase.rawValue).js") ?? ""
            if script.contains("await planccInBatches(") {
                #expect(statements.contains { $0.phase == phase && $0.kind == .backfill }, "\(path) \(phase): batches no statement names")
            }
            if script.contains(".createIndex(") {
                #expect(statements.contains { $0.phase == phase && $0.kind == .indexBuild }, "\(path) \(phase): an index build no statement names")
            }
        }
        let listed = try Self.listed(change, "mongodb")
        #expect(listed.count == statements.count, "\(path)")
        for (entry, statement) in zip(listed, statements) { #expect(entry["lock"] as? String == statement.lock.name) }
    }

    static var mysqlSpecs: [String] {
        let dir = Repo.path("Tests/Fixtures/mysql/specs")
        let own = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { "\(dir)/\($0)/\($0).yaml" }
        return Repo.exampleSpecs + own
    }

    /// A MySQL string literal as the scripts write one (quotes doubled, backslashes escaped).
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// MySQL's rows and retry line are folded from its statements: each lock named (with the
    /// ALGORITHM and LOCK clauses in its words) is taken by a statement of that change, and each
    /// such clause is the one the statement's text carries; each retry, deadlock retry and
    /// INSTANT fallback claimed is made by some statement, in the way the script writes it
    /// (`_plancc_step`, the batch loop's handler); each statement is in its script.
    @Test(arguments: mysqlSpecs)
    func mysqlRecordsClaimOnlyWhatTheStatementsDo(_ path: String) throws {
        let change = try SpecCompiler.compile(path)
        guard change.plan.spec.dialects.contains(.mysql), change.plan.spec.kind == .change else { return }
        let statements = change.statements.filter { $0.dialect == .mysql }
        #expect(!statements.isEmpty, "\(path): no MySQL statements")
        let record = try #require(SpecCompiler.file(change, "CHANGE.md"))
        Self.expectRowsFolded(record, "MySQL", statements, path)

        let sentence = try #require(record.split(separator: "\n").first { $0.hasPrefix("- MySQL: ") }, "\(path): no MySQL retry line")
        let retried = statements.filter { $0.retry != .none }
        if sentence.contains("is tried again") { #expect(!retried.isEmpty, "\(path): a retry claimed, none made") }
        if sentence.contains("the DDL plancc writes") { #expect(retried.contains { $0.kind == .ddl }) }
        if sentence.contains("online index builds") { #expect(retried.contains { $0.kind == .indexBuild }) }
        if sentence.contains("every backfill batch") { #expect(retried.contains { $0.kind == .backfill }) }
        if sentence.contains("victim of a deadlock") {
            #expect(retried.contains { if case .lockTimeoutAndDeadlock = $0.retry { true } else { false } })
        }
        if sentence.contains("Not retried: `CREATE TABLE`") {
            #expect(statements.contains { $0.retry == .none && $0.text.hasPrefix("CREATE TABLE") })
        }
        #expect(sentence.contains("refuses runs once more") == statements.contains { $0.fallback != nil }, "\(path): \(sentence)")
        #expect(!sentence.contains("naming the change and its table"), "\(path): MySQL's stop names the statement")

        for statement in statements where statement.kind != .note {
            let script = try #require(SpecCompiler.file(change, "mysql/\(statement.phase.rawValue).sql"))
            #expect(script.contains(statement.text) || script.contains(Self.literal(statement.text)),
                    "\(path): a statement not in its script: \(statement.text.prefix(200))")
            // The lock's clauses are the statement's own.
            if case let .mysql(lock) = statement.lock {
                for algorithm in ["INSTANT", "INPLACE", "COPY"] {
                    #expect(statement.text.contains(", ALGORITHM=\(algorithm)") == (lock.algorithm == algorithm),
                            "\(path): \(lock) for \(statement.text.suffix(80))")
                }
                if let clause = lock.lock { #expect(statement.text.contains("LOCK=\(clause)")) }
                #expect((statement.fallback != nil) == (lock.algorithm == "INSTANT"), "\(path): \(statement.text.suffix(80))")
            }
            switch statement.retry {
            case .lockTimeoutAndDeadlock where statement.kind == .backfill:
                #expect(script.contains("DECLARE EXIT HANDLER FOR 1205, 1213 BEGIN ROLLBACK;"), "\(path): a batch retry the script does not make")
            case .lockTimeoutAndDeadlock:
                #expect(script.contains("CALL `_plancc_step`(") && script.contains("DECLARE EXIT HANDLER FOR 1205, 1213 SET timed_out = TRUE;"))
            case .lockTimeout: Issue.record("\(path): MySQL retries deadlocks with lock wait timeouts")
            case .none: break
            }
        }
        for phase in [Phase.forward, .backfill, .contract, .rollback] {
            let script = SpecCompiler.file(change, "mysql/\(phase.rawValue).sql") ?? ""
            let calls = script.components(separatedBy: "\nCALL `_plancc_step`(").count - 1
            let stepped = statements.filter { $0.phase == phase && $0.retry != .none && $0.kind != .backfill }.count
            #expect(calls == stepped, "\(path) \(phase): \(calls) calls of _plancc_step, \(stepped) statements retried by it")
        }

        let listed = try Self.listed(change, "mysql")
        #expect(listed.count == statements.count, "\(path)")
        for (entry, statement) in zip(listed, statements) {
            #expect(entry["lock"] as? String == statement.lock.name)
            #expect(entry["text"] as? String == statement.text)
            #expect((entry["retry"] as? [String: Any])?["on"] as? String == statement.retry.kind)
        }
    }

    /// The record follows the ALGORITHM the script emits: the same drop and add of a column are
    /// INSTANT for MySQL 8.4 (a catalog change, with the in-place fallback said), in place for
    /// MySQL 8.0 (a rebuild while writes go on), and in place for MariaDB, which does them instantly.
    @Test(arguments: [("mysql: \"8.0\"", "INPLACE, LOCK=NONE", true), ("mysql: \"8.4\"", "INSTANT", false),
                      ("mariadb: \"10.11\"", "INPLACE, LOCK=NONE", false)])
    func mysqlRecordFollowsTheEmittedAlgorithm(_ targets: String, _ drop: String, _ rebuilds: Bool) throws {
        let id = "20260101000900_mysql_algorithms"
        let spec = """
            plancc: 1
            id: \(id)
            title: Drop and add a column
            intent: The lock record follows the ALGORITHM clause the target gets.
            rationale: Test.
            risk: high
            dialects: [mysql]
            targets: { \(targets) }
            rollback:
              strategy: restore_from_backup
              notes: customers.legacy_code is dropped; restore it from the snapshot.
            changes:
              - drop_column: { table: customers, column: legacy_code }
              - add_column: { table: customers, column: { name: stars, type: integer } }

            """
        let dir = try TempDir()
        let change = try SpecCompiler.compile(try dir.write(spec, to: id + ".yaml"))
        let forward = try #require(SpecCompiler.file(change, "mysql/forward.sql"))
        let record = try #require(SpecCompiler.file(change, "CHANGE.md"))
        #expect(forward.contains("DROP COLUMN `legacy_code`, ALGORITHM=\(drop)"), "\(forward)")
        let rows = Self.rows(record, "MySQL")
        let dropRow = try #require(rows.first { $0.change == 1 })
        let lock = drop == "INSTANT" || !rebuilds ? "exclusive" : "shared"
        #expect(dropRow.locks == ["\(lock) metadata lock (ALGORITHM=\(drop))"], "\(record)")
        #expect(dropRow.rewrites == rebuilds, "\(record)")
        let mariadb = targets.hasPrefix("mariadb")
        let add = mariadb ? "INPLACE, LOCK=NONE" : "INSTANT"
        #expect(forward.contains("ADD COLUMN `stars` int NULL, ALGORITHM=\(add)"), "\(forward)")
        #expect(try #require(rows.first { $0.change == 2 }).locks == ["exclusive metadata lock (ALGORITHM=\(add))"], "\(record)")
        let sentence = try #require(record.split(separator: "\n").first { $0.hasPrefix("- MySQL: ") })
        #expect(sentence.contains("`ALGORITHM=INSTANT` that the server refuses runs once more") == !mariadb, "\(sentence)")
        let held = record.split(separator: "\n").first { $0.hasPrefix("| Change 1 (`drop_column`) | MySQL |") } ?? ""
        #expect(held.contains(rebuilds ? "while scanning, writes continue" : "| briefly |"), "\(held)")
    }

    /// `plancc explain` says the same as CHANGE.md: its retry line comes from the same statements.
    @Test func explainStatesThePostgresRetriesOfTheStatements() throws {
        let path = try #require(Repo.exampleSpecs.first { $0.hasSuffix("_users_add_phone.yaml") })
        let change = try SpecCompiler.compile(path)
        let record = try #require(SpecCompiler.file(change, "CHANGE.md"))
        let line = try #require(record.split(separator: "\n").first { $0.hasPrefix("- PostgreSQL: ") })
        let explained = Explain.render(try Workspace.load([path]))
        #expect(explained.contains(line), "\(explained)")
        #expect(!line.contains("backfill batch"), "the spec has no backfill: \(line)")
    }
}
