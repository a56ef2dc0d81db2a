/// The parent and last component of a path, as `NSString`'s `deletingLastPathComponent` and
/// `lastPathComponent` give them: Foundation on Linux traps on a one-character path (`-o X`,
/// a folder named `é`), so plancc splits paths itself.
enum PathText {
    /// `a/b/c` -> `a/b`, `/a` -> `/`, `a` -> ``, `a/` -> ``, `/` -> `/`.
    static func parent(_ path: String) -> String {
        var path = Substring(path)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        guard let slash = path.lastIndex(of: "/") else { return "" }
        if slash == path.startIndex { return "/" }
        var parent = path[..<slash]
        while parent.count > 1, parent.hasSuffix("/") { parent = parent.dropLast() }
        return String(parent)
    }

    /// `a/b/c` -> `c`, `a/` -> `a`, `/` -> `/`.
    static func last(_ path: String) -> String {
        var path = Substring(path)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        guard let slash = path.lastIndex(of: "/"), path.count > 1 else { return String(path) }
        return String(path[path.index(after: slash)...])
    }

    /// `x.yaml` -> `x`, `a/b.c.yml` -> `a/b.c`; a leading dot is not an extension.
    static func deletingExtension(_ path: String) -> String {
        let name = last(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return path }
        return String(path.dropLast(name.distance(from: dot, to: name.endIndex)))
    }
}
