import Foundation

/// Writes compiled changes so that a failure leaves `out/` as it was: every change is first
/// written whole into a temp folder beside `out/<id>`; only when all are written are they
/// renamed into place, each replacing its old folder in one rename.
public enum OutputWriter {
    public static func write(_ changes: [CompiledChange], to outDir: String) throws(IOFailure) {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        } catch {
            throw IOFailure("\(outDir): cannot create output directory")
        }
        let pid = ProcessInfo.processInfo.processIdentifier
        let staged = changes.map { (change: $0, temp: outDir + "/.\($0.id).tmp-\(pid)") }
        func discardStaged() { for item in staged { try? fm.removeItem(atPath: item.temp) } }

        for (change, temp) in staged {
            try? fm.removeItem(atPath: temp)
            do {
                for file in change.files {
                    let path = temp + "/" + file.path
                    try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path))
                }
            } catch {
                discardStaged()
                throw IOFailure("\(temp): cannot write (\(error.localizedDescription))")
            }
        }
        for (change, temp) in staged {
            let final = outDir + "/" + change.id
            let old = outDir + "/.\(change.id).old-\(pid)"
            let hadOld = fm.fileExists(atPath: final)
            if hadOld, rename(final, old) != 0 {
                discardStaged()
                throw IOFailure("\(final): cannot move the previous output aside")
            }
            if rename(temp, final) != 0 {
                if hadOld { _ = rename(old, final) }
                discardStaged()
                throw IOFailure("\(final): cannot move the new output into place")
            }
            if hadOld { try? fm.removeItem(atPath: old) }
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
}
