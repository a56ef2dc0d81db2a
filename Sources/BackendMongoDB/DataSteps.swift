import Planner
import PlanSpec
import PlanSupport

/// Batched pipeline updates: backfills, the copies that stand in for sync triggers, and the
/// author's own mongosh code.
enum DataSteps {
    static func backfill(_ work: BackfillWork, _ context: StepContext) -> StepCode {
        var step = StepCode()
        var set: [(String, JSONValue)] = []
        for assignment in work.set {
            guard let value = BSONTypes.expression(assignment.value) else {
                return ColumnSteps.missingForm("the value of \(work.table).\(assignment.column.value)")
            }
            set.append((assignment.column.value, value))
        }
        guard let pending = pending(work) else { return ColumnSteps.missingForm("the where of the backfill of \(work.table)") }
        if let key = work.key { step.comment("Batched by _id, MongoDB's key (the spec's key \(key.joined(separator: ", ")) is not needed).") }
        if let rows = work.estimatedRows { step.code("print(\(JS.string("\(work.table): about \(rows) documents (tables.rows in the spec)")));") }
        let label = "backfill \(work.table) " + work.set.map(\.column.value).joined(separator: ", ")
        let batches = "await planccInBatches(\(JS.string(work.table)), \(JS.string(label)), \(JS.value(pending)), "
            + "\(JS.value(.array([JS.document("$set", .object(set))]))), \(context.batching(size: work.batchSize)));"
        step.code(batches, StepCode.Call.batches(work.table, batches))
        return step
    }

    /// The documents a backfill still has to change: matching its `where`, with some target
    /// still different from its new value (or still null, for per-row values).
    static func pending(_ work: BackfillWork) -> JSONValue? {
        var clauses: [JSONValue] = []
        switch work.pending {
        // Without triggers nothing keeps the new field filled, so a rename's backfill copies
        // wherever the two differ: new code writes both fields until contract (CHANGE.md asks
        // it to), so a difference is what old code wrote since. Only from documents that have
        // the old field: a copy from a missing field would remove the new one.
        case .unfilled:
            for assignment in work.set {
                guard case let .column(from) = assignment.value else { continue }
                clauses.append(JS.document(from.value, JS.document("$exists", .bool(true))))
            }
            fallthrough
        case .differs:
            var differences: [JSONValue] = []
            for assignment in work.set {
                guard let value = BSONTypes.expression(assignment.value) else { return nil }
                differences.append(JS.document("$ne", .array([JS.fieldPath(assignment.column.value), value])))
            }
            clauses.append(JS.document("$expr", differences.count == 1 ? differences[0] : JS.document("$or", .array(differences))))
        case .targetIsNull:
            let nulls = work.set.map { JS.document($0.column.value, .null) }
            clauses.append(nulls.count == 1 ? nulls[0] : JS.document("$or", .array(nulls)))
        }
        if let filter = work.filter {
            guard let query = filter.mongodb else { return nil }
            clauses.insert(query, at: 0)
        }
        return clauses.count == 1 ? clauses[0] : JS.document("$and", .array(clauses))
    }

    static func installSync(_ sync: SyncTrigger) -> StepCode {
        // A type change: both versions write the same field, whose shadow only the backfill fills.
        if sync.newType != nil {
            return .comment("MongoDB has no triggers: nothing copies \(sync.oldColumn) into \(sync.newColumn) as it is written. "
                + "Backfill copies it (run it again once no old code runs), and contract refuses while a document is not copied.")
        }
        return .comment("MongoDB has no triggers: nothing copies \(sync.oldColumn) into \(sync.newColumn) as it is written. New code must write "
            + "both fields until contract; backfill copies what old code wrote (run it again once no old code runs), and contract "
            + "refuses while a document is not copied.")
    }

    /// Nothing to remove: no trigger was installed.
    static func dropSync(table t: String, name: String, _ context: StepContext) -> StepCode {
        .comment("MongoDB has no triggers: nothing to remove.")
    }

