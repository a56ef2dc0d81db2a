import Foundation

/// SIGINT and SIGTERM while output is staged: the handler only notes the signal; the writer
/// checks between files, removes what it staged and stops, so an interrupted compile leaves
/// the output folder as it was. Outside `catching` the signals act as they did before.
enum Interruption {
    nonisolated(unsafe) private static var caught: Int32 = 0
    private static let signals = [SIGINT, SIGTERM]

    static func catching<T>(_ body: () throws(IOFailure) -> T) throws(IOFailure) -> T {
        caught = 0
        let previous = signals.map { signal($0) { Interruption.caught = $0 } }
        defer { for (s, handler) in zip(signals, previous) { signal(s, handler) } }
        return try body()
    }

    /// Throws once a signal came: exit 128 + its number, as the shell reports a process it ended.
    static func check(_ outDir: String) throws(IOFailure) {
        let signal = caught
        guard signal != 0 else { return }
        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        throw IOFailure("\(outDir)/: interrupted by \(name); nothing was written", exitCode: 128 + signal)
    }
}
