import Dispatch
import Foundation

/// Runs `body(i)` for i in 0..<count on all cores and returns the results in index order (one after another on
/// the calling thread when ``_workerCount`` is 1). Inlinable, so each caller's copy is specialised for its `T` and
/// its closure contexts stay off the heap, as when the loop lived in the module that calls it (store load: 509
/// mallocs per load as a generic call into this module, against 361 before it moved).
@inlinable
package func _parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    if count == 0 { return [] }
    if count == 1 || _workerCount == 1 { return (0..<count).map(body) }
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer { results.deinitialize(); results.deallocate() }
    // SAFETY: each iteration writes only its own slot `i`, and the buffer outlives concurrentPerform,
    // which returns only after every iteration has finished.
    nonisolated(unsafe) let slots = results
    DispatchQueue.concurrentPerform(iterations: count) { i in slots[i] = body(i) }
    return results.map { $0! }
}

/// Number of worker threads to use for data-parallel work: the machine's active cores, or `ATW_WORKERS` when it
/// is set to a positive whole number (read once). `ATW_WORKERS=1` runs every loop on the calling thread, so the
/// work, and its instruction count, is the same on every machine (the benchmarks' instruction-count gate).
@usableFromInline
package let _workerCount: Int = {
    if let text = ProcessInfo.processInfo.environment["ATW_WORKERS"], let n = Int(text), n > 0 { return n }
    return max(1, ProcessInfo.processInfo.activeProcessorCount)
}()

/// An array made of `lengths.count` consecutive pieces, piece `k` (of `lengths[k]` values) written by
/// `fill(k, piece)` on all cores.
@inlinable
package func _parallelJoin<T: BitwiseCopyable>(
    lengths: [Int], _ fill: @Sendable (Int, UnsafeMutableBufferPointer<T>) -> Void
) -> [T] {
    let starts = lengths.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1) }
    let total = starts[starts.count - 1]
    return [T](unsafeUninitializedCapacity: total) { buffer, count in
        // SAFETY: piece k covers starts[k] ..< starts[k + 1], disjoint from every other piece, and `fill`
        // must initialise all of it; the buffer outlives the parallel loop.
        nonisolated(unsafe) let whole = buffer
        _ = _parallelMap(lengths.count) { k in
            fill(k, UnsafeMutableBufferPointer(rebasing: whole[starts[k]..<starts[k + 1]]))
        }
        count = total
    }
}
