import Foundation

// A live application beside the runbook: writers of the old and the new version of the code
// insert and update rows between the phases, and a ledger of what each wrote is checked
// against what the database gives back. Engine-neutral: each engine test target supplies a
// `SQLSession` (how to run SQL) and a `Runbook` (how to run one phase's script).

/// SQL on one database of a live engine.
public protocol SQLSession {
    /// Runs SQL text; the result says whether the engine accepted it.
    func execute(_ sql: String) -> ProcessResult
    /// Runs a query and returns its rows, fields split (tab- or engine-separated).
    func rows(_ sql: String) throws -> [[String]]
    /// The engine's identifier quoting.
    func ident(_ name: String) -> String
}

/// The scripts of one compiled change, run phase by phase as an operator would.
public protocol Runbook {
    func run(_ phase: String) -> ProcessResult
}

public struct LiveFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// What a writer puts in its column: a value, an explicit NULL, or nothing (the column left
/// out of the INSERT, so the schema's default applies).
public enum Write: Sendable, Equatable {
    case value(String)
    case null
    case omitted
}

/// Every value written, by key, as the writer meant it: what must be readable afterwards.
public final class WriteLedger {
    public let table: String
    public let key: String
    /// What a row inserted without the column holds (the column's default; nil for NULL).
    public let defaultValue: String?
    public private(set) var expected: [Int: String?] = [:]
    /// What was written, in order, for failure messages.
    public private(set) var history: [String] = []
    /// The keys written since the ledger was seeded.
    public private(set) var written: Set<Int> = []

    public init(table: String, key: String, defaultValue: String?) {
        self.table = table; self.key = key; self.defaultValue = defaultValue
    }

    /// Rows that existed before the change, with their values.
    public func seed(_ rows: [Int: String?]) {
        for (k, v) in rows { expected[k] = v }
    }

    func record(_ who: String, _ what: String, key: Int, _ value: String?) {
        expected[key] = value
        written.insert(key)
        history.append("\(who) \(what) \(key) = \(value ?? "NULL")")
    }

    /// Rows whose `column` does not hold what was last written to them, and rows missing or
    /// extra; with `only`, just those keys.
    public func mismatches(in session: SQLSession, column: String, only: Set<Int>? = nil) throws -> [String] {
        let marker = "<plancc-null>"
        let rows = try session.rows("SELECT \(session.ident(key)), COALESCE(\(session.ident(column)), '\(marker)') FROM \(session.ident(table)) ORDER BY 1")
        var found: [Int: String?] = [:]
        for row in rows where row.count == 2 {
            guard let k = Int(row[0]) else { continue }
            found[k] = row[1] == marker ? .some(nil) : .some(row[1])
        }
        var problems: [String] = []
        for (k, want) in expected.sorted(by: { $0.key < $1.key }) where only?.contains(k) ?? true {
            guard let got = found[k] else { problems.append("\(table).\(column) key \(k): row missing"); continue }
            if got != want { problems.append("\(table).\(column) key \(k): wrote \(want ?? "NULL"), reads \(got ?? "NULL")") }
        }
        for k in found.keys.sorted() where expected[k] == nil && only == nil {
            problems.append("\(table) key \(k): a row nobody wrote")
        }
        return problems
    }
}

/// One version of the application: it knows one name for the column and writes only that.
public struct AppWriter {
    public let name: String
    public let column: String
    let session: SQLSession
    let ledger: WriteLedger

    public init(_ name: String, column: String, session: SQLSession, ledger: WriteLedger) {
        self.name = name; self.column = column; self.session = session; self.ledger = ledger
    }

    public func insert(_ key: Int, _ write: Write) throws {
        let t = session.ident(ledger.table), k = session.ident(ledger.key), c = session.ident(column)
        let sql: String
        switch write {
        case let .value(v): sql = "INSERT INTO \(t) (\(k), \(c)) VALUES (\(key), \(Self.literal(v)));"
        case .null: sql = "INSERT INTO \(t) (\(k), \(c)) VALUES (\(key), NULL);"
        case .omitted: sql = "INSERT INTO \(t) (\(k)) VALUES (\(key));"
        }
        try perform(sql, "inserts")
        switch write {
        case let .value(v): ledger.record(name, "inserts", key: key, v)
        case .null: ledger.record(name, "inserts", key: key, nil)
        case .omitted: ledger.record(name, "inserts (column left out)", key: key, ledger.defaultValue)
        }
    }

