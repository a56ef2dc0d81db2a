import Foundation
import PlanDiagnostics
import PlanRules
import PlanSpec
import Testing
import TestSupport

/// Fuzz-ish: hundreds of damaged variants of the example specs (byte flips, truncations,
/// deletions, duplicated ranges, inserted YAML punctuation), from a fixed seed so that a
/// failure reproduces. Every load must end in a spec or in errors, never in a crash, and every
/// diagnostic must point inside the file. Variants that still decode also go through the
/// risk analysis, as `plancc check` would take them.
struct MutationRobustnessTests {
    /// SplitMix64: small, fast, and the same on every platform.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Bytes that steer libyaml and the decoder into their less travelled paths.
    static let insertions: [[UInt8]] = [
        ":", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!x ", "\t", "\n", "'", "\"", "#", "|", ">",
        "---\n", "? ", "%YAML 1.2\n", "\u{0}", "é", "null", "~", "0x", "<<: ",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82]]

    static func mutate(_ original: [UInt8], _ rng: inout Generator) -> [UInt8] {
        var bytes = original
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            guard !bytes.isEmpty else { break }
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
            case 1: bytes.removeSubrange(at...)
            case 2: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...40, using: &rng)))
            case 3:
                let range = at..<min(bytes.count, at + Int.random(in: 1...80, using: &rng))
                bytes.insert(contentsOf: Array(bytes[range]), at: Int.random(in: 0...bytes.count, using: &rng))
            default: bytes.insert(contentsOf: insertions.randomElement(using: &rng)!, at: at)
            }
        }
        return bytes
    }

    @Test func damagedSpecsNeverCrash() throws {
        var rng = Generator(state: 2026_11_25)
        let originals = try Repo.exampleSpecs.map { ($0, [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0)))) }
        try #require(!originals.isEmpty)
        var loads = 0, failed = 0
        for round in 0..<24 {
            for (path, original) in originals {
                let bytes = Self.mutate(original, &rng)
                let loaded = SpecLoader.load(bytes: bytes, path: path)
                loads += 1
                if let spec = loaded.spec { _ = Analyzer.analyze(spec) } else { failed += 1 }
                #expect(loaded.spec != nil || loaded.diagnostics.hasErrors, "round \(round), \(path): no spec and no error")
                let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count
                for d in loaded.diagnostics {
                    #expect((1...max(lines, 1)).contains(d.location.line) && d.location.column >= 1
                            && (0...bytes.count).contains(d.location.offset),
                            "round \(round), \(path): \(d.code.rawValue) at \(d.location) (offset \(d.location.offset)) outside the file: \(d.message)")
                }
                // Rendering quotes the source line and places a caret; it must cope with any place.
                _ = TextRenderer(colored: false, sources: [path: loaded.source]).render(loaded.diagnostics)
            }
        }
        #expect(loads >= 300)
        // The mutations must actually break most specs, or the test proves little.
        #expect(failed * 2 > loads, "only \(failed) of \(loads) variants failed to load")
    }
}
