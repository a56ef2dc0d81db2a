import Foundation
import Testing
import TestSupport

/// `plancc-bench`'s command line: help and bad arguments end cleanly, not in a trap.
struct BenchCommandTests {
    /// The bench executable `swift build --build-tests` put beside the test bundle.
    private func bench() throws -> String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [beside, beside.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("plancc-bench").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        let scratch = Repo.path(".build-cli-tests")
        let build = Shell.run("cd \(Shell.quote(Repo.root)) && swift build --product plancc-bench --scratch-path \(Shell.quote(scratch))")
        try #require(build.succeeded, "\(build.output)")
        return scratch + "/debug/plancc-bench"
    }

    @Test(arguments: ["--help", "-h"]) func helpPrintsUsage(_ flag: String) throws {
        let result = Shell.run("\(Shell.quote(try bench())) \(flag)")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.hasPrefix("usage: plancc-bench [SPEC|DIR...]"), "\(result.output)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    /// A whole run, one iteration a round over one example spec: every figure printed, its own
    /// many-names specs checked clean (they once tripped the parse depth limit, E0113).
    @Test func aRunPrintsEveryFigure() throws {
        let spec = try #require(Repo.exampleSpecs.first)
        let result = Shell.run("cd \(Shell.quote(Repo.root)) && \(Shell.quote(try bench())) \(Shell.quote(spec))",
                               environment: ["PLANCC_BENCH_ITERATIONS": "1"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("load + validate (plancc)"), "\(result.output)")
        #expect(result.stdout.contains("check of a spec naming 10000 columns in its SQL texts"), "\(result.output)")
    }

    @Test func unknownOptionAndMissingPathAreErrorsNotCrashes() throws {
        let option = Shell.run("\(Shell.quote(try bench())) --frobnicate")
        #expect(option.status == 64, "\(option.output)")
        #expect(option.stderr.hasPrefix("plancc-bench: unknown option '--frobnicate'"), "\(option.stderr)")
        let missing = Shell.run("\(Shell.quote(try bench())) /no/such/specs")
        #expect(missing.status == 66, "\(missing.output)")
        #expect(missing.stderr.contains("/no/such/specs"), "\(missing.stderr)")
        #expect(!missing.output.contains("Fatal error"))
    }
}
