import Foundation
import Testing
import TestSupport

/// The round trip of one compiled change over a prepared database `start` (left untouched):
/// on one copy, verify fails, forward + backfill (+ contract) run, each twice (the second run
/// changes no schema and skips the author's SQL), and verify passes; on another,
/// forward + backfill + rollback give back the starting schema and data, and forward runs again.
/// Returns the database holding the applied change.
struct RoundTrip {
    let cluster: PostgresCluster
    let scripts: Scripts

    @discardableResult
    func run(from start: String, appliedName: String) throws -> String {
        try cluster.createDatabase(appliedName, template: start)
        #expect(!cluster.runFile(scripts.path("verify"), in: appliedName).succeeded,
                "\(scripts.id): verify.sql passed before forward")
        for phase in ["forward", "backfill"] + (scripts.expandContract ? ["contract"] : []) {
            expectRuns(phase, in: appliedName)
            guard scripts.rerunnable.contains(phase) else { continue }
            let once = try cluster.schema(of: appliedName)
            let again = expectRuns(phase, in: appliedName, "\(phase) run a second time")
            let twice = try cluster.schema(of: appliedName)
            #expect(once == twice, "\(scripts.id): \(phase) run a second time changed the schema:\n\(diff(once, twice))")
            if scripts.authorCode.contains(phase) {
                #expect(again.stderr.contains("not run again"), "\(scripts.id): \(phase) run a second time did not skip the author's SQL:\n\(again.stderr)")
            }
        }
        expectRuns("verify", in: appliedName)

        let undone = appliedName + "_rollback"
        try cluster.createDatabase(undone, template: start)
        for phase in ["forward", "backfill", "rollback"] { expectRuns(phase, in: undone) }
        for change in scripts.forgotten {
            let rows = try cluster.query("SELECT count(*) FROM plancc_ledger WHERE spec_id = '\(scripts.id)' AND change_index = \(change);", in: undone)
            #expect(rows == "0", "\(scripts.id): rollback left the ledger row of change \(change)")
        }
        if scripts.reversible {
            let before = try cluster.schema(of: start), after = try cluster.schema(of: undone)
            #expect(before == after, "\(scripts.id): schema after rollback differs:\n\(diff(before, after))")
            let dataBefore = try cluster.checksum(of: start, excluding: scripts.backfilled)
            let dataAfter = try cluster.checksum(of: undone, excluding: scripts.backfilled)
            #expect(dataBefore == dataAfter, "\(scripts.id): data after rollback differs:\n\(diff(dataBefore, dataAfter))")
        }
        expectRuns("forward", in: undone, "forward after rollback")
        try cluster.dropDatabase(undone)
        return appliedName
    }

    @discardableResult
    func expectRuns(_ phase: String, in db: String, _ what: String? = nil) -> ProcessResult {
        let result = cluster.runFile(scripts.path(phase), in: db)
        #expect(result.succeeded, "\(scripts.id): \(what ?? phase) failed:\n\(result.stderr)")
        return result
    }

    private func diff(_ a: String, _ b: String) -> String {
        guard let dir = try? Fixtures.temporaryDirectory() else { return "(no diff)" }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try? a.write(toFile: dir + "/before", atomically: true, encoding: .utf8)
        try? b.write(toFile: dir + "/after", atomically: true, encoding: .utf8)
        return Shell.run("cd \(Shell.quote(dir)) && diff -u before after | head -60").stdout
    }
}
