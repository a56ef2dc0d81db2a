import PlanDiagnostics
import PlanSpec

/// The facts a change needs about the schema before it (`was`, MySQL's full column type),
/// taken from the history when the spec leaves them out, so that a spec without them
/// compiles to the same statements as one with them written out. What neither the spec nor
/// the history knows is an error under rollback strategy `reverse`, else a warning.
extension SpecReplay {
    func inferFacts(_ operation: Operation) -> Operation {
        switch operation {
        case var .alterColumnType(op):
            if op.was == nil { op.was = column(op.table, op.column)?.type }
            op.known = known(op.table, op.column)
            return .alterColumnType(op)
        case var .renameColumn(op):
            op.known = known(op.table, op.from)
            return .renameColumn(op)
        case var .setDefault(op) where op.was == nil:
            op.was = column(op.table, op.column)?.defaultValue
            return .setDefault(op)
        case var .dropDefault(op) where op.was == nil:
            op.was = column(op.table, op.column)?.defaultValue
            return .dropDefault(op)
        case var .dropIndex(op) where op.was == nil:
            op.was = model.table(op.table.value)?.indexes[op.name.value]?.shape
            return .dropIndex(op)
        case var .dropConstraint(op) where op.was == nil:
            if case let .shaped(shape)? = model.table(op.table.value)?.constraints[op.name.value]?.kind { op.was = shape }
            return .dropConstraint(op)
        case var .setNotNull(op) where op.type == nil:
            op.type = column(op.table, op.column)?.type
            return .setNotNull(op)
        case var .dropNotNull(op) where op.type == nil:
            op.type = column(op.table, op.column)?.type
            return .dropNotNull(op)
        default:
            return operation
        }
    }

    /// Verify checks that a rename or type change kept what the history knows of the column.
    private func known(_ table: Name, _ column: Name) -> KnownColumn? {
        guard let model = self.column(table, column) else { return nil }
        let hasDefault = model.defaultValue.map { if case .none = $0 { false } else { true } }
        return KnownColumn(type: model.type, nullable: model.nullable, hasDefault: hasDefault)
    }

    private func column(_ table: Name, _ column: Name) -> ColumnModel? {
        model.table(table.value)?.column(column.value)
    }

    mutating func checkFacts(_ change: Change) {
        checkContradictions(change)
        let missing: String?
        switch change.operation {
        case let .alterColumnType(op) where op.was == nil: missing = "the old type"
        case let .setDefault(op) where op.was == nil: missing = "the old default (null for none)"
        case let .dropDefault(op) where op.was == nil: missing = "the old default"
        case let .dropIndex(op) where op.was == nil: missing = "the index's columns"
        case let .dropConstraint(op) where op.was == nil: missing = "the constraint's definition"
        default: missing = nil
        }
        // A drop of what an earlier spec dropped is E0321, not a missing fact.
        if let missing, droppedEarlier(change.operation, change.operation.table.flatMap { model.table($0.value) }) == nil {
            let message = "\(change.name) has no 'was' and no earlier spec states it: rollback cannot rebuild \(missing)"
            if spec.rollback.strategy == .reverse {
                error(.missingWas, message + " under rollback strategy 'reverse'", at: change.location,
                      fix: "add 'was:' with \(missing)")
            } else {
                warning(.missingWasWarning, message, at: change.location, fix: "add 'was:' with \(missing)")
            }
        }
        if spec.dialects.contains(.mysql) {
            switch change.operation {
            case let .setNotNull(op) where op.type == nil, let .dropNotNull(op) where op.type == nil:
                error(.missingTypeForMySQL,
                      "\(change.name) on '\(op.table).\(op.column)' needs 'type' because MySQL's MODIFY restates the column, and no earlier spec states it",
                      at: change.location, fix: "add 'type:' with the column's full type")
            default: break
            }
        }
    }

