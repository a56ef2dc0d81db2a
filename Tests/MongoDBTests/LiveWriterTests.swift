import Foundation
import Planner
import Testing
import TestSupport

/// One database of a throwaway SecantusDB holding `accounts` (a `$jsonSchema` validator, 7
/// documents), the compiled scripts of one spec, and writers of the old and the new code.
/// MongoDB has no triggers, so the new code does what CHANGE.md asks of it (it writes both
/// fields of a rename until contract); the old code writes only what it knew.
final class MongoLive {
    let server: MongoServer
    let db: String
    let dir: String
    let scripts: MongoScripts
    /// What each field should hold, by `_id`, as the writers last wrote it (nil: absent).
    var expected: [String: [Int: String?]] = [:]
    var history: [String] = []
    private var files = 0

    static let validator = #"{ $jsonSchema: { bsonType: "object", required: ["status", "notes"], "#
        + #"properties: { status: { bsonType: "string", maxLength: 40 }, notes: { bsonType: "string" } } } }"#
    static let seeded = 1...7

    init(server: MongoServer, temp: String, db: String, id: String, risk: String = "high", changes: String) throws {
        self.server = server; self.db = db
        dir = temp + "/" + db
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let spec = try LiveSpecs.write(id: id, title: "Live writers on MongoDB", dialect: "mongodb", risk: risk, changes: changes, into: dir)
        scripts = try MongoScripts.compile(spec, into: dir)
        let docs = Self.seeded.map { #"{ _id: \#($0), status: "active", notes: "note \#($0)" }"# }
        let setup = try js("setup", """
            await db.runCommand({ create: "accounts", validator: \(Self.validator) });
            for (const doc of [\(docs.joined(separator: ", "))]) await db.runCommand({ insert: "accounts", documents: [doc] });
            """)
        guard setup.succeeded else { throw HarnessFailure(message: setup.output) }
        for key in Self.seeded { expected["status", default: [:]][key] = "active"; expected["notes", default: [:]][key] = "note \(key)" }
    }

    func run(_ phase: Phase) -> ProcessResult { server.run(db, [scripts.path(phase)]) }

    func js(_ name: String, _ code: String) throws -> ProcessResult {
        files += 1
        let file = "\(dir)/\(files)-\(name).js"
        try code.write(toFile: file, atomically: true, encoding: .utf8)
        return server.run(db, [file])
    }

    /// One write of the application: `fields` set (a nil value unsets) on document `key`, by an
    /// insert or an update. Values hold no quotes.
    struct Write {
        var who: String
        var insert: Bool
        var key: Int
        var fields: [(String, String?)]
    }

    static func insert(_ who: String, _ key: Int, _ fields: [(String, String?)]) -> Write { Write(who: who, insert: true, key: key, fields: fields) }
    static func update(_ who: String, _ key: Int, _ fields: [(String, String?)]) -> Write { Write(who: who, insert: false, key: key, fields: fields) }

    /// Runs the writes in one client, each its own command; returns the refused ones with the
    /// server's reason. Accepted writes go into `expected`.
    func write(_ writes: [Write]) throws -> [String] {
        func command(_ w: Write) -> String {
            let set = w.fields.compactMap { f, v in v.map { "\(f): \"\($0)\"" } }.joined(separator: ", ")
            let unset = w.fields.compactMap { f, v in v == nil ? "\(f): \"\"" : nil }.joined(separator: ", ")
            if w.insert { return "{ insert: \"accounts\", documents: [{ _id: \(w.key)\(set.isEmpty ? "" : ", " + set) }] }" }
            var ops: [String] = []
            if !set.isEmpty { ops.append("$set: { \(set) }") }
            if !unset.isEmpty { ops.append("$unset: { \(unset) }") }
            return "{ update: \"accounts\", updates: [{ q: { _id: \(w.key) }, u: { \(ops.joined(separator: ", ")) } }] }"
        }
        let list = writes.enumerated().map { "[\($0.offset), \(command($0.element))]" }.joined(separator: ",\n  ")
        let result = try js("writes", """
            for (const [at, command] of [
              \(list)
            ]) {
              const reply = await db.runCommand(command);
              if (reply.writeErrors || reply.n !== 1) print(`refused ${at} ${JSON.stringify(reply.writeErrors || reply)}`);
            }
            """)
        guard result.succeeded else { throw HarnessFailure(message: result.output) }
        var refused: [Int: String] = [:]
        for line in result.stdout.split(separator: "\n") where line.hasPrefix("refused ") {
            let parts = line.dropFirst(8).split(separator: " ", maxSplits: 1)
            if let at = Int(parts[0]) { refused[at] = parts.count > 1 ? String(parts[1]) : "" }
        }
        var problems: [String] = []
        for (at, w) in writes.enumerated() {
            let what = "\(w.who) \(w.insert ? "inserts" : "updates") \(w.key) " + w.fields.map { "\($0.0) = \($0.1 ?? "(unset)")" }.joined(separator: ", ")
            if let reason = refused[at] {
                problems.append("\(what): refused: \(reason)")
                continue
            }
            history.append(what)
            if w.insert { for field in expected.keys { expected[field]?[w.key] = .some(nil) } }
            for (f, v) in w.fields { expected[f, default: [:]][w.key] = .some(v) }
        }
        return problems
    }

    /// Every document as `_id -> field -> value` (strings only; the tests write nothing else).
    func documents() throws -> [Int: [String: String]] {
        let result = try js("read", #"print(JSON.stringify((await db.runCommand({ find: "accounts", filter: {}, sort: { _id: 1 }, batchSize: 100000 })).cursor.firstBatch));"#)
        guard result.succeeded, let data = result.stdout.data(using: .utf8),
              let docs = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw HarnessFailure(message: "cannot read accounts: \(result.output)")
        }
        var found: [Int: [String: String]] = [:]
        for doc in docs {
            guard let id = doc["_id"] as? Int else { continue }
            found[id] = doc.compactMapValues { $0 as? String }
        }
        return found
    }

    /// Where `field` does not hold what was last written to it (under `as`, its name now), for `only` the given keys.
    func mismatches(_ field: String, as name: String? = nil, _ when: String, only: Set<Int>? = nil) throws -> [String] {
        let docs = try documents()
        var problems: [String] = []
        for (key, want) in (expected[field] ?? [:]).sorted(by: { $0.key < $1.key }) where only?.contains(key) ?? true {
            guard let doc = docs[key] else { problems.append("\(when): document \(key) is missing"); continue }
            let got = doc[name ?? field]
            if got != want { problems.append("\(when): \(name ?? field) of \(key) is \(got ?? "absent"), was written \(want ?? "absent")") }
        }
        return problems
    }

    /// The collection's validator and validation options, as the server gives them back.
    func options() throws -> String {
        try js("options", #"print(JSON.stringify((await db.runCommand({ listCollections: 1, filter: { name: "accounts" } })).cursor.firstBatch[0].options));"#).stdout
    }
}

/// Issue 12 on the MongoDB wire server: old and new code write beside forward, backfill and
/// contract; no write is lost; contract refuses while documents are not copied; rollback gives
/// the validator back as it was.
@Suite(.serialized) struct MongoLiveWriterTests {
    static func withServer(_ body: (MongoServer, String) throws -> Void) throws {
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-mongo-live-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: temp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: temp) }
        let server = try MongoServer(tempDir: temp)
        defer { server.stop() }
        try body(server, temp)
    }

