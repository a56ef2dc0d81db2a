import Foundation
import PlanDiagnostics

/// Where the documentation of the running plancc is on this machine, for SARIF's `helpUri`
/// when no `--docs-url` is given: SARIF wants an absolute URI there (a relative
/// `docs/rules.md#drop-column` is not one, and no `uriBaseId` applies to it), so it is the
/// `file://` URI of the folder holding `docs/rules.md` and `docs/diagnostics.md`: the source
/// checkout the binary was built in (`.build/<config>/plancc`), or `PREFIX/share/doc/plancc`
/// where `./scripts/install` copied them beside `PREFIX/bin/plancc`. Nil when neither is there:
/// no address is made up.
public enum LocalDocs {
    public static func baseURL(executable: String = LocalDocs.executablePath) -> String? {
        var dir = PathText.parent(executable)
        var candidates: [String] = []
        if !dir.isEmpty { candidates.append(PathText.parent(dir) + "/share/doc/plancc") }
        // The checkout: the binary is under `<root>/.build/<triple>/<config>/`.
        for _ in 0..<4 where dir.count > 1 {
            dir = PathText.parent(dir)
            candidates.append(dir)
        }
        let root = candidates.first { base in
            ["docs/rules.md", "docs/diagnostics.md"].allSatisfy { FileManager.default.fileExists(atPath: base + "/" + $0) }
        }
        return root.map { "file://" + SARIFRenderer.uriReference($0) }
    }

    /// The running binary, symlinks resolved (so `.build/debug/plancc` is its real folder).
    public static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    }
}
