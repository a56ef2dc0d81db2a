import Foundation
import PlanSupport
import Testing

struct SHA256Tests {
    /// FIPS 180-4 examples and NIST byte-oriented vectors.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ("The quick brown fox jumps over the lazy dog",
         "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"),
    ])
    func knownVectors(_ message: String, _ digest: String) {
        #expect(SHA256.hex(message) == digest)
    }

    @Test func oneMillionAs() {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hex(bytes) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func digestIsThirtyTwoBytes() {
        #expect(SHA256.digest([UInt8]()).count == 32)
        #expect(SHA256.hex([UInt8]()).count == 64)
    }

    /// Lengths around the padding boundaries (55, 56, 63, 64, 119 bytes ...) against `sha256sum`.
    @Test func matchesSha256sum() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plancc-sha-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for length in [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000, 4097] {
            // Deterministic bytes covering all values, including non-ASCII.
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let file = dir.appendingPathComponent("\(length).bin")
            try Data(bytes).write(to: file)
            let output = try Self.run("/usr/bin/env", ["sha256sum", file.path])
            let expected = String(output.prefix { $0 != " " })
            #expect(SHA256.hex(bytes) == expected, "length \(length)")
        }
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
