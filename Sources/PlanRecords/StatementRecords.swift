import Planner
import PlanRules
import PlanSpec

/// What the records say of the locks and retries of a dialect whose scripts are written from
/// statements (`LoweringBackend`), folded from those statements, so that CHANGE.md, plan.json
/// and `plancc explain` can only say what the scripts do. Rollback is left out of a change's
/// impact: it is not part of the rollout.
enum StatementRecords {
    /// The statements of the rollout (forward, backfill, contract) of one change on one dialect.
    static func rollout(_ statements: [Statement], change: Int) -> [Statement] {
        statements.filter { $0.origin.changeIndex == change && $0.phase != .rollback && $0.phase != .verify && $0.kind != .note }
    }

    /// The analysis's estimate of a change's impact on `dialect`, with its lock, hold and
    /// rewrite taken from the statements when the dialect has them.
    static func performance(_ estimate: PerformanceImpact, change: Int, _ input: RecordInput) -> PerformanceImpact {
        guard input.lowers(estimate.dialect) else { return estimate }
        let statements = rollout(input.statements(estimate.dialect), change: change)
        var folded = estimate
        folded.lock = locks(statements)
        folded.hold = hold(statements)
        folded.rewritesTable = statements.contains(where: \.rewritesTable)
        return folded
    }

    /// Each lock the statements take with how long it is held, strongest first:
    /// `ACCESS EXCLUSIVE briefly; SHARE UPDATE EXCLUSIVE while scanning`.
    static func locks(_ statements: [Statement]) -> String {
        var seen: [(lock: Statement.Lock, hold: Statement.Hold)] = []
        for s in statements where s.lock != .none && !seen.contains(where: { $0.lock == s.lock && $0.hold == s.hold }) {
            seen.append((s.lock, s.hold))
        }
        guard !seen.isEmpty else { return "none" }
        let ordered = seen.sorted { a, b in
            let (ra, rb) = (rank(a.lock), rank(b.lock))
            return ra != rb ? ra > rb : a.hold > b.hold
        }
        return ordered.map { $0.lock == .unknown ? "unknown" : "\($0.lock.name) \(words($0.hold))" }.joined(separator: "; ")
    }

    private static func rank(_ lock: Statement.Lock) -> Int {
        switch lock {
        case .unknown: 100
        case let .postgresql(mode): Statement.PostgreSQLLock.allCases.firstIndex(of: mode) ?? 0
        case let .mysql(lock): lock.metadata == .exclusive ? 2 : lock.metadata == .shared ? 1 : 0
        case let .mongodb(lock): lock == .collection ? 2 : 1
        case .none: -1
        }
    }

    private static func words(_ hold: Statement.Hold) -> String {
        switch hold {
        case .none: "on nothing that exists"
        case .catalogOnly: "briefly"
        case .perBatch: "per batch"
        case .scan: "while scanning"
        case .rewrite: "while rewriting"
        case .unknown: "for an unknown time"
        }
    }

    /// The longest hold, in the analysis's terms: a whole pass under a lock that keeps writers
    /// out is `blocking`, one under a weaker lock `whileScanning`.
    static func hold(_ statements: [Statement]) -> PerformanceImpact.Hold {
        if statements.contains(where: { $0.hold == .unknown || $0.lock == .unknown }) { return .unknown }
        let passes = statements.filter { $0.hold == .scan || $0.hold == .rewrite }
        if passes.contains(where: \.keepsWritersOut) { return .blocking }
        if !passes.isEmpty { return .whileScanning }
        if statements.contains(where: { $0.hold == .perBatch }) { return .perBatch }
        if statements.contains(where: { $0.hold == .catalogOnly }) { return .brief }
        return .none
    }

