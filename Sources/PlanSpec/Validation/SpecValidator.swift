import PlanDiagnostics

/// The checks of "What plancc checks" that need the whole decoded spec.
struct SpecValidator {
    let spec: Spec
    let sink: DiagnosticSink
    /// Whether to replay the changes in order (dropped, renamed, duplicate and unknown
    /// names, literal fit): only sound when every change decoded.
    var replaySchema = true

    func validate() {
        checkID()
        if spec.kind == .baseline { checkBaseline() }
        NameChecks(spec: spec, sink: sink).run()
        if replaySchema {
            SchemaTracker(spec: spec, sink: sink).run()
            checkBackfillOrder()
        }
        checkRenames()
        if spec.rollout.mode == .expandContract { ExpandContractConflicts(spec: spec, sink: sink).run() }
        for change in spec.changes {
            checkDialects(change)
            checkPortability(change)
        }
    }

    // MARK: id

    private func checkID() {
        let id = spec.id.value
        let bytes = Array(id.utf8)
        let digits = bytes.prefix(14)
        let validStamp = bytes.count > 15 && digits.allSatisfy { (0x30...0x39).contains($0) } && bytes[14] == UInt8(ascii: "_")
        let description = bytes.dropFirst(15)
        let validDescription = !description.isEmpty
            && description.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "_") }
            && description.first != UInt8(ascii: "_") && description.last != UInt8(ascii: "_")
        guard validStamp, validDescription, Self.isPlausibleTimestamp(String(decoding: digits, as: UTF8.self)) else {
            sink.error(.invalidID, "id '\(id)' is not YYYYMMDDHHMMSS_snake_description", at: spec.id.location,
                       fix: "e.g. 20261124093000_users_add_phone; 'plancc new' makes one")
            return
        }
        let fileName = spec.path.split(separator: "/").last.map(String.init) ?? spec.path
        let stem = fileName.hasSuffix(".yaml") ? String(fileName.dropLast(5)) : fileName.hasSuffix(".yml") ? String(fileName.dropLast(4)) : fileName
        if stem != id {
            sink.error(.idFileMismatch, "id '\(id)' does not match the file name '\(fileName)'", at: spec.id.location,
                       fix: "rename the file to \(id).yaml or change the id")
        }
    }

    static func isPlausibleTimestamp(_ s: String) -> Bool {
        let n = Array(s.utf8).map { Int($0) - 0x30 }
        func value(_ from: Int, _ count: Int) -> Int { n[from..<(from + count)].reduce(0) { $0 * 10 + $1 } }
        return (1...12).contains(value(4, 2)) && (1...31).contains(value(6, 2)) && value(8, 2) < 24
            && value(10, 2) < 60 && value(12, 2) < 60
    }

    private func checkBaseline() {
        for change in spec.changes {
            switch change.operation {
            case .createTable, .createIndex, .addPrimaryKey, .addForeignKey, .addCheck: continue
            default:
                sink.error(.baselineOperation, "a baseline spec describes what exists with create_table, create_index, add_primary_key, "
                               + "add_foreign_key and add_check only; found \(change.name)",
                           at: change.location, fix: "move this change into a spec of kind: change")
            }
        }
    }

    // MARK: renames

    /// A rename to its own name would, under expand_contract, drop the column's data at contract;
    /// MySQL compares column and (often) table names without case, so `a` to `A` is the same name there.
    private func checkRenames() {
        let caseInsensitive = spec.dialects.contains(.mysql)
        func same(_ a: Name, _ b: Name) -> Bool {
            caseInsensitive ? a.value.lowercased() == b.value.lowercased() : a.value == b.value
        }
        for change in spec.changes {
            let pair: (Name, Name)?
            switch change.operation {
            case let .renameColumn(op): pair = (op.from, op.to)
            case let .renameTable(op): pair = (op.from, op.to)
            default: pair = nil
            }
            guard let (from, to) = pair, same(from, to) else { continue }
            sink.error(.renameToSameName,
                       "\(change.name) renames '\(from.value)' to '\(to.value)', the same name" + (caseInsensitive && from.value != to.value ? " on MySQL, which ignores case in names" : ""),
                       at: to.location, fix: "remove the change, or give a different new name")
        }
    }

    // MARK: phase order

    /// Every change's forward runs before any backfill, so a backfill cannot use a table or
    /// column that a later change removes or renames in forward.
    private func checkBackfillOrder() {
        for (position, change) in spec.changes.enumerated() {
            guard case let .backfill(op) = change.operation else { continue }
            let columns = Set(op.set.map(\.column.value) + (op.key ?? []).map(\.value))
            for later in spec.changes[(position + 1)...] {
                guard let removed = removedInForward(by: later.operation), removed.table == op.table.value,
                      removed.column.map(columns.contains) ?? true else { continue }
                let what = removed.column.map { "column '\(op.table.value).\($0)'" } ?? "table '\(op.table.value)'"
                sink.error(removed.column == nil ? .droppedTable : .droppedColumn,
                           "backfill runs after every change's forward, and change \(later.index) (\(later.name)) removes \(what) in forward",
                           at: change.location, notes: [.init("removed here", at: later.location)],
                           fix: "move the backfill after that change into a spec of its own, or reorder the changes")
            }
        }
    }

    /// The table, or column of a table, a change takes away in its forward phase.
    private func removedInForward(by operation: Operation) -> (table: String, column: String?)? {
        let singleStep = spec.rollout.mode == .singleStep
        switch operation {
        case let .dropTable(op): return (op.table.value, nil)
        case let .renameTable(op): return (op.from.value, nil)
        case let .dropColumn(op): return (op.table.value, op.column.value)
        case let .renameColumn(op) where singleStep: return (op.table.value, op.from.value)
        default: return nil
        }
    }

    // MARK: dialects

    /// Everything a listed dialect cannot express, and per-dialect maps that leave one out.
    private func checkDialects(_ change: Change) {
        for dialect in spec.dialects {
            DialectCoverage(change: change, dialect: dialect, expandContract: spec.rollout.mode == .expandContract, sink: sink).check()
        }
    }

    // MARK: portability

    /// Shared SQL that MySQL reads differently: `||` is OR there, `length()` counts bytes.
    private func checkPortability(_ change: Change) {
        guard spec.dialects.contains(.mysql), spec.dialects.contains(.postgresql) else { return }
        for text in change.operation.sharedSQLTexts {
            guard let shared = text.shared else { continue }
            let lower = shared.lowercased()
            var problems: [String] = []
            if lower.contains("||") { problems.append("'||' concatenates on PostgreSQL but is OR on MySQL") }
            if lower.contains("length(") && !lower.contains("char_length(") {
                problems.append("length() counts characters on PostgreSQL but bytes on MySQL")
            }
            if lower.contains("::") { problems.append("'::' casts are PostgreSQL-only") }
            if lower.contains("ilike") { problems.append("ILIKE is PostgreSQL-only") }
            for problem in problems {
                sink.warning(.portability, problem, at: text.location,
                             fix: "give the text per dialect: { postgresql: \"...\", mysql: \"...\" }")
            }
        }
    }
}

extension Operation {
    /// Every author-written SQL text in the change, for checks that look at them all.
    var sharedSQLTexts: [DialectText] {
        var texts: [DialectText] = []
        func add(_ expression: Expression?) {
            if case let .native(sql, _)? = expression { texts.append(sql) }
        }
        switch self {
        case let .createTable(op): op.columns.forEach { add($0.defaultValue?.expression) }
        case let .addColumn(op): add(op.column.defaultValue?.expression)
        case let .alterColumnType(op): op.using.map { texts.append($0) }
        case let .setDefault(op): add(op.defaultValue.expression)
        case let .createIndex(op): op.filter.map { texts.append($0) }
        case let .addCheck(op): texts.append(op.expression)
        case let .backfill(op):
            op.set.forEach { add($0.value) }
            op.filter.map { texts.append($0) }
        case let .sql(op): texts += [op.forward] + [op.rollback, op.verify].compactMap { $0 }
        default: break
        }
        return texts
    }
}
