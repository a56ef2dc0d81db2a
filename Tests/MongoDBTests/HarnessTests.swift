import Foundation
import Testing
import TestSupport

/// The Node harness is only worth its round trips if it fails where mongosh would.
@Suite(.serialized) struct MongoHarnessTests {
    @Test func harnessFailsWhereMongoshWould() throws {
        if EngineGate.skipped { return }
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-mongo-harness-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: temp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: temp) }
        let server = try MongoServer(tempDir: temp)
        defer { server.stop() }

        func run(_ name: String, _ code: String) throws -> ProcessResult {
            let file = temp + "/" + name + ".js"
            try code.write(toFile: file, atomically: true, encoding: .utf8)
            return server.run("harness", [file])
        }

        let works = try run("works", """
            await db.runCommand({ create: "things", validator: { $jsonSchema: { required: ["n"] } } });
            print("created");
            """)
        #expect(works.succeeded && works.stdout.contains("created"), "\(works.output)")

        let thrown = try run("throws", "throw new Error(\"stop here\");")
        #expect(!thrown.succeeded && thrown.stderr.contains("stop here"))

        // Outside the documented subset: missing here, so a script cannot come to depend on it.
        let outside = try run("outside", "await db.getCollection(\"things\").insertOne({ n: 1 });")
        #expect(!outside.succeeded)

        // A write the validator refuses fails the script, as in mongosh.
        let rejected = try run("rejected", """
            await db.runCommand({ insert: "things", documents: [{ _id: 1, n: 1 }] });
            await db.getCollection("things").updateMany({}, { $unset: { n: "" } });
            """)
        #expect(!rejected.succeeded && rejected.stderr.contains("failed validation"), "\(rejected.output)")
    }
}