    /// What the scripts of `dialect` retry, in one sentence, from its statements (all phases).
    static func retries(_ dialect: Dialect, _ statements: [Statement]) -> String {
        let statements = statements.filter { $0.kind != .note }
        guard let first = statements.first(where: { $0.retry.policy != nil }), let policy = first.retry.policy else {
            return "\(dialect.displayName): no statement is retried on a lock timeout."
        }
        let setting = dialect == .mysql ? "`lock_wait_timeout`, from `lock_timeout` in whole seconds" : "`lock_timeout`"
        let wait = "\(dialect.displayName): a statement that waits longer than \(first.timeouts.lock) for a lock (\(setting))"
        let retried = statements.filter { $0.retry != .none }
        var what: [String] = []
        if retried.contains(where: { $0.kind == .ddl }) { what.append("the DDL plancc writes" + (dialect == .mysql ? " through `_plancc_step`" : "")) }
        if retried.contains(where: { $0.kind == .indexBuild }) { what.append(dialect == .postgresql ? "its concurrent index builds" : "its online index builds") }
        if retried.contains(where: { $0.kind == .backfill }) { what.append("every backfill batch") }
        // The author's code, retried in some phases and not in others, is named with its phases.
        let authors = statements.filter { $0.kind == .authorCode }
        let split = authors.contains { $0.retry == .none } && authors.contains { $0.retry != .none }
        func phases(_ some: [Statement]) -> String {
            split ? " in " + list(Phase.allCases.filter { p in some.contains { $0.phase == p } }.map(\.rawValue)) : ""
        }
        if retried.contains(where: { $0.kind == .check && $0.lock != .unknown }) { what.append("the queries that count rows before a change") }
        if retried.contains(where: { $0.kind == .authorCode }) {
            what.append("each statement of the author's own `sql`" + phases(authors.filter { $0.retry != .none }))
        }
        var notRetried: [String] = []
        let ddl = Self.notRetried(statements, .ddl)
        notRetried += ddl.map(Markdown.code)
        if authors.contains(where: { $0.retry == .none }) { notRetried.append("the author's own `sql`" + phases(authors.filter { $0.retry == .none })) }
        if statements.contains(where: { $0.kind == .check && $0.retry == .none && $0.lock == .unknown }) {
            notRetried.append("the change's own `verify`, run first to skip code already done")
        }
        if statements.contains(where: { $0.kind == .check && $0.retry == .none && $0.lock != .none && $0.lock != .unknown }) {
            notRetried.append("the queries that count rows before a change")
        }
        let deadlocks = retried.filter { if case .lockTimeoutAndDeadlock = $0.retry { true } else { false } }
        guard policy.attempts > 1 else {
            return "\(wait) is not retried (`lock_retries` is 0): \(last(dialect))"
        }
        var text = "\(wait) is tried again up to \(policy.attempts - 1) more time\(policy.attempts == 2 ? "" : "s") (`lock_retries`), "
            + "after pauses of \(list(policy.pauses.map(\.description))) (each lengthened at random by up to half); "
            + "this holds for \(list(what))"
        if deadlocks.contains(where: { $0.kind != .backfill }) {
            text += "; one chosen as the victim of a deadlock with another session is tried again the same way"
                + (deadlocks.contains { $0.kind == .backfill } ? " (a backfill batch is rolled back first)" : "")
        } else if !deadlocks.isEmpty {
            text += ", and a backfill batch chosen as the victim of a deadlock with another session is rolled back and tried again the same way"
        }
        text += "."
        if !notRetried.isEmpty { text += " Not retried: \(list(notRetried))." }
        if let fallback = statements.first(where: { $0.fallback != nil }), case let .mysql(asked) = fallback.lock,
           case let .mysql(instead)? = fallback.fallback {
            text += " An `ALTER` with `\(asked.clauses)` that the server refuses runs once more with `\(instead.clauses)`: online still, though it may rebuild the table."
        }
        return text + " After the last attempt, " + last(dialect)
    }

    /// What a stop after the last attempt leaves, in the words of the dialect's scripts.
    private static func last(_ dialect: Dialect) -> String {
        guard dialect == .mysql else {
            return "the script stops with an error naming the change and its table; that change is not applied "
                + "(a backfill keeps the batches it committed) and nothing after it runs, so run the script again later: it skips what is done."
        }
        return "the script stops with an error naming the statement; what that change did before it stays (MySQL DDL is not transactional, "
            + "and a backfill keeps the batches it committed) and nothing after it runs, so run the script again later: it skips what is done."
    }

    /// The DDL the statements run without a retry, by its first words (`CREATE TABLE`, `LOCK TABLES`).
    private static func notRetried(_ statements: [Statement], _ kind: Statement.Kind) -> [String] {
        var verbs: [String] = []
        for s in statements where s.kind == kind && s.retry == .none && s.lock != .none {
            let verb = s.text.split(whereSeparator: \.isWhitespace).prefix(2).joined(separator: " ").uppercased()
            if !verbs.contains(verb) { verbs.append(verb) }
        }
        return verbs
    }

    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }
}

extension Statement {
    /// Whether writers wait while it runs: a PostgreSQL mode from SHARE up, a MySQL exclusive
    /// metadata lock or `LOCK=SHARED`, MongoDB's exclusive collection lock.
    var keepsWritersOut: Bool {
        switch lock {
        case let .postgresql(mode): mode.blocksWrites
        case let .mysql(lock): lock.metadata == .exclusive || lock.lock == "SHARED"
        case .mongodb(.collection): true
        default: rewritesTable
        }
    }
}

extension Statement.MySQLLock {
    /// `ALGORITHM=INSTANT`, `ALGORITHM=INPLACE, LOCK=NONE`: the clauses the statement names.
    var clauses: String {
        ([algorithm.map { "ALGORITHM=\($0)" }, lock.map { "LOCK=\($0)" }] as [String?]).compactMap { $0 }.joined(separator: ", ")
    }
}
