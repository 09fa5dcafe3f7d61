import Synchronization
import Testing
import _ATWUtilities

@Suite("Parallel loops")
struct ParallelTests {
    @Test func resultsComeInIndexOrder() {
        #expect(_parallelMap(0) { $0 }.isEmpty)
        #expect(_parallelMap(1) { $0 + 7 } == [7])
        let n = 10_000
        #expect(_parallelMap(n) { $0 * $0 } == (0..<n).map { $0 * $0 })
    }

    @Test func everyIndexRunsExactlyOnce() {
        let n = 5_000
        let calls = Mutex([Int](repeating: 0, count: n))
        _ = _parallelMap(n) { i in calls.withLock { $0[i] += 1 } }
        #expect(calls.withLock { $0 } == [Int](repeating: 1, count: n))
        #expect(_workerCount >= 1)
    }

    @Test func joinConcatenatesThePiecesInOrder() {
        let lengths = [3, 0, 2, 5, 1]
        let joined: [Int32] = _parallelJoin(lengths: lengths) { k, piece in
            for j in piece.indices { piece[j] = Int32(k * 100 + j) }
        }
        let expected = lengths.enumerated().flatMap { k, length in (0..<length).map { Int32(k * 100 + $0) } }
        #expect(joined == expected)
        let empty: [Int32] = _parallelJoin(lengths: []) { _, _ in }
        #expect(empty.isEmpty)
    }
}