    @Test("a rename under old and new writers loses no write, and contract refuses while documents are not copied")
    func renameUnderWriters() throws {
        if EngineGate.skipped { return }
        try Self.withServer { server, temp in
            let live = try MongoLive(server: server, temp: temp, db: "rename", id: "20261203100000_mongo_live_rename",
                                     risk: "medium", changes: "  - rename_column: { table: accounts, from: status, to: state }")
            typealias W = MongoLive
            var problems: [String] = []
            func phase(_ p: Phase) { let r = live.run(p); if !r.succeeded { problems.append("\(p.rawValue) failed: \(r.output)") } }
            // Contract before any copy refuses and drops nothing.
            try #require(live.run(.forward).succeeded)
            let early = live.run(.contract)
            #expect(!early.succeeded, "contract ran with no document copied: \(early.output)")
            for word in ["accounts", "status", "state", "7"] { #expect(early.output.contains(word), "the refusal does not name \(word): \(early.output)") }
            problems += try live.mismatches("status", "after the refused contract")

            // Old code writes status only; new code writes both fields, as CHANGE.md asks.
            problems += try live.write([
                W.insert("old code", 1001, [("status", "suspended"), ("notes", "n")]),
                W.insert("new code", 2001, [("status", "suspended"), ("state", "suspended"), ("notes", "n")]),
                W.update("old code", 1, [("status", "closed")]),
                W.update("new code", 2, [("status", "closed"), ("state", "closed")]),
                W.update("new code", 1001, [("status", "reopened by new"), ("state", "reopened by new")]),
                W.update("old code", 2001, [("status", "reopened by old")]),
            ])
            problems += try live.mismatches("status", "after forward")
            phase(.backfill)
            problems += try live.mismatches("status", as: "state", "after backfill")
            problems += try live.write([
                W.insert("old code", 1004, [("status", "pending"), ("notes", "n")]),
                W.update("old code", 3, [("status", "closed again")]),
                W.insert("new code", 2004, [("status", "trial"), ("state", "trial"), ("notes", "n")]),
                W.update("new code", 1004, [("status", "confirmed"), ("state", "confirmed")]),
                W.update("new code", 4, [("status", "new over old"), ("state", "new over old")]),
            ])
            // Deploy: old code is gone; what it wrote since the backfill is not copied yet, so contract refuses.
            let refused = live.run(.contract)
            #expect(!refused.succeeded, "contract ran while old code's writes since the backfill were not copied: \(refused.output)")
            problems += try live.mismatches("status", "after the second refused contract")
            problems += try live.write([
                W.insert("new code", 2005, [("status", "after deploy"), ("state", "after deploy"), ("notes", "n")]),
                W.update("new code", 2001, [("status", "updated after deploy"), ("state", "updated after deploy")]),
            ])
            phase(.backfill)
            problems += try live.mismatches("status", as: "state", "after the backfill run again")
            phase(.contract)
            problems += try live.mismatches("status", as: "state", "after contract")
            // After contract new code writes only the new field.
            problems += try live.write([
                W.insert("new code", 2007, [("state", "after contract"), ("notes", "n")]),
                W.update("new code", 2004, [("state", "updated after contract")]),
            ])
            problems += try live.mismatches("state", "after contract, new code writing")
            for (key, doc) in try live.documents() where doc["status"] != nil { problems.append("after contract, \(key) still has status") }
            let options = try live.options()
            #expect(options.contains(#""required":["state","notes"]"#) || options.contains(#""required":["notes","state"]"#), "\(options)")
            #expect(!options.contains("status"), "\(options)")
            #expect(live.run(.verify).succeeded)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))\nwrites:\n  \(live.history.joined(separator: "\n  "))")
        }
    }
}

extension MongoLiveWriterTests {
    static let addAndDrop = """
          - add_column: { table: accounts, column: { name: tier, type: varchar(10) } }
          - add_column: { table: accounts, column: { name: plan, type: varchar(10), nullable: false, default: free } }
          - drop_column: { table: accounts, column: notes }
        """

