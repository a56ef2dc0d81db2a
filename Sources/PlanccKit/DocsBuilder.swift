import Foundation
import Planner
import PlanRecords

/// `plancc docs`: the change records of every spec and `INDEX.md`, without the scripts.
public enum DocsBuilder {
    /// The files `docs` writes, as paths relative to the output directory.
    /// `outputDir` is the output folder as CHANGE.md's commands name it (`SpecFiles.displayPath` of `-o`),
    /// relative to the working directory: a change whose scripts it does not hold all gets a
    /// CHANGE.md saying they are not there and which `compile` writes them.
    public static func build(_ workspace: Workspace, outputDir: String = "out") -> [GeneratedFile] {
        var files: [GeneratedFile] = []
        var entries: [Records.IndexEntry] = []
        for entry in workspace.entries {
            // Compiled whole, so that plan.json lists the sha256 of the scripts `compile` writes;
            // CHANGE.md says how to write them when the folder does not hold them all.
            guard var compiled = Compiler.compile(entry, outputDir: outputDir), let analysis = entry.analysis else { continue }
            let scripts = compiled.files.filter { !Records.fileNames.contains($0.path) }
            let folder = outputDir + "/" + compiled.id + "/"
            if !scripts.allSatisfy({ FileManager.default.fileExists(atPath: folder + $0.path) }),
               let unwritten = Compiler.compile(entry, outputDir: outputDir, scriptsWritten: false) {
                compiled = unwritten
            }
            files += compiled.files.filter { Records.fileNames.contains($0.path) }
                .map { GeneratedFile(path: compiled.id + "/" + $0.path, contents: $0.contents) }
            entries.append(Records.IndexEntry(plan: compiled.plan, analysis: analysis))
        }
        return files.sorted { $0.path < $1.path } + [Records.index(entries)] + [SchemaDocument.render(workspace)].compactMap { $0 }
    }

    /// Writes the records beside whatever scripts `out/` holds: every file goes to a temp
    /// name first and is renamed into place only when all were written.
    public static func write(_ files: [GeneratedFile], to outDir: String) throws(IOFailure) {
        let fm = FileManager.default
        try OutputWriter.prepare(outDir)
        let suffix = ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        var written: [(temp: String, final: String)] = []
        func discard() { for file in written { try? fm.removeItem(atPath: file.temp) } }
        for file in files {
            let final = outDir + "/" + file.path
            let temp = final + suffix
            do {
                try fm.createDirectory(atPath: PathText.parent(final), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: URL(fileURLWithPath: temp))
            } catch {
                discard()
                throw IOFailure("\(final): cannot write (\(OutputWriter.reason(error, at: final)))")
            }
            written.append((temp, final))
        }
        for file in written where rename(file.temp, file.final) != 0 {
            let why = OutputWriter.lastError
            discard()
            throw IOFailure("\(file.final): cannot move the new file into place (\(why))")
        }
    }
}
