import PlanSpec

struct EnumValuesChangedRule: Rule {
    static let id = "enum-values-changed"
    static let title = "MySQL ENUM or SET values removed, reordered or inserted"
    static let severity = RiskLevel.high
    static let dialects: [Dialect] = [.mysql]
    static let why = """
        MySQL stores an ENUM or SET value as its position in the list. Only new values appended at the end (within \
        the same storage size) are a metadata change; removing, reordering or inserting values copies the table \
        while writes wait, rows holding a removed value make the change fail in strict mode, and a reorder changes \
        how the column sorts and compares.
        """
    static let advice = """
        Append new values at the end of the list. To retire a value, first backfill the rows that hold it, and \
        keep the value in the list until no code writes it; give was: so that the check sees both lists.
        """

    static func findings(in spec: SpecFacts) -> [Finding] {
        spec.operations { if case let .alterColumnType(op) = $0 { op } else { nil } }.compactMap { change, op in
            guard let new = op.type.mysqlText.flatMap(Self.values), let old = op.was.flatMap({ $0.mysqlText }).flatMap(Self.values),
                  new.kind == old.kind else { return nil }
            let removed = old.values.filter { !new.values.contains($0) }
            let appended = Array(new.values.prefix(old.values.count)) == old.values
            if appended && Self.sameStorage(old, new) { return nil }
            let what = !removed.isEmpty ? "removes \(removed.map { "'\($0)'" }.joined(separator: ", "))"
                : !appended ? "reorders or inserts values before existing ones" : "grows past its storage size"
            return finding("\(old.kind.uppercased()) '\(op.table).\(op.column)' \(what): MySQL copies the table", at: op.type.location, change: change)
        }
    }

    /// `enum('a','b')` or `set(...)`: the kind and its values, as written.
    static func values(_ text: String) -> (kind: String, values: [String])? {
        let lower = text.lowercased()
        guard let kind = ["enum", "set"].first(where: { lower.hasPrefix($0 + "(") }), text.hasSuffix(")") else { return nil }
        var values: [String] = [], current = "", quoted = false
        var scalars = Array(text.dropFirst(kind.count + 1).dropLast())[...]
        while let c = scalars.popFirst() {
            if quoted {
                if c == "'" {
                    if scalars.first == "'" { current.append(scalars.removeFirst()) } else { quoted = false; values.append(current); current = "" }
                } else {
                    current.append(c)
                }
            } else if c == "'" {
                quoted = true
            }
        }
        return (kind, values)
    }

    /// ENUM takes 1 byte up to 255 values, 2 beyond; SET 1, 2, 3, 4 or 8 bytes by count.
    static func sameStorage(_ a: (kind: String, values: [String]), _ b: (kind: String, values: [String])) -> Bool {
        func bucket(_ n: Int) -> Int {
            a.kind == "enum" ? (n <= 255 ? 1 : 2) : [8, 16, 24, 32, 64].firstIndex { n <= $0 } ?? 5
        }
        return bucket(a.values.count) == bucket(b.values.count)
    }
}

extension ColumnType {
    /// The type as written for MySQL, when the spec gives one per dialect.
    var mysqlText: String? {
        if case let .perDialect(map) = kind { map[.mysql] } else { nil }
    }
}
