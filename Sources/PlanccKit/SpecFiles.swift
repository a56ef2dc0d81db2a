import Foundation

/// A problem with the command's inputs or outputs themselves (exit 74), not with a spec.
public struct IOFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Finds spec files: files as given, directories walked for `*.yaml` / `*.yml` in sorted order.
public enum SpecFiles {
    public static func collect(_ paths: [String]) throws(IOFailure) -> [String] {
        var result: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw IOFailure("\(path): no such file or directory")
            }
            if isDirectory.boolValue {
                guard let entries = fm.enumerator(atPath: path) else { throw IOFailure("\(path): cannot list directory") }
                var found: [String] = []
                while let entry = entries.nextObject() as? String {
                    if entry.hasSuffix(".yaml") || entry.hasSuffix(".yml") {
                        found.append(path.hasSuffix("/") ? path + entry : path + "/" + entry)
                    }
                }
                result += found.sorted()
            } else {
                result.append(path)
            }
        }
        // The same file named twice (`specs specs/x.yaml`) is read once.
        var seen = Set<String>()
        return result.filter { seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted }
    }

    public static func read(_ path: String) throws(IOFailure) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IOFailure("\(path): cannot read file")
        }
        return [UInt8](data)
    }
}