    /// Old code: the version deployed before forward, which no longer writes the dropped field
    /// (CHANGE.md asks for that first) and knows nothing of the added ones. New code writes them.
    static func writersAfterForward(_ live: MongoLive) throws -> [String] {
        typealias W = MongoLive
        return try live.write([
            W.insert("old code", 1001, [("status", "suspended")]),
            W.update("old code", 1, [("status", "closed")]),
            W.insert("new code", 2001, [("status", "trial"), ("tier", "gold"), ("plan", "pro")]),
            W.update("new code", 2, [("tier", "silver")]),
        ])
    }

    @Test("added and soft-dropped fields under old and new writers: forward accepts both, rollback gives the validator back as it was")
    func addAndDropThenRollback() throws {
        if EngineGate.skipped { return }
        try Self.withServer { server, temp in
            let live = try MongoLive(server: server, temp: temp, db: "rollback", id: "20261203100100_mongo_live_add_drop", changes: Self.addAndDrop)
            let before = try live.options()
            try #require(live.run(.forward).succeeded)
            var problems = try Self.writersAfterForward(live)
            let backfill = live.run(.backfill)
            #expect(backfill.succeeded, "\(backfill.output)")
            problems += try live.mismatches("status", "after backfill")
            // Documents written since forward have no notes: rollback stops, naming them, and changes nothing.
            let withoutNotes = try live.options()
            let stopped = live.run(.rollback)
            #expect(!stopped.succeeded && stopped.output.contains("2 document(s) of accounts"), "\(stopped.output)")
            #expect(try live.options() == withoutNotes, "the stopped rollback changed the validator")
            let filled = try live.js("fill", #"await db.getCollection("accounts").updateMany({ _plancc_dropped_notes: null }, { $set: { _plancc_dropped_notes: "filled" } });"#)
            try #require(filled.succeeded, "\(filled.output)")
            let rollback = live.run(.rollback)
            #expect(rollback.succeeded, "\(rollback.output)")
            let after = try live.options()
            #expect(Self.validator(after) == Self.validator(before), "rollback did not restore the validator:\nbefore \(before)\nafter  \(after)")
            problems += try live.mismatches("status", "after rollback")
            // The old code works again as before forward: it writes notes once more.
            problems += try live.write([MongoLive.insert("old code", 1005, [("status", "back"), ("notes", "n")]),
                                        MongoLive.update("old code", 1001, [("notes", "written again")])])
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))\nwrites:\n  \(live.history.joined(separator: "\n  "))")
        }
    }

