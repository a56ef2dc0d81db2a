import Foundation
import TestSupport

/// Runs a blocking call on its own thread; `wait()` returns its result.
final class Background: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: ProcessResult?

    init(_ work: @escaping @Sendable () -> ProcessResult) {
        Thread.detachNewThread { [self] in
            result = work()
            done.signal()
        }
    }

    func wait() -> ProcessResult {
        done.wait()
        return result!
    }
}
