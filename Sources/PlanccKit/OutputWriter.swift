import Foundation

/// Writes compiled changes so that a failure leaves `out/` as it was: every change is first
/// written whole into a temp folder beside `out/<id>`; only when all are written are they
/// renamed into place, each replacing its old folder in one rename.
public enum OutputWriter {
    /// Why a file operation on `path` failed, in a few words (the POSIX reason, not
    /// Foundation's sentence). When Foundation gives no reason (its "unknown error"), the path
    /// is examined: a parent that is a file, or a folder that cannot be written.
    static func reason(_ error: Error, at path: String) -> String {
        let ns = error as NSError
        let underlying = (ns.userInfo[NSUnderlyingErrorKey] as? NSError)
        if let posix = underlying, posix.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(posix.code))) }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        switch ns.code {
        case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied"
        case NSFileWriteFileExistsError: return "a file of that name exists"
        case NSFileWriteOutOfSpaceError: return "no space left on device"
        case NSFileWriteVolumeReadOnlyError: return "read-only file system"
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or directory"
        default: return probe(path) ?? "error \(ns.code)"
        }
    }

    /// What stops writing at `path`: the nearest existing ancestor is a file, or is not writable.
    static func probe(_ path: String) -> String? {
        let fm = FileManager.default
        var ancestor = PathText.parent(path)
        while !ancestor.isEmpty, ancestor != "/", !fm.fileExists(atPath: ancestor) {
            ancestor = PathText.parent(ancestor)
        }
        if ancestor.isEmpty { ancestor = "." }
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: ancestor, isDirectory: &isDirectory) else { return nil }
        if !isDirectory.boolValue { return "\(ancestor) is a file, not a directory" }
        if access(ancestor, W_OK) != 0 { return "\(ancestor): \(String(cString: strerror(errno)).lowercased())" }
        return nil
    }

    /// The reason of the last failed system call (`rename`), lower-case like the others.
    static var lastError: String { String(cString: strerror(errno)).lowercased() }

    /// Refuses an output folder that is a file, a symlink loop or a dangling symlink; creates
    /// it (and its parents) when missing, each failure said with the system's own reason.
    static func prepare(_ outDir: String) throws(IOFailure) {
        if let why = unusableDirectory(outDir) {
            throw IOFailure("\(outDir): cannot create the output directory (\(why))")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: outDir, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw IOFailure("\(outDir): cannot write the output there (it is a file, not a directory)")
        }
        if let why = makeDirectories(outDir) {
            throw IOFailure("\(outDir): cannot create the output directory (\(why))")
        }
    }

    /// A symlink that cannot be followed, said as what it is: "too many levels of symbolic
    /// links", "a symbolic link to 'x', which does not exist".
    static func unusableDirectory(_ path: String) -> String? {
        var link = stat()
        guard lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK else { return nil }
        var target = stat()
        if stat(path, &target) == 0 { return nil }
        if errno == ENOENT {
            let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            return "it is a symbolic link to '\(destination)', which does not exist"
        }
        return lastError
    }

    /// `mkdir -p` with the reason of the call that failed; nil when the folder is there.
    static func makeDirectories(_ path: String) -> String? {
        var info = stat()
        if stat(path, &info) == 0 { return info.st_mode & S_IFMT == S_IFDIR ? nil : "\(path) is a file, not a directory" }
        let parent = PathText.parent(path)
        if !parent.isEmpty, parent != path {
            if let why = unusableDirectory(parent) { return "\(parent): \(why)" }
            if let why = makeDirectories(parent) { return why }
        }
        if mkdir(path, 0o777) == 0 || errno == EEXIST { return nil }
        let code = errno
        // The parent is there, yet the kernel says "no such file or directory": a file system
        // that takes no new entries (/proc, /sys).
        var parentInfo = stat()
        if code == ENOENT, stat(parent.isEmpty ? "." : parent, &parentInfo) == 0, parentInfo.st_mode & S_IFMT == S_IFDIR {
            return "\(parent.isEmpty ? "." : parent) does not take new folders: its file system refuses them"
        }
        return String(cString: strerror(code)).lowercased()
    }

    /// Returns one line for each previous output that was moved aside and then could not be
    /// removed (a folder owned by another user, say): the new output is in place, but the
    /// caller must say so and fail, as that folder is left in the output folder.
    @discardableResult
    public static func write(_ changes: [CompiledChange], to outDir: String) throws(IOFailure) -> [String] {
        var unremoved: [String] = []
        let fm = FileManager.default
        try prepare(outDir)
        let pid = ProcessInfo.processInfo.processIdentifier
        let staged = changes.map { (change: $0, temp: outDir + "/.\($0.id).tmp-\(pid)") }
        func discardStaged() { for item in staged { try? fm.removeItem(atPath: item.temp) } }

        // Interrupted while staging, it removes what it staged; the renames below are not
        // interrupted (a compile killed between two leaves what the next compile cleans up).
        try Interruption.catching { () throws(IOFailure) in
            do throws(IOFailure) {
                for (change, temp) in staged { try stage(change, in: temp) }
                try Interruption.check(outDir)
            } catch {
                discardStaged()
                throw error
            }
        }
        for (change, temp) in staged {
            let final = outDir + "/" + change.id
            let old = outDir + "/.\(change.id).old-\(pid)"
            let hadOld = fm.fileExists(atPath: final)
            if hadOld, rename(final, old) != 0 {
                discardStaged()
                throw IOFailure("\(final): cannot move the previous output aside (\(Self.lastError))")
            }
            if rename(temp, final) != 0 {
                let why = Self.lastError
                if hadOld { _ = rename(old, final) }
                discardStaged()
                throw IOFailure("\(final): cannot move the new output into place (\(why))")
            }
            if hadOld {
                do { try fm.removeItem(atPath: old) } catch {
                    unremoved.append("\(old)/: cannot remove the previous output of \(final)/, moved aside there (\(Self.reason(error, at: old))); "
                        + "the new output is in place; remove that folder by hand")
                }
            }
        }
        return unremoved
    }

    /// Writes one change's files into `temp`, stopping at a caught signal.
    private static func stage(_ change: CompiledChange, in temp: String) throws(IOFailure) {
        let fm = FileManager.default
        try? fm.removeItem(atPath: temp)
        for file in change.files {
            try Interruption.check(PathText.parent(temp))
            let path = temp + "/" + file.path
            do {
                try fm.createDirectory(atPath: PathText.parent(path), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                throw IOFailure("\(temp): cannot write (\(Self.reason(error, at: temp)))")
            }
        }
    }

    /// The files under `out/` that differ from what would be written (missing, changed, or extra).
    public static func staleFiles(_ changes: [CompiledChange], in outDir: String) -> [String] {
        let fm = FileManager.default
        var stale: [String] = []
        for change in changes {
            let dir = outDir + "/" + change.id
            var expected = Set<String>()
            for file in change.files {
                let path = dir + "/" + file.path
                expected.insert(file.path)
                if fm.contents(atPath: path) != Data(file.contents.utf8) { stale.append(path) }
            }
            if let existing = fm.enumerator(atPath: dir) {
                while let entry = existing.nextObject() as? String {
                    var isDirectory: ObjCBool = false
                    if fm.fileExists(atPath: dir + "/" + entry, isDirectory: &isDirectory), !isDirectory.boolValue,
                       !expected.contains(entry) {
                        stale.append(dir + "/" + entry)
                    }
                }
            }
        }
        return stale.sorted()
    }

    /// A folder of `out/` that plancc wrote for a spec that is gone.
    public struct Orphan: Sendable, Equatable {
        public var folder: String
        public var spec: String
    }

    /// The folders of `outDir` that plancc wrote (they hold a plan.json naming their spec)
    /// for a spec inside one of the folders given that no longer exists, and whose id is not
    /// compiled now. Nothing else is ever named: not a folder without plan.json, not one
    /// whose spec lies outside the folders walked (compiling one file removes nothing).
    public static func orphans(in outDir: String, compiled ids: Set<String>, inputs: [String]) -> [Orphan] {
        let fm = FileManager.default
        let walked = inputs.map { SpecFiles.displayPath($0) }.filter { path in
            var isDirectory: ObjCBool = false
            return fm.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        guard !walked.isEmpty, let names = try? fm.contentsOfDirectory(atPath: outDir) else { return [] }
        var result: [Orphan] = []
        for name in names.sorted() where !name.hasPrefix(".") && !ids.contains(name) {
            let folder = outDir + "/" + name
            guard let data = fm.contents(atPath: folder + "/plan.json"),
                  let plan = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let spec = (plan["spec"] as? [String: Any])?["path"] as? String else { continue }
            let inWalked = walked.contains { $0 == "." ? !spec.hasPrefix("/") && !spec.hasPrefix("../") : spec.hasPrefix($0 + "/") }
            if inWalked, !fm.fileExists(atPath: spec) {
                result.append(Orphan(folder: folder, spec: spec))
            }
        }
        return result
    }

    /// Removes the orphaned folders (each first renamed aside, so a half-removed folder never
    /// looks like output).
    public static func remove(_ orphans: [Orphan]) throws(IOFailure) {
        let fm = FileManager.default
        let pid = ProcessInfo.processInfo.processIdentifier
        for orphan in orphans {
            let parent = PathText.parent(orphan.folder)
            let aside = parent + "/." + PathText.last(orphan.folder) + ".gone-\(pid)"
            guard rename(orphan.folder, aside) == 0 else {
                throw IOFailure("\(orphan.folder): cannot remove (\(String(cString: strerror(errno))))")
            }
            try? fm.removeItem(atPath: aside)
        }
    }
}
