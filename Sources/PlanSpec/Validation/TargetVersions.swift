import PlanDiagnostics
import PlanSQL
import PlanYAML

/// SQL text that calls a built-in function the target server lacks would fail when the script
/// runs, after what came before it: an error at check time instead (E0318), at the call, with
/// the version that has it. PostgreSQL calls are read from the parse (`SQLRead`) against the
/// versions that added them (`PostgresFunctions.addedAfter14`); MySQL text, which plancc cannot
/// parse, by the names it calls that only MySQL or only MariaDB ships (`MySQLFunctions`).
struct TargetVersions {
    let spec: Spec
    /// The file's bytes, to place a MySQL call inside its scalar.
    let file: [UInt8]
    let sink: DiagnosticSink

    func run() {
        let targets = spec.targets
        for change in spec.changes {
            if spec.dialects.contains(.postgresql) {
                let version = targets.postgreSQLVersion
                for read in change.sqlReads {
                    for function in read.functions where function.schema == nil || function.schema == "pg_catalog" {
                        guard let needed = PostgresFunctions.addedIn(function.name), needed > version else { continue }
                        let stated = targets.postgresql != nil ? "targets.postgresql is \(version)"
                            : "the scripts are written for PostgreSQL \(version) (no targets.postgresql)"
                        sink.error(.needsNewerTarget, "\(function.name)() needs PostgreSQL \(needed) or later; \(stated)",
                                   at: function.location,
                                   fix: "set `targets: { postgresql: \(needed) }` if every server that runs the scripts is PostgreSQL \(needed)+, "
                                       + "or write it without \(function.name)()")
                    }
                }
            }
            if spec.dialects.contains(.mysql) {
                let server = targets.mySQLServer
                for text in change.operation.sharedSQLTexts {
                    guard let sql = text.sql(for: .mysql), let origin = text.origin(for: .mysql) else { continue }
                    for call in MySQLFunctions.calls(in: sql) {
                        let missing = server.isMariaDB ? MySQLFunctions.mySQLOnly.contains(call.name) : MySQLFunctions.mariaDBOnly.contains(call.name)
                        guard missing else { continue }
                        let at = ScalarSource.location(ofValueByte: call.offset, value: sql, style: origin.style, start: origin.location, in: file)
                        let written = String(decoding: Array(sql.utf8)[call.offset..<(call.offset + call.name.utf8.count)], as: UTF8.self)
                        let stated = targets.mysql != nil ? "the target is \(server.displayName)"
                            : "the scripts are written for \(server.displayName) (no targets.mysql or targets.mariadb)"
                        let (has, fix) = server.isMariaDB
                            ? ("MySQL", "write it without \(written)() for MariaDB, or target MySQL (`targets: { mysql: \"8.0\" }`) if the scripts run there")
                            : ("MariaDB", "set `targets: { mariadb: \"\(Targets.mariaDBVersions[0])\" }` if the scripts run on MariaDB, or write it without \(written)()")
                        sink.error(.needsNewerTarget, "\(written)() exists only on \(has); \(stated), which has no such function",
                                   at: at, fix: fix)
                    }
                }
            }
        }
    }
}
