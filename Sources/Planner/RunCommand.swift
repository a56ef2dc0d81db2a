import PlanSpec

/// The exact command that runs one script, as an operator types it.
public enum RunCommand {
    /// The command that runs `script` (`postgresql/forward.sql`) of the change folder `folder`
    /// (`out/<id>`), from the directory plancc ran in.
    public static func command(_ dialect: Dialect, _ script: String, folder: String) -> String {
        text(dialect, shellWord(folder + "/" + script))
    }

    /// `postgresql/forward.sql`, `mongodb/verify.js`: a script's path inside its change folder.
    public static func scriptPath(_ dialect: Dialect, _ phase: Phase) -> String {
        "\(dialect.rawValue)/\(phase.rawValue).\(dialect == .mongodb ? "js" : "sql")"
    }

    /// Where commands naming scripts under `outputDir` are run from.
    public enum Base: Equatable, Sendable {
        /// An absolute output folder: from any directory.
        case anywhere
        /// `-o .`, `-o ..`, `-o ../x`: from the directory plancc ran in.
        case workingDirectory
        /// From the directory that holds this folder (`out/`, `build/plans/`).
        case holding(String)
    }

    /// How a script header's `from:` line and CHANGE.md say where to run the commands from:
    /// `out/` is held by one directory; for `build/plans/` "the directory that holds build/"
    /// (not build/, which holds plans/).
    public static func holderText(_ folder: String, code: (String) -> String = { $0 }) -> String {
        let parts = folder.split(separator: "/")
        guard parts.count > 1, let first = parts.first else { return "the directory that holds \(code(folder))" }
        return "the directory that holds \(code(first + "/")) (the paths start \(code(folder)))"
    }

    public static func base(_ outputDir: String) -> Base {
        if outputDir.hasPrefix("/") { return .anywhere }
        if outputDir == "." || outputDir == ".." || outputDir.hasPrefix("../") { return .workingDirectory }
        return .holding(outputDir + "/")
    }

    static func text(_ dialect: Dialect, _ path: String) -> String {
        switch dialect {
        case .postgresql: "psql -v ON_ERROR_STOP=1 -f \(path)"
        case .mysql: "mysql --batch --default-character-set=utf8mb4 DB < \(path)"
        case .mongodb: "mongosh \"$URI\" \(path)"
        }
    }

    /// `path` as one shell word: as is when it holds only safe characters, else in single quotes.
    public static func shellWord(_ path: String) -> String {
        let safe = path.unicodeScalars.allSatisfy { s in
            s.isASCII && (("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || "/._-+,:@%".unicodeScalars.contains(s))
        }
        return safe ? path : "'" + path.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// How the placeholders in the commands are filled.
    public static let legend = "PostgreSQL connects through the usual `PGHOST`, `PGDATABASE`, `PGUSER` variables; "
        + "replace `DB` with the MySQL database (on MariaDB the client is `mariadb`, same arguments); "
        + "`$URI` is the MongoDB connection string including the database."
}