    public func update(_ key: Int, _ value: String?) throws {
        let t = session.ident(ledger.table), k = session.ident(ledger.key), c = session.ident(column)
        try perform("UPDATE \(t) SET \(c) = \(value.map(Self.literal) ?? "NULL") WHERE \(k) = \(key);", "updates")
        ledger.record(name, "updates", key: key, value)
    }

    private func perform(_ sql: String, _ what: String) throws {
        let result = session.execute(sql)
        guard result.succeeded else { throw LiveFailure("\(name) \(what) and is refused: \(sql)\n\(result.output)") }
    }

    /// Test values never hold quotes or backslashes, so this literal means the same on every engine.
    static func literal(_ value: String) -> String {
        precondition(!value.contains("'") && !value.contains("\\"))
        return "'\(value)'"
    }
}

/// The law for an expand/contract rename, with old and new code writing beside the runbook:
/// every write is accepted where the runbook says it is (after forward both versions, after
/// deploy new code only); every value is readable under the old name until contract and under
/// the new name from the backfill on; re-running the backfill changes nothing.
/// Returns the problems found, empty when the law holds.
public struct RenameUnderWriters {
    public let session: SQLSession
    public let runbook: Runbook
    public let table: String, key: String, from: String, to: String
    public let defaultValue: String?
    /// The rows the table starts with (they exist before forward, so only the backfill copies them).
    public let seeded: [Int: String?]

    public init(session: SQLSession, runbook: Runbook, table: String, key: String, from: String, to: String,
                defaultValue: String?, seeded: [Int: String?]) {
        self.session = session; self.runbook = runbook; self.table = table; self.key = key
        self.from = from; self.to = to; self.defaultValue = defaultValue; self.seeded = seeded
    }

    public func check(nullable: Bool) throws -> (problems: [String], writes: Int) {
        let ledger = WriteLedger(table: table, key: key, defaultValue: defaultValue)
        ledger.seed(seeded)
        let old = AppWriter("old code", column: from, session: session, ledger: ledger)
        let new = AppWriter("new code", column: to, session: session, ledger: ledger)
        var problems: [String] = []
        func phase(_ name: String) {
            let result = runbook.run(name)
            if !result.succeeded { problems.append("\(name) failed:\n\(result.output)") }
        }
        func readable(_ column: String, _ when: String, only: Set<Int>? = nil) throws {
            problems += try ledger.mismatches(in: session, column: column, only: only).map { "\(when), under \(column): \($0)" }
        }
        let keys = seeded.keys.sorted()
        precondition(keys.count >= 4, "seed at least 4 rows")

        phase("forward")
        // Both versions run: each writes only the name it knows, on new rows and on rows the
        // backfill has not reached yet.
        try old.insert(1001, .value("suspended"))
        try old.insert(1002, .omitted)
        try new.insert(2001, .value("suspended"))
        try new.insert(2002, .omitted)
        try old.update(keys[0], "closed")
        try new.update(keys[1], "closed")
        try new.update(1001, "reopened by new")
        try old.update(2001, "reopened by old")
        if nullable {
            try old.insert(1003, .null)
            try new.update(1002, nil)
            try old.update(keys[2], nil)
        }
        try readable(from, "after forward")
        // The sync trigger copies each write at once; rows not written since wait for the backfill.
        try readable(to, "after forward", only: ledger.written)

        phase("backfill")
        try readable(from, "after backfill")
        try readable(to, "after backfill")
        // Both versions still run after the backfill.
        try old.insert(1004, .value("pending"))
        try new.insert(2004, .value("trial"))
        try old.update(keys[3], "closed again")
        try new.update(1004, "confirmed")
        try new.update(keys[0], "new over old")
        let before = try session.rows("SELECT * FROM \(session.ident(table)) ORDER BY 1")
        phase("backfill")
        let after = try session.rows("SELECT * FROM \(session.ident(table)) ORDER BY 1")
        if before != after { problems.append("backfill run again changed rows:\nbefore \(before)\nafter  \(after)") }
        try readable(from, "after the second backfill")
        try readable(to, "after the second backfill")

        // Deploy: only new code writes from here on.
        try new.insert(2005, .value("after deploy"))
        try new.insert(2006, .omitted)
        try new.update(1001, "updated after deploy")
        phase("contract")
        try readable(to, "after contract")
        try new.insert(2007, .omitted)
        try new.update(2004, "updated after contract")
        try readable(to, "after contract, new code writing")
        if (try? session.rows("SELECT \(session.ident(from)) FROM \(session.ident(table))")) != nil {
            problems.append("after contract, \(table).\(from) still exists")
        }
        if !problems.isEmpty { problems.append("writes, in order:\n  " + ledger.history.joined(separator: "\n  ")) }
        return (problems, ledger.history.count)
    }
}

