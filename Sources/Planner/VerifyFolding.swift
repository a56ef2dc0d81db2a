/// Verify checks the end state: a later change's expectation about the same object replaces
/// an earlier one, and nothing is expected of a table or column that a later change removed.
enum VerifyFolding {
    static func fold(_ checks: [Check]) -> [Check] {
        var kept: [(key: String?, check: Check)] = []
        for check in checks {
            let e = check.expectation
            switch e {
            case let .tableAbsent(table), let .viewAbsent(table):
                // A rename (its new name's tableExists comes just before, from the same change):
                // what earlier changes expect of the table is expected under the new name.
                if let last = kept.last, case let .tableExists(to) = last.check.expectation, to != table,
                   last.check.origin.changeIndex == check.origin.changeIndex {
                    for index in kept.indices.dropLast() where kept[index].check.expectation.table == table {
                        kept[index].check.expectation = kept[index].check.expectation.retargeted(from: table, to: to)
                        kept[index].key = kept[index].check.expectation.key
                    }
                } else {
                    kept.removeAll { $0.check.expectation.table == table }
                }
            case let .columnAbsent(table, column):
                kept.removeAll { $0.check.expectation.table == table && $0.check.expectation.columns.contains(column) }
            default:
                break
            }
            var check = check
            if let key = e.key, let earlier = kept.firstIndex(where: { $0.key == key }) {
                check.expectation = e.merged(over: kept[earlier].check.expectation)
                kept.removeAll { $0.key == key }
            }
            kept.append((e.key, check))
        }
        return kept.map(\.check)
    }
}

extension Expectation {
    /// The same expectation of table `from` made of table `to` (a later rename_table).
    func retargeted(from: String, to: String) -> Expectation {
        func t(_ name: String) -> String { name == from ? to : name }
        switch self {
        case let .tableExists(x): return .tableExists(table: t(x))
        case let .tableAbsent(x): return .tableAbsent(table: t(x))
        case .viewAbsent: return self
        case let .columnExists(x, c, type, nullable, hasDefault):
            return .columnExists(table: t(x), column: c, type: type, nullable: nullable, hasDefault: hasDefault)
        case let .columnAbsent(x, c): return .columnAbsent(table: t(x), column: c)
        case let .indexValid(x, n, shape): return .indexValid(table: t(x), name: n, shape: shape)
        case let .indexAbsent(x, n): return .indexAbsent(table: t(x), name: n)
        case let .constraintValid(x, n): return .constraintValid(table: t(x), name: n)
        case let .constraintAbsent(x, n): return .constraintAbsent(table: t(x), name: n)
        case var .backfillDone(work):
            work.table = t(work.table)
            return .backfillDone(work)
        case let .triggerAbsent(x, n): return .triggerAbsent(table: t(x), name: n)
        case .raw: return self
        }
    }

    /// A column expectation keeps what an earlier one knew and this one does not say
    /// (set_not_null then drop_default must still check NOT NULL); others simply replace.
    func merged(over earlier: Expectation) -> Expectation {
        guard case let .columnExists(t, c, type, nullable, hasDefault) = self,
              case let .columnExists(_, _, oldType, oldNullable, oldDefault) = earlier else { return self }
        return .columnExists(table: t, column: c, type: type ?? oldType, nullable: nullable ?? oldNullable,
                             hasDefault: hasDefault ?? oldDefault)
    }

    /// The object the expectation is about; nil for ones that never replace others.
    var key: String? {
        switch self {
        case let .tableExists(t), let .tableAbsent(t): "table \(t)"
        case let .viewAbsent(v): "view \(v)"
        case let .columnExists(t, c, _, _, _), let .columnAbsent(t, c): "column \(t).\(c)"
        case let .indexValid(t, n, _), let .indexAbsent(t, n): "index \(t).\(n)"
        case let .constraintValid(t, n), let .constraintAbsent(t, n): "constraint \(t).\(n)"
        case let .triggerAbsent(t, n): "trigger \(t).\(n)"
        case .backfillDone, .raw: nil
        }
    }

    var table: String? {
        switch self {
        case let .tableExists(t), let .tableAbsent(t), let .viewAbsent(t): t
        case let .columnExists(t, _, _, _, _), let .columnAbsent(t, _): t
        case let .indexValid(t, _, _), let .indexAbsent(t, _): t
        case let .constraintValid(t, _), let .constraintAbsent(t, _), let .triggerAbsent(t, _): t
        case let .backfillDone(work): work.table
        case .raw: nil
        }
    }

    var columns: [String] {
        switch self {
        case let .columnExists(_, c, _, _, _): [c]
        // A later rename or drop of an indexed column (which carries the index or drops it)
        // leaves the name's definition to the history: the check goes.
        case let .indexValid(_, _, shape): shape.columns.map(\.name.value)
        case let .backfillDone(work): work.set.map(\.column.value)
        default: []
        }
    }
}
