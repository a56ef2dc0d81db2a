import Foundation
@testable import PlanccKit
import PlanSpec
import Testing
import TestSupport

/// `plancc schema` accepts every example spec, rejects broken ones, and offers exactly the
/// keys the decoder reads.
struct SpecSchemaTests {
    @Test func everyExampleSpecValidates() throws {
        let result = try SchemaValidator.validate(schema: SpecSchema.rendered(), paths: Repo.exampleSpecs)
        #expect(Repo.exampleSpecs.count >= 8)
        #expect(result.succeeded, "\(result.output)")
    }

    @Test func brokenSpecsAreRejected() throws {
        let dir = try TempDir()
        let spec = try String(contentsOfFile: Repo.exampleSpecs[1], encoding: .utf8)
        let cases = [
            "operation": spec.replacingOccurrences(of: "- add_column:", with: "- add_colum:"),
            "risk": spec.replacingOccurrences(of: "risk: low", with: "risk: tiny"),
            "type": spec.replacingOccurrences(of: "type: varchar(20)", with: "type: varchar"),
            "duration": spec.replacingOccurrences(of: "lock_timeout: 3s", with: "lock_timeout: 3 seconds"),
            // As the decoder: volatile beside a literal (E0111), a default naming a column (E0114).
            "volatile_literal": spec.replacingOccurrences(of: "type: varchar(20)", with: "type: varchar(20), default: { value: x, volatile: true }"),
            "column_default": spec.replacingOccurrences(of: "type: varchar(20)", with: "type: varchar(20), default: { column: email }"),
        ]
        for (name, text) in cases.sorted(by: { $0.key < $1.key }) {
            #expect(text != spec, "case \(name) changed nothing")
            let path = try dir.write(text, to: "\(name).yaml")
            let result = try SchemaValidator.validate(schema: SpecSchema.rendered(), paths: [path])
            #expect(!result.succeeded, "case \(name) was accepted")
        }
    }

    @Test func operationsAreTheDecodersOperations() throws {
        let defs = try Self.definitions()
        let change = try #require(defs["change"]?["properties"] as? [String: Any])
        #expect(Set(change.keys) == Set(Operation.names))
    }

    /// Each operation body lists the keys the decoder allows: a key outside them makes the
    /// decoder answer "allowed keys: ...", which must name the same keys.
    @Test(arguments: Operation.names)
    func operationKeysMatchTheDecoder(_ operation: String) throws {
        let spec = """
        plancc: 1
        id: 20260101000000_probe
        title: t
        intent: i
        rationale: r
        risk: high
        dialects: [postgresql]
        rollback: { strategy: forward_fix }
        changes:
          - \(operation): { zzzzzzzzzzzzzzzz: 1 }
        """
        let loaded = SpecLoader.load(bytes: Array(spec.utf8), path: "20260101000000_probe.yaml")
        let fix = try #require(loaded.diagnostics.first { $0.message.contains("zzzzzzzzzzzzzzzz") }?.fix)
        let decoderKeys = fix.replacingOccurrences(of: "allowed keys: ", with: "").components(separatedBy: ", ")
        #expect(OperationBodies.body(operation).keys == decoderKeys)
    }

    static func definitions() throws -> [String: [String: Any]] {
        let json = try JSONSerialization.jsonObject(with: Data(SpecSchema.rendered().utf8)) as? [String: Any]
        return try #require(json?["$defs"] as? [String: [String: Any]])
    }
}