/// Law (e) of issue 12: contract refuses while rows are not yet copied. Forward runs, the
/// backfill does not (killed, or never run), and contract must exit non-zero naming the table,
/// both columns and the count, with the old column and its values still there; after the
/// backfill, contract completes.
public struct ContractRefusesUncopied {
    public let session: SQLSession
    public let runbook: Runbook
    public let table: String, key: String, from: String, to: String
    /// The old column's name once contract is done (a type change swaps the new column in under it).
    public let goneAfterContract: String?

    public init(session: SQLSession, runbook: Runbook, table: String, key: String, from: String, to: String,
                goneAfterContract: String?) {
        self.session = session; self.runbook = runbook; self.table = table; self.key = key
        self.from = from; self.to = to; self.goneAfterContract = goneAfterContract
    }

    public func check() throws -> [String] {
        var problems: [String] = []
        let t = session.ident(table), old = session.ident(from)
        let values = { try session.rows("SELECT \(session.ident(key)), \(old) FROM \(t) ORDER BY 1") }
        let forward = runbook.run("forward")
        guard forward.succeeded else { return ["forward failed:\n\(forward.output)"] }
        let before = try values()
        let uncopied = try session.rows("SELECT COUNT(*) FROM \(t) WHERE \(old) IS NOT NULL").first?.first ?? "?"
        let refused = runbook.run("contract")
        if refused.succeeded {
            problems.append("contract exited 0 with \(uncopied) rows not copied:\n\(refused.output)")
        } else {
            for word in [table, from, to, "\(uncopied)"] where !refused.output.contains(word) {
                problems.append("contract's refusal does not name '\(word)':\n\(refused.output)")
            }
        }
        if let after = try? values() {
            if after != before { problems.append("the refused contract changed \(table).\(from)") }
        } else {
            problems.append("after the refused contract, \(table).\(from) is gone")
        }
        for phase in ["backfill", "contract"] {
            let result = runbook.run(phase)
            if !result.succeeded { problems.append("\(phase) after the refusal failed:\n\(result.output)") }
        }
        if let gone = goneAfterContract, (try? session.rows("SELECT \(session.ident(gone)) FROM \(t)")) != nil {
            problems.append("after the completed contract, \(table).\(gone) still exists")
        }
        return problems
    }
}

/// Specs for the live tests, written into a temporary folder under their id.
public enum LiveSpecs {
    /// An expand_contract spec of `changes` (YAML list items, indented two spaces) for one dialect.
    /// `mode` is the rollout mode (`single_step` for the changes that have no expand phase);
    /// `rollback` the strategy (`restore_from_backup` for a change that loses data at forward).
    public static func write(id: String, title: String, dialect: String, risk: String = "medium",
                             batchSize: Int = 3, mode: String = "expand_contract", rollback: String = "reverse",
                             targets: String? = nil, changes: String, into dir: String) throws -> String {
        let text = """
            plancc: 1
            id: \(id)
            title: \(title)
            intent: Run the scripts with old and new code writing beside them.
            rationale: Issue 12, a live application beside every phase.
            risk: \(risk)
            dialects: [\(dialect)]\(targets.map { "\ntargets: { \($0) }" } ?? "")
            rollback:
              strategy: \(rollback)
            rollout:
              mode: \(mode)
              lock_timeout: 2s
              batch_size: \(batchSize)
              batch_pause: 0
            changes:
            \(changes)

            """
        let path = dir + "/" + id + ".yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A fresh temporary folder; the caller removes it.
    public static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }
}
