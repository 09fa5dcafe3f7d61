import Dispatch
import Foundation

/// Runs `body(i)` for i in 0..<count on all cores and returns the results in index order.
package func _parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    if count == 0 { return [] }
    if count == 1 { return [body(0)] }
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer { results.deinitialize(); results.deallocate() }
    // SAFETY: each iteration writes only its own slot `i`, and the buffer outlives concurrentPerform,
    // which returns only after every iteration has finished.
    nonisolated(unsafe) let slots = results
    DispatchQueue.concurrentPerform(iterations: count) { i in slots[i] = body(i) }
    return results.map { $0! }
}

/// Number of worker threads to use for data-parallel work (the machine's active cores).
package var _workerCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
