import Foundation
import PlanYAML

/// A problem with the command's inputs or outputs themselves, not with a spec: exit 74 for
/// what cannot be read or written, 64 for inputs that are no use (a folder without specs).
public struct IOFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    public var exitCode: Int32
    public init(_ description: String, exitCode: Int32 = 74) {
        self.description = description
        self.exitCode = exitCode
    }
}

/// Finds spec files: files as given, directories walked for files named `<id>.yaml` (or
/// `.yml`) by the naming rule, in sorted order. Every path is returned as `displayPath` makes
/// it, so `specs`, `./specs` and the absolute path name each file the same way.
public enum SpecFiles {
    public struct Collected: Sendable {
        public var files: [String]
        /// YAML files in the folders that are not named like a spec, and were not read.
        public var skipped: [String]
        /// Files in the folders that are specs by their name or content but not named by the
        /// rule (`20261124090001_Upper.yaml`, `x.YAML` holding `changes:`): each an error.
        public var misnamed: [String] = []
        /// What the walk did not follow, said as notes: a symlinked folder already walked (a loop).
        public var notes: [String] = []
    }

    /// The naming rule, as every message about it says it.
    public static let namingRule = "spec files are named <id>.yaml, the id YYYYMMDDHHMMSS_description in lowercase letters, digits and underscores (e.g. 20261124093000_add_phone.yaml)"

