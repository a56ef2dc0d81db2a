import PlanDiagnostics
import PlanSupport
import PlanYAML

extension SpecLoader {
    /// `targets: { postgresql: 15, mysql: "8.0" }` or `{ ..., mariadb: "10.11" }`. Versions are
    /// read from the scalar's text, so `mysql: 8.0` and `mysql: "8.0"` mean the same.
    static func decodeTargets(_ node: YAMLNode, dialects: [Dialect]?, _ sink: DiagnosticSink) -> Targets? {
        guard let f = Fields(node, "targets", allowed: Targets.keys, sink: sink) else { return nil }
        var targets = Targets(location: node.location)
        var ok = true
        if let value = f["postgresql"] {
            let range = Targets.postgreSQLVersions
            if let s = value.scalar, s.value != .null, let major = Int(s.text.trimmingSpaces), range.contains(major) {
                targets.postgresql = major
            } else {
                sink.error(.invalidValue, "'\(value.scalar?.text ?? value.kindDescription)' is not a supported PostgreSQL version for 'targets.postgresql'",
                           at: value.location, fix: "give a major version from \(range.lowerBound) to \(range.upperBound), e.g. postgresql: 15")
                ok = false
            }
        }
        if f.has("mysql"), f.has("mariadb"), let node = f["mariadb"] {
            sink.error(.invalidValue, "'targets' names both mysql and mariadb; the mysql scripts are written for one server",
                       at: node.location, fix: "keep the one the scripts will run on")
            ok = false
        }
        for (key, versions, make) in [("mysql", Targets.mySQLVersions, Targets.MySQLServer.mysql),
                                      ("mariadb", Targets.mariaDBVersions, Targets.MySQLServer.mariadb)] {
            guard let value = f[key] else { continue }
            let text = value.scalar.flatMap { $0.value == .null ? nil : $0.text.trimmingSpaces }
            if let text, versions.contains(text) {
                if targets.mysql == nil { targets.mysql = make(text) }
                continue
            }
            let close = text.flatMap { t in versions.first { $0.hasPrefix(t + ".") || t.hasPrefix($0) } }
            sink.error(.invalidValue,
                       "'\(text ?? value.kindDescription)' is not a supported version for 'targets.\(key)'"
                           + (close.map { "; did you mean \"\($0)\"?" } ?? ""),
                       at: value.location, fix: "supported: \(key): " + versions.map { "\"\($0)\"" }.joined(separator: ", "))
            ok = false
        }
        if let dialects {
            for (key, dialect) in [("postgresql", Dialect.postgresql), ("mysql", .mysql), ("mariadb", .mysql)]
            where f.has(key) && !dialects.contains(dialect) {
                sink.error(.invalidValue, "'targets.\(key)' is given but 'dialects' does not list \(dialect.rawValue)",
                           at: f[key]!.location, fix: "add \(dialect.rawValue) to 'dialects', or remove 'targets.\(key)'")
                ok = false
            }
        }
        return ok ? targets : nil
    }
}

private extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