    @Test("added and soft-dropped fields under old and new writers through contract")
    func addAndDropThenContract() throws {
        if EngineGate.skipped { return }
        try Self.withServer { server, temp in
            let live = try MongoLive(server: server, temp: temp, db: "contract", id: "20261203100200_mongo_live_add_drop", changes: Self.addAndDrop)
            try #require(live.run(.forward).succeeded)
            var problems = try Self.writersAfterForward(live)
            #expect(live.run(.backfill).succeeded)
            problems += try live.write([MongoLive.insert("new code", 2002, [("status", "after deploy"), ("tier", "gold"), ("plan", "pro")])])
            let contract = live.run(.contract)
            #expect(contract.succeeded, "\(contract.output)")
            problems += try live.write([MongoLive.insert("new code", 2003, [("status", "after contract"), ("plan", "pro")])])
            for field in ["status", "tier", "plan"] { problems += try live.mismatches(field, "after contract") }
            // From contract on plan is required: MongoDB keeps no default to fill it.
            let refused = try live.write([MongoLive.insert("new code", 2004, [("status", "without plan")])])
            #expect(refused.count == 1 && refused[0].contains("plan"), "\(refused)")
            let verify = live.run(.verify)
            #expect(verify.succeeded, "\(verify.output)")
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))\nwrites:\n  \(live.history.joined(separator: "\n  "))")
        }
    }

    /// A field added NOT NULL with a default is required only at contract; when the same spec
    /// renames the collection, contract requires it on the collection under its new name (the
    /// old name is a read-only view by then), and fills what new code inserted without it.
    @Test("contract requires an added field on the collection under the name a later rename gave it")
    func addThenRenameCollection() throws {
        if EngineGate.skipped { return }
        try Self.withServer { server, temp in
            let live = try MongoLive(server: server, temp: temp, db: "renamed", id: "20261203100300_mongo_live_add_then_rename", changes: """
                  - add_column: { table: accounts, column: { name: plan, type: varchar(10), nullable: false, default: free } }
                  - rename_table: { from: accounts, to: members }
                """)
            try #require(live.run(.forward).succeeded)
            let written = try live.js("new-code", #"await db.runCommand({ insert: "members", documents: [{ _id: 2001, status: "trial", notes: "n" }] });"#)
            try #require(written.succeeded, "\(written.output)")
            #expect(live.run(.backfill).succeeded)
            let contract = live.run(.contract)
            #expect(contract.succeeded, "\(contract.output)")
            let read = try live.js("read", """
                const docs = (await db.runCommand({ find: "members", filter: {}, sort: { _id: 1 } })).cursor.firstBatch;
                print(docs.map(d => `${d._id}=${d.plan}`).join(","));
                const refused = await db.runCommand({ insert: "members", documents: [{ _id: 2002, status: "x", notes: "n" }] });
                print(refused.writeErrors ? "refused" : "accepted");
                const options = (await db.runCommand({ listCollections: 1, filter: { name: "members" } })).cursor.firstBatch[0].options;
                print(JSON.stringify(options.validator));
                """)
            #expect(read.stdout.contains("1=free,2=free,3=free,4=free,5=free,6=free,7=free,2001=free"), "\(read.output)")
            #expect(read.stdout.contains("refused"), "an insert without plan was accepted after contract: \(read.output)")
            #expect(read.stdout.contains(#""plan""#), "\(read.output)")
            let verify = live.run(.verify)
            #expect(verify.succeeded, "\(verify.output)")
        }
    }

    /// The `validator` of listCollections options, as the server gives it back.
    static func validator(_ options: String) -> String {
        guard let range = options.range(of: #""validator":"#) else { return options }
        var depth = 0, end = range.upperBound
        for index in options[range.upperBound...].indices {
            if options[index] == "{" { depth += 1 }
            if options[index] == "}" { depth -= 1; if depth == 0 { end = options.index(after: index); break } }
        }
        return String(options[range.upperBound..<end])
    }
}
