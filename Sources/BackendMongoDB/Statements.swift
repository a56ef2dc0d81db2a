import Planner
import PlanSpec

/// What a MongoDB step does to the database, read from the code it writes: one `Statement` per
/// call of the runtime (or of `db`) that reads or changes a collection. mongosh scripts set no
/// lock timeout and run no transaction, so nothing is retried and every statement is outside one;
/// a catalog change (`collMod`, `create`, `drop`, `renameCollection`, `dropIndexes`) takes the
/// collection's exclusive lock for a moment, a batch loop takes document locks one batch at a
/// time, and a count reads every document. An index build is two statements of one call: the
/// exclusive collection lock it takes at its start and end, and the scan between, which yields
/// to readers and writers.
enum Statements {
    private struct Call {
        let marker: String
        let kind: Statement.Kind
        let lock: Statement.Lock
        let hold: Statement.Hold
        let `guard`: Statement.Guard
    }

    /// The calls that touch a collection, by the text that names them. A line may make two
    /// (`planccSettle` counts, then may `collMod`).
    private static let calls: [Call] = [
        Call(marker: "planccInBatches(", kind: .backfill, lock: .mongodb(.documents), hold: .perBatch, guard: .pendingRows),
        Call(marker: ".createIndex(", kind: .indexBuild, lock: .mongodb(.collection), hold: .catalogOnly, guard: .idempotent),
        Call(marker: ".createIndex(", kind: .indexBuild, lock: .mongodb(.documents), hold: .scan, guard: .idempotent),
        Call(marker: "planccEditValidator(", kind: .ddl, lock: .mongodb(.collection), hold: .catalogOnly, guard: .idempotent),
        Call(marker: "planccSettle(", kind: .check, lock: .mongodb(.documents), hold: .scan, guard: .none),
        Call(marker: "planccSettle(", kind: .ddl, lock: .mongodb(.collection), hold: .catalogOnly, guard: .idempotent),
        Call(marker: "planccExpectValues(", kind: .check, lock: .mongodb(.documents), hold: .scan, guard: .none),
        Call(marker: "planccExpectCheck(", kind: .check, lock: .mongodb(.documents), hold: .scan, guard: .none),
        Call(marker: ".countDocuments(", kind: .check, lock: .mongodb(.documents), hold: .scan, guard: .none),
        Call(marker: "planccCreateCollection(", kind: .ddl, lock: .none, hold: .none, guard: .idempotent),
        Call(marker: "planccDropCollection(", kind: .ddl, lock: .mongodb(.collection), hold: .catalogOnly, guard: .idempotent),
        Call(marker: "planccRenameCollection(", kind: .ddl, lock: .mongodb(.collection), hold: .catalogOnly, guard: .idempotent),
        Call(marker: "planccDropIndex(", kind: .ddl, lock: .mongodb(.collection), hold: .catalogOnly, guard: .idempotent),
    ]

    /// The statements of one step: the author's code is one statement whose locks plancc cannot
    /// tell; a step that writes only comments is a note; otherwise one per call its code makes.
    static func of(_ action: Action?, _ code: StepCode, origin: StepOrigin, phase: Phase) -> [Statement] {
        let text = code.lines.joined(separator: "\n")
        func statement(_ kind: Statement.Kind, _ text: String, lock: Statement.Lock, hold: Statement.Hold,
                       guard: Statement.Guard, table: String?) -> Statement {
            Statement(dialect: .mongodb, phase: phase, origin: origin, kind: kind, text: text,
                      transaction: kind == .note ? .none : .outside, guard: `guard`, lock: lock, table: table, hold: hold,
                      retry: .none, timeouts: Statement.Timeouts(lock: Milliseconds(0), statement: Milliseconds(0)))
        }
        guard code.hasCode else { return [statement(.note, text, lock: .none, hold: .none, guard: .none, table: nil)] }
        switch action {
        case let .authorCode(author)?:
            let skip: Statement.Guard = author.verify?.mongodb != nil ? .verify : .ledger
            return [statement(.authorCode, text, lock: .unknown, hold: .unknown, guard: skip, table: nil)]
        case .raw?:
            return [statement(.authorCode, text, lock: .unknown, hold: .unknown, guard: .none, table: nil)]
        default:
            break
        }
        return code.lines.flatMap { line -> [Statement] in
            let trimmed = line.drop { $0 == " " }
            guard !trimmed.hasPrefix("//") else { return [] }
            return calls.filter { line.contains($0.marker) }.map { call in
                statement(call.kind, String(trimmed), lock: call.lock, hold: call.hold,
                          guard: call.guard, table: firstString(line))
            }
        }
    }

    /// The first string literal of a line (the collection every runtime call names first).
    private static func firstString(_ line: String) -> String? {
        guard let open = line.firstIndex(of: "\"") else { return nil }
        var text = ""
        var escaped = false
        for c in line[line.index(after: open)...] {
            if escaped { text.append(c); escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { return text } else { text.append(c) }
        }
        return nil
    }
}