    /// Stops contract, before anything is changed, while a document has `from` set and `to`
    /// not equal to its copy (`value`): a backfill killed or never run, or old code that wrote
    /// since. Once `from` is gone from every document (a re-run after the drop) nothing counts.
    static func requireCopied(table t: String, from: String, to: String, value: Expression) -> StepCode {
        guard let copy = BSONTypes.expression(value) else { return ColumnSteps.missingForm("the copy of \(t).\(from) into \(to)") }
        let pending = JS.document("$and", .array([
            JS.document(from, JS.document("$ne", .null)),
            JS.document("$expr", JS.document("$ne", .array([JS.fieldPath(to), copy]))),
        ]))
        let rest = " document(s) of \(t) have \(from) set but \(to) not yet copied from it; nothing was dropped. "
            + "Run backfill.js again (once no old code writes \(from)), then contract.js again"
        let count = "  const left = await db.getCollection(\(JS.string(t))).countDocuments(\(JS.value(pending)));"
        return .comment("MongoDB has no triggers: nothing is removed while a document waits for the copy.")
            + StepCode(lines: [
                "{",
                count,
                "  if (left > 0) throw new Error(\"plancc contract: \" + left + \(JS.string(rest)));",
                "}",
            ], calls: StepCode.Call.count(t, count))
    }

    /// The author's mongosh code (a string), or a command document for `db.runCommand`: one
    /// statement, whose locks plancc cannot tell, skipped on a re-run as `guard` says.
    static func raw(_ text: DialectText, guard: Statement.Guard = .none) -> StepCode {
        var step: StepCode
        switch text.mongodb {
        case let .string(code)?:
            step = StepCode(lines: ["{"] + code.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 } + ["}"])
        case let command?:
            step = StepCode(lines: ["await db.runCommand(\(JS.value(command)));"])
        case nil:
            return .comment("This change gives no MongoDB form; nothing runs here.")
        }
        step.calls = StepCode.Call.authorCode(step.lines.joined(separator: "\n"), guard: `guard`)
        return step
    }
}

/// The author's code of a `sql` change, run only while it is still to do, so a re-run goes past
/// it: with the change's verify, while that verify throws (it runs first, its error caught);
/// without one, while the `plancc_ledger` collection has no document for the change (written
/// right after the code ran).
enum AuthorCodeSteps {
    static func render(_ author: AuthorCode, subject: String) -> StepCode {
        guard author.code.mongodb != nil else { return DataSteps.raw(author.code) }
        let code = DataSteps.raw(author.code).lines.map { "    " + $0 }
        // The whole step is one statement of the author's, whose locks plancc cannot tell.
        func stated(_ lines: [String], _ skip: Statement.Guard) -> StepCode {
            StepCode(lines: lines, calls: StepCode.Call.authorCode(lines.joined(separator: "\n"), guard: skip))
        }
        if let verify = author.verify, verify.mongodb != nil {
            let check = DataSteps.raw(verify).lines.map { "    " + $0 }
            return stated([
                "// The change's verify first (its error caught): the code runs only when it does not pass yet.",
                "{",
                "  let planccDone = true;",
                "  try {",
            ] + check + [
                "  } catch (error) {",
                "    planccDone = false;",
                "  }",
                "  if (planccDone) {",
                "    print(\(JS.string("plancc: \(subject): its verify passes already, so its code is not run again")));",
                "  } else {",
            ] + code + [
                "  }",
                "}",
            ], .verify)
        }
        let id = JS.string(ledgerID(author.ledger))
        return stated([
            "// Runs once: the \(LedgerEntry.name) collection keeps a document for each sql change without a verify that ran.",
            "if (await db.getCollection(\(JS.string(LedgerEntry.name))).countDocuments({ _id: \(id) }) > 0) {",
            "  print(\(JS.string("plancc: \(subject) ran before (its document in \(LedgerEntry.name)): not run again")));",
            "} else {",
        ] + code.map { String($0.dropFirst(2)) } + [
            "  await db.runCommand({ insert: \(JS.string(LedgerEntry.name)), documents: [{ _id: \(id), spec_id: \(JS.string(author.ledger.specID)), "
                + "change_index: \(author.ledger.changeIndex), applied_at: new Date() }] });",
            "}",
        ], .ledger)
    }

    /// Rollback of a change without a verify: its ledger document goes, so a later forward runs the code again.
    static func forget(_ entry: LedgerEntry) -> StepCode {
        let line = "await db.runCommand({ delete: \(JS.string(LedgerEntry.name)), deletes: [{ q: { _id: \(JS.string(ledgerID(entry))) }, limit: 1 }] });"
        return .line(line, StepCode.Call.ledger(line))
    }

    /// `SPEC_ID/CHANGE`: the document's `_id`.
    static func ledgerID(_ entry: LedgerEntry) -> String { "\(entry.specID)/\(entry.changeIndex)" }
}
