import Foundation
import Testing
import TestSupport

/// Issue 13 item 6 on MariaDB 10.11: the ALGORITHM clauses follow `targets`. A table with
/// ROW_FORMAT=COMPRESSED cannot take a column INSTANT (on MySQL 8 either): the MySQL-target script asks for INSTANT, is
/// refused (1845) and runs the step again in place, saying so; the MariaDB-target script asks
/// for INPLACE, LOCK=NONE, which MariaDB carries out instantly wherever it can (the table is
/// not rebuilt: its InnoDB table id stays the same).
@Suite(.serialized, .mariaDB)
struct MariaDBTargetVersionTests {
    static let setup = """
        CREATE TABLE notes (id bigint PRIMARY KEY, body varchar(200) NOT NULL, tag varchar(20) NULL, KEY notes_tag (tag)) ENGINE=InnoDB ROW_FORMAT=COMPRESSED;
        CREATE TABLE plain (id bigint PRIMARY KEY, tag varchar(20) NULL, KEY plain_tag (tag)) ENGINE=InnoDB;
        INSERT INTO notes VALUES (1, 'first note', 'a'), (2, 'second note', NULL);
        INSERT INTO plain VALUES (1, 'a'), (2, NULL);
        """

    static let changes = """
          - add_column: { table: notes, column: { name: stars, type: integer, nullable: false, default: 0 } }
          - add_column: { table: plain, column: { name: stars, type: integer } }
          - drop_column: { table: plain, column: tag }
        """

    private func compile(_ id: String, targets: String?, in dir: String) throws -> CompiledScripts {
        var text = try String(contentsOfFile: try LiveSpecs.write(id: id, title: "Targets", dialect: "mysql", risk: "high", mode: "single_step",
                                                                   rollback: "restore_from_backup", targets: targets,
                                                                   changes: Self.changes, into: dir), encoding: .utf8)
        text = text.replacingOccurrences(of: "  strategy: restore_from_backup", with: "  strategy: restore_from_backup\n  notes: plain.tag is dropped.")
        let path = dir + "/" + id + ".yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try CompiledScripts(spec: path)
    }

    private func tableId(_ server: MariaDB, _ db: String, _ table: String) -> String {
        server.run("SELECT TABLE_ID FROM information_schema.INNODB_SYS_TABLES WHERE NAME = '\(db)/\(table)'", in: db).stdout
    }

    @Test("an INSTANT the server refuses runs again in place; the mariadb target lets MariaDB go instant itself",
          arguments: [nil, "mysql: \"8.0\"", "mysql: \"8.4\"", "mariadb: \"10.11\""])
    func algorithmFollowsTarget(_ targets: String?) throws {
        guard !EngineGate.skipped else { return }
        let server = try #require(MariaDB.current)
        let dir = try LiveSpecs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scripts = try compile("20261201000300_mysql_targets", targets: targets, in: dir)
        let mariadb = targets?.hasPrefix("mariadb") ?? false
        #expect(scripts.forward.contains("ADD COLUMN `stars` int NOT NULL DEFAULT 0, ALGORITHM=\(mariadb ? "INPLACE, LOCK=NONE" : "INSTANT")"),
                "\(scripts.forward)")
        let instantDrop = targets == "mysql: \"8.4\""
        #expect(scripts.forward.contains("DROP COLUMN `tag`, ALGORITHM=\(instantDrop ? "INSTANT" : "INPLACE, LOCK=NONE")"), "\(scripts.forward)")
        // CHANGE.md's impact table names the clause the target's script uses.
        let record = try #require(SpecCompiler.file(try SpecCompiler.compile(dir + "/20261201000300_mysql_targets.yaml"), "CHANGE.md"))
        let impacts = record.split(separator: "\n").filter { $0.hasPrefix("| Change ") && $0.contains("| MySQL |") }
        #expect(impacts.count == 3, "\(impacts)")
        #expect(impacts.filter { $0.contains("add_column") }.allSatisfy {
            $0.contains(mariadb ? "ALGORITHM=INPLACE, LOCK=NONE, which MariaDB runs as INSTANT" : "ALGORITHM=INSTANT: a catalog change")
        }, "\(impacts)")
        let dropImpact = impacts.first { $0.contains("drop_column") } ?? ""
        #expect(dropImpact.contains(instantDrop ? "ALGORITHM=INSTANT (MySQL 8.0.29+" : "ALGORITHM=INPLACE, LOCK=NONE"), "\(dropImpact)")
        #expect(dropImpact.contains("MariaDB drops it instantly where it can") == mariadb, "\(dropImpact)")

        try server.freshDatabase("targets")
        try #require(server.run(Self.setup, in: "targets").succeeded)
        #expect(!server.run(scripts.verify, in: "targets").succeeded)
        let plainBefore = tableId(server, "targets", "plain")
        let forward = server.run(scripts.forward, in: "targets")
        try #require(forward.succeeded, "\(forward.output)")
        let fellBack = forward.stdout.components(separatedBy: "ALGORITHM=INSTANT refused").count - 1
        // MySQL-target scripts: notes' ADD COLUMN falls back; so does the 8.4 DROP COLUMN of an indexed column.
        #expect(fellBack == (mariadb ? 0 : instantDrop ? 2 : 1), "\(forward.output)")
        // plain was never rebuilt: its column came and went instantly.
        #expect(tableId(server, "targets", "plain") == plainBefore, "plain was rebuilt")
        #expect(server.run(scripts.forward, in: "targets").succeeded, "forward run again")
        let verify = server.run(scripts.verify, in: "targets")
        #expect(verify.succeeded, "\(verify.output)")
        #expect(server.run("SELECT stars FROM notes WHERE id = 2", in: "targets").stdout.contains("0"))
    }
}
