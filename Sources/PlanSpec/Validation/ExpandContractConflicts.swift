import PlanDiagnostics

/// Under expand_contract, a rename or type change keeps two columns side by side (old and
/// new, or old and shadow) from forward to contract. Any other change in the same spec that
/// touches either of them would race the sync trigger or be dropped at contract, so it must
/// go into a spec of its own, after this one's contract.
struct ExpandContractConflicts {
    let spec: Spec
    let sink: DiagnosticSink

    private struct Claim {
        var change: Change
        var table: String
        var columns: Set<String>
        /// A rename's new name, which may be given the old column's indexes, constraints,
        /// NOT NULL and default in the same spec: it exists from forward on.
        var restatable: String?
    }

    func run() {
        let caseInsensitive = spec.dialects.contains(.mysql)
        func key(_ name: String) -> String { caseInsensitive ? name.lowercased() : name }
        var claims: [Claim] = []
        for change in spec.changes {
            if let claim = claim(of: change, key) {
                claims.append(claim)
            }
        }
        guard !claims.isEmpty else { return }
        for change in spec.changes {
            guard let table = change.operation.table?.value else { continue }
            let touched = Set(columns(touchedBy: change.operation).map(key))
            for claim in claims where claim.change.index != change.index && key(claim.table) == key(table) {
                if let restatable = claim.restatable, change.operation.restatesAttributes, touched == [restatable] { continue }
                guard let column = touched.intersection(claim.columns).sorted().first else { continue }
                sink.error(.expandContractConflict,
                           "\(change.name) touches '\(table).\(column)', which change \(claim.change.index) (\(claim.change.name)) keeps in sync until contract",
                           at: change.location, notes: [.init("the expand_contract change is here", at: claim.change.location)],
                           fix: "move this change into a spec of its own, to run after this spec's contract")
                break
            }
        }
    }

    /// The columns an expand_contract rename or type change holds until contract.
    private func claim(of change: Change, _ key: (String) -> String) -> Claim? {
        switch change.operation {
        case let .renameColumn(op):
            Claim(change: change, table: op.table.value, columns: [key(op.from.value), key(op.to.value)],
                  restatable: key(op.to.value))
        case let .alterColumnType(op):
            // Until contract the column's name still means the old column: nothing may be restated on it.
            Claim(change: change, table: op.table.value,
                  columns: [key(op.column.value), key(GeneratedNames.shadow(op.column.value))], restatable: nil)
        default:
            nil
        }
    }

    /// Every column a change names on its table, including the ones it creates or renames to.
    private func columns(touchedBy operation: Operation) -> [String] {
        var names = operation.touchedColumns.map(\.value)
        switch operation {
        case let .addColumn(op): names.append(op.column.name.value)
        case let .renameColumn(op): names.append(op.to.value)
        case .dropTable, .renameTable: names = []
        default: break
        }
        return names
    }
}

extension Operation {
    /// Changes that give a column an attribute without changing its data or shape.
    var restatesAttributes: Bool {
        switch self {
        case .createIndex, .addCheck, .addForeignKey, .setNotNull, .setDefault: true
        default: false
        }
    }
}