    /// `YYYYMMDDHHMMSS_snake_description.yaml` (or `.yml`): the names a folder walk reads.
    public static func isSpecFileName(_ name: String) -> Bool {
        let stem: Substring
        if name.hasSuffix(".yaml") { stem = name.dropLast(5) } else if name.hasSuffix(".yml") { stem = name.dropLast(4) } else { return false }
        let bytes = Array(stem.utf8)
        guard bytes.count > 15, bytes[14] == UInt8(ascii: "_"), bytes[..<14].allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        return bytes[15...].allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "_") }
    }

    /// A YAML file by its extension, in any case (`.yaml`, `.yml`, `.YAML`).
    static func isYAMLFileName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
    }

    /// A YAML file that is meant to be a spec though not named by the rule: its name starts
    /// with a digit (an id's timestamp, mistyped), or its text has a spec's top-level keys
    /// (`changes:` with `plancc:`, `intent:` or `risk:`, at the start of a line).
    static func looksLikeSpec(name: String, path: String) -> Bool {
        if let first = name.utf8.first, first >= 48, first <= 57 { return true }
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64 * 1024)) ?? Data()
        let lines = String(decoding: head, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r" })
        func has(_ key: String) -> Bool { lines.contains { $0.hasPrefix(key + ":") } }
        return has("changes") && (has("plancc") || has("intent") || has("risk"))
    }

    /// The id a spec file's name gives (`specs/<id>.yaml`), when it is named by the rule.
    static func id(fromFileName path: String) -> String? {
        let name = PathText.last(path)
        return isSpecFileName(name) ? PathText.deletingExtension(name) : nil
    }

    public static func collect(_ paths: [String]) throws(IOFailure) -> [String] {
        try collectWithSkipped(paths).files
    }

    public static func collectWithSkipped(_ paths: [String]) throws(IOFailure) -> Collected {
        var result: [String] = []
        var collected = Collected(files: [], skipped: [])
        for given in paths {
            if try kind(of: given) == .directory {
                // A folder is named by its real path (`link`, `link/` and `$PWD/link` to
                // `specs` read `specs/...`), so the output does not depend on the spelling.
                let path = displayPath(realPath(given) ?? given)
                var found: [String] = []
                var visited = Set<FileID>()
                try walk(path, into: &found, &collected, visited: &visited)
                if found.isEmpty, collected.misnamed.isEmpty {
                    throw IOFailure("\(path): no spec files in this folder (specs are named <id>.yaml, e.g. 20261124093000_add_phone.yaml)",
                                    exitCode: 64)
                }
                result += found.sorted()
            } else {
                // A file keeps its own name (a symlinked spec is named by its link), in its folder's real path.
                let parent = PathText.parent(given)
                let name = PathText.last(given)
                let folder = realPath(parent.isEmpty ? "." : parent).map { displayPath($0) } ?? displayPath(parent.isEmpty ? "." : parent)
                result.append(displayPath(folder == "." ? name : folder + "/" + name))
            }
        }
        // The same file named twice (`specs specs/x.yaml`) is read once.
        var seen = Set<String>()
        collected.files = result.filter { seen.insert($0).inserted }
        collected.skipped.sort()
        collected.misnamed.sort()
        return collected
    }

    private struct FileID: Hashable { var device: UInt64; var inode: UInt64 }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Walks `folder` in sorted order, following symlinked folders once each (a link back to a
    /// folder already walked is a loop: noted, not followed). Hidden entries are not read.
    private static func walk(_ folder: String, into found: inout [String], _ collected: inout Collected,
                             visited: inout Set<FileID>) throws(IOFailure) {
        var info = stat()
        guard stat(folder, &info) == 0 else { throw unreadable(folder) }
        guard visited.insert(FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted else {
            collected.notes.append("\(folder): not followed: a symbolic link to a folder already read (a loop)")
            return
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw IOFailure("\(folder): cannot read (the folder cannot be listed: \(OutputWriter.lastError))")
        }
        for name in names.sorted() {
            let full = folder == "." ? name : (folder.hasSuffix("/") ? folder + name : folder + "/" + name)
            var entry = stat()
            guard stat(full, &entry) == 0 else {
                if isYAMLFileName(name) { throw unreadable(full) }
                continue
            }
            if entry.st_mode & S_IFMT == S_IFDIR {
                // Hidden folders (.git, .github) are not walked.
                if !name.hasPrefix(".") { try walk(full, into: &found, &collected, visited: &visited) }
                continue
            }
            guard isYAMLFileName(name) else { continue }
            if name.hasPrefix(".") {
                collected.skipped.append(full)
            } else if isSpecFileName(name) {
                found.append(full)
            } else if entry.st_mode & S_IFMT == S_IFREG, looksLikeSpec(name: name, path: full) {
                collected.misnamed.append(full)
            } else if entry.st_mode & S_IFMT != S_IFREG, let first = name.utf8.first, first >= 48, first <= 57 {
                collected.misnamed.append(full)
            } else {
                collected.skipped.append(full)
            }
        }
    }

    /// A path as plancc writes it into its output and messages: relative to the working
    /// directory and normalised (`./specs/../specs/x.yaml` is `specs/x.yaml`); outside the
    /// working directory, relative with `..` while they share more than the root, else absolute.
    /// The output folder as the scripts and records name it: relative to the working
    /// directory when it is inside it (`out`, `build/plans`, however typed), else absolute
    /// (`-o /srv/plans` or `-o ../plans` alike), so that what the commands name does not depend
    /// on where plancc ran.
    public static func outputPath(_ path: String, cwd: String = FileManager.default.currentDirectoryPath) -> String {
        let shown = displayPath(path, cwd: cwd)
        guard shown == ".." || shown.hasPrefix("../") else { return shown }
        return "/" + components(path.hasPrefix("/") ? path : cwd + "/" + path).joined(separator: "/")
    }

    public static func displayPath(_ path: String, cwd: String = FileManager.default.currentDirectoryPath) -> String {
        let base = components(cwd)
        var target = components(path.hasPrefix("/") ? path : cwd + "/" + path)
        if !target.starts(with: base), target.count > 1 {
            // A path typed through a symlink (`$PWD` may be logical, the working directory is not).
            let parent = "/" + target.dropLast().joined(separator: "/")
            let resolved = components(URL(fileURLWithPath: parent).resolvingSymlinksInPath().path) + [target.last!]
            if resolved.starts(with: base) { target = resolved }
        }
        var common = 0
        while common < base.count, common < target.count, base[common] == target[common] { common += 1 }
        if common == 0 { return "/" + target.joined(separator: "/") }
        let relative = Array(repeating: "..", count: base.count - common) + target[common...]
        return relative.isEmpty ? "." : relative.joined(separator: "/")
    }

    /// The components of an absolute path, `.` and `..` resolved lexically.
    private static func components(_ path: String) -> [String] {
        var result: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !result.isEmpty { result.removeLast() }
            default: result.append(String(part))
            }
        }
        return result
    }

    /// The specs before the given ones in their folders, not themselves given: the history a
    /// file compiled alone is replayed after. "Before" compares the ids' timestamps, so specs
    /// of the same second are not each other's history. Unreadable folders give no history.
    static func history(of files: [String]) -> [String] {
        let given = Set(files)
        var latest: [String: Substring] = [:]
        for file in files {
            let folder = PathText.parent(file)
            let stamp = timestamp(PathText.last(file))
            if latest[folder].map({ stamp > $0 }) ?? true { latest[folder] = stamp }
        }
        var history: [String] = []
        for (folder, last) in latest.sorted(by: { $0.key < $1.key }) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
            for name in names.sorted() where isSpecFileName(name) && timestamp(name) < last {
                let path = folder.isEmpty ? name : folder + "/" + name
                if !given.contains(path) { history.append(path) }
            }
        }
        return history
    }

    /// The 14-digit timestamp an id starts with.
    private static func timestamp(_ fileName: String) -> Substring { fileName.prefix(14) }

    /// The file's bytes, but no more than one past the spec size limit: a huge file (a 1 GB
    /// log named like a spec) is refused by its size, from stat, without being read whole.
    /// `size` is the file's size as stat gives it.
    public static func readCapped(_ path: String, limit: Int = YAMLLimits.default.maxBytes) throws(IOFailure) -> (bytes: [UInt8], size: Int) {
        guard try kind(of: path) == .file else { throw IOFailure("\(path): cannot read (it is a directory)") }
        var info = stat()
        let statSize = stat(path, &info) == 0 ? Int(info.st_size) : 0
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw IOFailure("\(path): cannot read (\(access(path, R_OK) != 0 ? OutputWriter.lastError : "read failed"))")
        }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: limit + 1) ?? Data() } catch {
            throw IOFailure("\(path): cannot read (\(OutputWriter.lastError))")
        }
        return ([UInt8](data), max(statSize, data.count))
    }

    /// The file's bytes, at most one past the spec size limit (see `readCapped`).
    public static func read(_ path: String) throws(IOFailure) -> [UInt8] { try readCapped(path).bytes }

    enum Kind { case file, directory }

    /// A path stat could not follow, with the reason; a symbolic link says what it points to
    /// ("a symbolic link to '../old/x.yaml', which does not exist"). Right after the failed call.
    private static func unreadable(_ path: String) -> IOFailure {
        let reason = OutputWriter.lastError
        return IOFailure("\(path): cannot read (\(OutputWriter.unusableDirectory(path) ?? reason))")
    }

    /// A regular file or a directory (symlinks followed); anything else, or a path that
    /// cannot be followed, is an error saying why: "too many levels of symbolic links", "not
    /// a regular file (a FIFO)". Checked before reading: reading a FIFO would wait forever.
    static func kind(of path: String) throws(IOFailure) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { throw unreadable(path) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFIFO: throw IOFailure("\(path): cannot read (not a regular file: a FIFO)")
        case S_IFSOCK: throw IOFailure("\(path): cannot read (not a regular file: a socket)")
        default: throw IOFailure("\(path): cannot read (not a regular file: a device)")
        }
    }
}