    /// A `was` the spec states that the history says otherwise about.
    private mutating func checkContradictions(_ change: Change) {
        switch change.operation {
        case let .alterColumnType(op):
            guard let stated = op.was, let known = column(op.table, op.column), let type = known.type,
                  type.kind != stated.kind else { return }
            error(.wasContradicted, "'was' says \(op.table).\(op.column) is \(stated.description), but the history makes it \(type.description)",
                  at: stated.location, notes: [.init("last stated here", at: known.definedAt)],
                  fix: "correct 'was', or leave it out: the history supplies it")
        case let .dropIndex(op):
            checkIndex(op, change)
        case let .dropConstraint(op):
            checkConstraint(op, change)
        case let .setDefault(op):
            checkDefault(stated: op.was, op.table, op.column, change)
        case let .dropDefault(op):
            checkDefault(stated: op.was, op.table, op.column, change)
        default:
            break
        }
    }

    /// A dropped index's `was` against the index the history made: its columns with their
    /// prefix lengths, uniqueness, and (when both know one) its predicate.
    private mutating func checkIndex(_ op: DropIndex, _ change: Change) {
        guard let stated = op.was, let known = model.table(op.table.value)?.indexes[op.name.value] else { return }
        let at = op.wasAt ?? change.location
        let prefixes = known.prefixesKnown
        func describe(_ shape: IndexShape) -> String {
            (shape.unique ? "unique " : "") + "("
                + shape.columns.map { $0.name.value + (prefixes ? $0.prefix.map { "(\($0))" } ?? "" : "") }.joined(separator: ", ") + ")"
        }
        let statedColumns = stated.columns.map { [$0.name.value, prefixes ? $0.prefix.map(String.init) ?? "" : ""] }
        let knownColumns = known.shape.columns.map { [$0.name.value, prefixes ? $0.prefix.map(String.init) ?? "" : ""] }
        if statedColumns != knownColumns || stated.unique != known.shape.unique {
            error(.wasContradicted, "'was' says index '\(op.name.value)' is \(describe(stated)), but the history makes it \(describe(known.shape))",
                  at: at, notes: [.init("created here", at: known.definedAt)],
                  fix: "correct 'was', or leave it out: the history supplies it")
        } else if let statedFilter = stated.filter, let knownFilter = known.shape.filter,
                  let dialect = differingDialect(statedFilter, knownFilter) {
            error(.wasContradicted,
                  "'was' says index '\(op.name.value)' has where '\(statedFilter.sql(for: dialect) ?? "")', but the history gives it where '\(knownFilter.sql(for: dialect) ?? "")'",
                  at: at, notes: [.init("created here", at: known.definedAt)],
                  fix: "correct 'was.where', or leave 'was' out: the history supplies it")
        }
    }

    /// A dropped constraint's `was` against the constraint the history made: its kind, a
    /// foreign key's columns, referenced table and columns and actions, a unique constraint's
    /// columns, a check's text (when both know it).
    private mutating func checkConstraint(_ op: DropConstraint, _ change: Change) {
        guard let stated = op.was, let known = model.table(op.table.value)?.constraints[op.name.value] else { return }
        let history: String
        switch (stated, known.kind) {
        case (_, .shaped(nil)):
            return
        case let (.foreignKey(s), .shaped(.foreignKey(h)?)):
            guard Self.describe(s) != Self.describe(h) else { return }
            history = Self.describe(h)
        case let (.unique(s), .shaped(.unique(h)?)):
            guard s.map(\.value) != h.map(\.value) else { return }
            history = Self.describe(.unique(h))
        case let (.check(s), .shaped(.check(h)?)):
            guard let dialect = differingDialect(s, h) else { return }
            error(.wasContradicted,
                  "'was' says constraint '\(op.name.value)' is check '\(s.sql(for: dialect) ?? "")', but the history makes it check '\(h.sql(for: dialect) ?? "")'",
                  at: op.wasAt ?? change.location, notes: [.init("created here", at: known.definedAt)],
                  fix: "correct 'was.check', or leave 'was' out: the history supplies it")
            return
        case let (_, .shaped(shape?)):
            history = Self.describe(shape)
        case let (_, .primaryKey(columns)):
            history = "the primary key (" + columns.joined(separator: ", ") + ")"
        }
        error(.wasContradicted, "'was' says constraint '\(op.name.value)' is \(Self.describe(stated)), but the history makes it \(history)",
              at: op.wasAt ?? change.location, notes: [.init("created here", at: known.definedAt)],
              fix: "correct 'was', or leave it out: the history supplies it")
    }

