import Foundation
import TestSupport

/// The `plancc` executable that `swift test` built beside the test bundle; when it is not
/// there (a filtered or IDE build), it is built once into its own scratch path, since the
/// test run's own build directory is locked while tests run.
enum PlanccExecutable {
    struct BuildFailure: Error, CustomStringConvertible { var description: String }

    private static let built: Result<String, BuildFailure> = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [beside, beside.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("plancc").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return .success(candidate) }
        }
        let scratch = Repo.path(".build-cli-tests")
        let build = Shell.run("cd \(Shell.quote(Repo.root)) && swift build --product plancc --scratch-path \(Shell.quote(scratch))")
        guard build.succeeded else { return .failure(BuildFailure(description: "swift build --product plancc failed:\n\(build.output)")) }
        return .success(scratch + "/debug/plancc")
    }()

    static func path() throws -> String { try built.get() }
}
