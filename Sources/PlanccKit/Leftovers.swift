import Foundation

/// What a compile (or docs) that did not finish cleanly leaves in the output folder (killed,
/// or unable to remove what it moved aside, which it then says and fails): the hidden folders it
/// writes through (`.<id>.tmp-PID` the new output being staged, `.<id>.old-PID` the previous
/// output moved aside, `.<name>.gone-PID` a folder being removed) and the index's temp file
/// (`INDEX.md.tmp-PID`; the records' inside `<id>/` are extra files `--check` names anyway). Only those whose process is gone are leftovers: a compile running
/// beside this one keeps its own.
public struct Leftover: Sendable, Equatable {
    public enum Stage: String, Sendable { case tmp, old, gone }

    /// The path, as the output folder is named.
    public var path: String
    public var stage: Stage
    public var pid: Int32
    /// `<id>` for `.<id>.old-PID`: the folder it was moved aside from.
    var movedFrom: String?
    var isFolder = true

    /// How `--check` and `compile` name it: the path (a folder with a final `/`) and whose it was.
    public var description: String {
        "\(path)\(isFolder ? "/" : "") (left by plancc process \(pid), no longer running)"
    }

    /// The leftovers in `outDir` of processes that are gone, sorted by name.
    public static func find(in outDir: String) -> [Leftover] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: outDir)) ?? []
        return names.sorted().compactMap { parse($0, in: outDir) }.filter { !isRunning($0.pid) }.map { found in
            var leftover = found
            var isDirectory: ObjCBool = false
            leftover.isFolder = FileManager.default.fileExists(atPath: found.path, isDirectory: &isDirectory) && isDirectory.boolValue
            return leftover
        }
    }

    /// `<name>.<stage>-<pid>`, the name with or without a leading dot.
    static func parse(_ name: String, in outDir: String) -> Leftover? {
        guard let dash = name.lastIndex(of: "-"), let pid = Int32(name[name.index(after: dash)...]), pid > 0,
              let dot = name[..<dash].lastIndex(of: "."), let stage = Stage(rawValue: String(name[name.index(after: dot)..<dash]))
        else { return nil }
        let base = name[..<dot]
        let hidden = base.hasPrefix(".")
        // Unhidden, only the records' own temp file: a user's `notes.tmp-2024` is left alone.
        guard hidden ? base.count > 1 : stage == .tmp && (base == "INDEX.md" || base == "SCHEMA.md") else { return nil }
        return Leftover(path: outDir + "/" + name, stage: stage, pid: pid,
                        movedFrom: stage == .old ? outDir + "/" + base.dropFirst() : nil)
    }

    /// Whether a process of that id exists (one we may not signal exists too).
    static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// Cleans up, returning a line for each: a previous output moved aside whose place is
    /// empty goes back there (the compile was killed between its two renames); everything
    /// else is removed.
    public static func clean(_ leftovers: [Leftover]) throws(IOFailure) -> [String] {
        let fm = FileManager.default
        return try leftovers.map { (leftover) throws(IOFailure) -> String in
            if let home = leftover.movedFrom, !fm.fileExists(atPath: home), rename(leftover.path, home) == 0 {
                return "restored \(home)/ from \(leftover.description)"
            }
            do { try fm.removeItem(atPath: leftover.path) } catch {
                throw IOFailure("\(leftover.path): cannot remove (\(OutputWriter.reason(error, at: leftover.path)))")
            }
            return "removed \(leftover.description)"
        }
    }
}