    static func describe(_ shape: ConstraintShape) -> String {
        switch shape {
        case let .check(text): "check '" + (text.shared ?? text.perDialect.sorted { $0.key.rawValue < $1.key.rawValue }.map(\.value).joined(separator: " / ")) + "'"
        case let .unique(columns): "unique (" + columns.map(\.value).joined(separator: ", ") + ")"
        case let .foreignKey(key): describe(key)
        }
    }

    static func describe(_ key: ForeignKeyShape) -> String {
        "foreign key (" + key.columns.map(\.value).joined(separator: ", ") + ") references " + key.referencedTable.value
            + " (" + key.referencedColumns.map(\.value).joined(separator: ", ") + ") on delete " + key.onDelete.sql.lowercased()
            + " on update " + key.onUpdate.sql.lowercased()
    }

    /// A SQL dialect of the spec for which both texts are known and differ (whitespace, and
    /// case outside quotes, aside); nil when they agree or cannot be compared.
    private func differingDialect(_ a: DialectText, _ b: DialectText) -> Dialect? {
        spec.dialects.filter(\.isSQL).first { dialect in
            guard let x = a.sql(for: dialect), let y = b.sql(for: dialect) else { return false }
            return Self.normalisedSQL(x) != Self.normalisedSQL(y)
        }
    }

    /// SQL text without whitespace and lowercased, except inside quotes.
    static func normalisedSQL(_ text: String) -> String {
        var out = "", quote: Character?
        for character in text {
            if let open = quote {
                out.append(character)
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" || character == "`" {
                quote = character
                out.append(character)
            } else if !character.isWhitespace {
                out.append(contentsOf: character.lowercased())
            }
        }
        return out
    }

    /// A `was` default the spec states against the one the history gives the column, with a
    /// note where the spec that set it did. Defaults written as SQL are compared as text
    /// (spaces and case aside): two spellings of one expression are not told apart, so only
    /// literals, texts that differ from a literal, and a default against none are reported.
    private mutating func checkDefault(stated: PriorDefault?, _ table: Name, _ column: Name, _ change: Change) {
        guard let stated, let known = self.column(table, column), let history = known.defaultValue,
              Self.sameDefault(stated, history) == false else { return }
        let at: SourceLocation = if case let .value(value) = stated { value.expression.location } else { change.location }
        error(.wasContradicted,
              "'was' says \(table.value).\(column.value) has \(Self.describe(stated)), but the history gives it \(Self.describe(history))",
              at: at, notes: [.init("set here", at: known.defaultSetAt ?? known.definedAt)],
              fix: "correct 'was', or leave it out: the history supplies it")
    }

    /// Whether two defaults are the same; nil when that cannot be told from the spec's text.
    static func sameDefault(_ a: PriorDefault, _ b: PriorDefault) -> Bool? {
        switch (a, b) {
        case (.none, .none): return true
        case (.none, .value), (.value, .none): return false
        case let (.value(x), .value(y)):
            switch (x.expression, y.expression) {
            case let (.value(l, _), .value(r, _)): return literalText(l) == literalText(r)
            case let (.native(l, _), .native(r, _)):
                return sqlText(l) == sqlText(r) ? true : nil
            default: return nil
            }
        }
    }

    private static func literalText(_ literal: Literal) -> String? {
        switch literal {
        case .null: nil
        case let .bool(flag): flag ? "true" : "false"
        case let .integer(n): String(n)
        case let .decimal(text), let .string(text): text
        }
    }

    private static func sqlText(_ text: DialectText) -> [String] {
        ([text.shared] + text.perDialect.sorted { $0.key.rawValue < $1.key.rawValue }.map(\.value))
            .compactMap { $0?.lowercased().filter { !$0.isWhitespace } }
    }

    static func describe(_ value: PriorDefault) -> String {
        switch value {
        case .none: return "no default"
        case let .value(value):
            switch value.expression {
            case let .value(literal, _): return "default " + (literalText(literal).map { "'\($0)'" } ?? "null")
            case let .native(text, _): return "default " + (text.shared ?? text.perDialect.values.sorted().joined(separator: " / "))
            case let .column(name): return "default " + name.value
            }
        }
    }
}
