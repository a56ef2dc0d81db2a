import PlanDiagnostics
import PlanSQL
import PlanYAML

/// SQL text that calls a built-in function the target server lacks would fail when the script
/// runs, after what came before it: an error at check time instead (E0318), at the call, with
/// the version that has it. PostgreSQL calls are read from the parse (`SQLRead`) against the
/// versions that added them (`PostgresFunctions.addedAfter14`); MySQL text, which plancc cannot
/// parse, by the names it calls that only MySQL or only MariaDB ships (`MySQLFunctions`).
///
/// A function of that name the specs create themselves (`CREATE FUNCTION` in author SQL, a
/// polyfill of `uuidv7()` say) is not missing: one this spec creates, in a change up to the
/// call's, is left out here; one an earlier spec creates is known only when the history is
/// replayed, so each finding waits in `Spec.targetFindings` for the replay (PlanSchema) to
/// report it unless the schema so far has that function.
struct TargetVersions {
    let spec: Spec
    /// The file's bytes, to place a MySQL call inside its scalar.
    let file: [UInt8]

    func run() -> [TargetFinding] {
        let targets = spec.targets
        var findings: [TargetFinding] = []
        var ownPostgres: Set<String> = [], ownMySQL: Set<String> = []
        for change in spec.changes {
            for read in change.sqlReads {
                for statement in read.statements {
                    for case let .createFunction(name, _) in statement.effects { ownPostgres.insert(name) }
                }
            }
            if case let .sql(op) = change.operation, let forward = op.forward.sql(for: .mysql) {
                ownMySQL.formUnion(MySQLFunctions.created(in: forward))
            }
            if spec.dialects.contains(.postgresql) {
                let version = targets.postgreSQLVersion
                for read in change.sqlReads {
                    for function in read.functions where function.schema == nil || function.schema == "pg_catalog" {
                        guard let needed = PostgresFunctions.addedIn(function.name), needed > version,
                              function.schema == "pg_catalog" || !ownPostgres.contains(function.name) else { continue }
                        let stated = targets.postgresql != nil ? "targets.postgresql is \(version)"
                            : "the scripts are written for PostgreSQL \(version) (no targets.postgresql)"
                        let diagnostic = Diagnostic(.needsNewerTarget, "\(function.name)() needs PostgreSQL \(needed) or later; \(stated)",
                                   at: function.location,
                                   fix: "set `targets: { postgresql: \(needed) }` if every server that runs the scripts is PostgreSQL \(needed)+, "
                                       + "or write it without \(function.name)(), or create it in a `sql` change before it is used")
                        findings.append(TargetFinding(dialect: function.schema == nil ? .postgresql : nil, function: function.name,
                                                      changeIndex: change.index, diagnostic: diagnostic))
                    }
                }
            }
            if spec.dialects.contains(.mysql) {
                let server = targets.mySQLServer
                for text in change.operation.sharedSQLTexts {
                    guard let sql = text.sql(for: .mysql), let origin = text.origin(for: .mysql) else { continue }
                    for call in MySQLFunctions.calls(in: sql) {
                        let missing = server.isMariaDB ? MySQLFunctions.mySQLOnly.contains(call.name) : MySQLFunctions.mariaDBOnly.contains(call.name)
                        guard missing, !ownMySQL.contains(call.name) else { continue }
                        let at = ScalarSource.location(ofValueByte: call.offset, value: sql, style: origin.style, start: origin.location, in: file)
                        let written = String(decoding: Array(sql.utf8)[call.offset..<(call.offset + call.name.utf8.count)], as: UTF8.self)
                        let stated = targets.mysql != nil ? "the target is \(server.displayName)"
                            : "the scripts are written for \(server.displayName) (no targets.mysql or targets.mariadb)"
                        let (has, fix) = server.isMariaDB
                            ? ("MySQL", "write it without \(written)() for MariaDB, or target MySQL (`targets: { mysql: \"8.0\" }`) if the scripts run there")
                            : ("MariaDB", "set `targets: { mariadb: \"\(Targets.mariaDBVersions[0])\" }` if the scripts run on MariaDB, or write it without \(written)()")
                        let diagnostic = Diagnostic(.needsNewerTarget, "\(written)() exists only on \(has); \(stated), which has no such function",
                                                    at: at, fix: fix)
                        findings.append(TargetFinding(dialect: .mysql, function: call.name, changeIndex: change.index, diagnostic: diagnostic))
                    }
                }
            }
        }
        return findings
    }
}

/// A call E0318 would report (`TargetVersions`), waiting for the history: reported unless the
/// specs before the call create a function of that name.
public struct TargetFinding: Sendable {
    /// Whose functions can stand in for it: PostgreSQL's or the mysql dialect's; nil for a call
    /// qualified by `pg_catalog`, which no function of the author's can be.
    public let dialect: Dialect?
    /// The function's name as the specs create it (lowercased for MySQL).
    public let function: String
    public let changeIndex: Int
    public let diagnostic: Diagnostic
}
