import _ATWUtilities

/// A hash index from identifier bytes to row, built on all cores, that also finds duplicate identifiers.
///
/// Rule: the table is split into 64 partitions by the top six bits of each identifier's hash, and linear
/// probing wraps inside a partition, so each partition is built by one worker with no locking. Rows are
/// inserted in row order, so of two equal identifiers the earlier row is the one kept (the later is reported
/// as a duplicate of it). A slot holds the hash's upper half and the row + 1 (0 = empty), so most probes
/// settle without touching the identifiers' bytes.
package struct _IdentifierIndex: Sendable {
    /// Identifier bytes by row, back to back.
    package private(set) var heap: [UInt8]
    /// `offsets[row] ..< offsets[row + 1]` is the identifier of `row` in `heap`.
    package private(set) var offsets: [Int]
    private var slots: [UInt64]
    private var innerBits: Int

    static let partitionBits = 6

    /// An index of no identifiers.
    package static let empty = build(heap: [], offsets: [0], hashes: []).index

    /// The number of indexed rows.
    package var count: Int { offsets.count - 1 }

    private init(heap: [UInt8], offsets: [Int], slots: [UInt64], innerBits: Int) {
        self.heap = heap
        self.offsets = offsets
        self.slots = slots
        self.innerBits = innerBits
    }

    /// Indexes the identifiers given as `heap`/`offsets` with their `hashes` (``_ByteStringTable/hash(_:)``).
    ///
    /// Returns the index of the first occurrences, and every later row whose identifier an earlier row holds,
    /// with that earlier row, in row order. Rows stay numbered as given (duplicates included) until
    /// ``removingDuplicates(_:)``.
    package static func build(
        heap: [UInt8], offsets: [Int], hashes: [UInt64]
    ) -> (index: _IdentifierIndex, duplicates: [(row: Int, first: Int)]) {
        let n = hashes.count
        // Rows grouped by partition (a counting sort, rows in order within each group), so each worker
        // touches only its partitions' rows and slots; 64 partitions keep each one's slots cache-sized.
        let partitions = 1 << partitionBits
        var groupStart = [Int](repeating: 0, count: partitions + 1)
        for h in hashes { groupStart[Int(truncatingIfNeeded: h >> UInt64(64 - partitionBits)) + 1] += 1 }
        // Every partition gets the same size, a power of two at least one and a half times the fullest
        // partition's count (at most two thirds full), so probing always finds an empty slot soon.
        let most = (0..<partitions).map { groupStart[$0 + 1] }.max() ?? 0
        for p in 0..<partitions { groupStart[p + 1] += groupStart[p] }
        var grouped = [Int32](repeating: 0, count: n)
        var fill = groupStart
        for (row, h) in hashes.enumerated() {
            let p = Int(truncatingIfNeeded: h >> UInt64(64 - partitionBits))
            grouped[fill[p]] = Int32(row)
            fill[p] += 1
        }
        var innerBits = 2
        while (1 << innerBits) < most + most / 2 + 1 { innerBits += 1 }
        let innerSize = 1 << innerBits, shift = innerBits
        var slots = [UInt64](repeating: 0, count: innerSize << partitionBits)
        let starts = groupStart, rows = grouped
        let duplicates: [[(row: Int, first: Int)]] = slots.withUnsafeMutableBufferPointer { table in
            // SAFETY: partition p writes only slots p * innerSize ..< (p + 1) * innerSize, and the buffer
            // outlives the parallel loop, which returns after every partition is done.
            nonisolated(unsafe) let table = table
            return heap.withUnsafeBytes { heapBytes in
                // SAFETY: the heap is only read, and outlives the parallel loop.
                nonisolated(unsafe) let bytes = heapBytes
                return _parallelMap(partitions) { p in
                    var found: [(row: Int, first: Int)] = []
                    let base = p << shift, mask = innerSize - 1
                    for g in starts[p]..<starts[p + 1] {
                        let row = Int(rows[g])
                        let h = hashes[row]
                        let tag = h & 0xFFFF_FFFF_0000_0000
                        var inner = Int(truncatingIfNeeded: h) & mask
                        while true {
                            let slot = table[base + inner]
                            if slot == 0 {
                                table[base + inner] = tag | UInt64(row + 1)
                                break
                            }
                            let other = Int(slot & 0xFFFF_FFFF) - 1
                            if slot & 0xFFFF_FFFF_0000_0000 == tag
                                && _bytesEqual(bytes, offsets[other]..<offsets[other + 1], offsets[row]..<offsets[row + 1]) {
                                found.append((row, other))
                                break
                            }
                            inner = (inner + 1) & mask
                        }
                    }
                    return found
                }
            }
        }
        let all = duplicates.joined().sorted { $0.row < $1.row }
        return (_IdentifierIndex(heap: heap, offsets: offsets, slots: slots, innerBits: innerBits), all)
    }

    /// The row holding `bytes`, trying rows `hint` and `hint + 1` before the hash table.
    ///
    /// Files that refer to identifiers (reports, recommendations, ...) usually list them in the order of the
    /// file that defines them, so the row after the previous match is the likeliest; checking it by bytes
    /// costs one sequential read instead of two random ones. The answer is the same either way.
    @inline(__always)
    package func row(of bytes: UnsafeRawBufferPointer, hint: Int) -> Int32? {
        if hint >= 0 && hint + 2 < offsets.count {
            let found: Int32? = heap.withUnsafeBytes { heapBytes in
                if _bytesEqual(heapBytes, offsets[hint]..<offsets[hint + 1], bytes) { return Int32(hint) }
                if _bytesEqual(heapBytes, offsets[hint + 1]..<offsets[hint + 2], bytes) { return Int32(hint + 1) }
                return nil
            }
            if let found { return found }
        }
        return row(of: bytes)
    }

    /// The row holding `bytes`, or `nil`.
    @inline(__always)
    package func row(of bytes: UnsafeRawBufferPointer) -> Int32? {
        let h = _ByteStringTable.hash(bytes)
        let tag = h & 0xFFFF_FFFF_0000_0000
        let mask = (1 << innerBits) - 1
        let base = Int(truncatingIfNeeded: h >> UInt64(64 - Self.partitionBits)) << innerBits
        var inner = Int(truncatingIfNeeded: h) & mask
        return heap.withUnsafeBytes { heapBytes in
            while true {
                let slot = slots[base + inner]
                if slot == 0 { return nil }
                if slot & 0xFFFF_FFFF_0000_0000 == tag {
                    let row = Int(slot & 0xFFFF_FFFF) - 1
                    let start = offsets[row], end = offsets[row + 1]
                    if end - start == bytes.count
                        && _bytesEqual(heapBytes, start..<end, bytes) {
                        return Int32(row)
                    }
                }
                inner = (inner + 1) & mask
            }
        }
    }

    /// The same index with `removed` rows (sorted, none of them indexed: the duplicates) taken out and the
    /// other rows renumbered in order.
    package func removingDuplicates(_ removed: [Int]) -> _IdentifierIndex {
        if removed.isEmpty { return self }
        var newRow = [Int32](repeating: 0, count: count)
        var newHeap: [UInt8] = []
        newHeap.reserveCapacity(heap.count)
        var newOffsets = [0]
        newOffsets.reserveCapacity(count + 1 - removed.count)
        var next = 0, skip = 0
        for row in 0..<count {
            if skip < removed.count && removed[skip] == row { skip += 1; newRow[row] = -1; continue }
            newRow[row] = Int32(next)
            next += 1
            newHeap.append(contentsOf: heap[offsets[row]..<offsets[row + 1]])
            newOffsets.append(newHeap.count)
        }
        let slots = self.slots.map { slot -> UInt64 in
            guard slot != 0 else { return 0 }
            let row = Int(slot & 0xFFFF_FFFF) - 1
            return (slot & 0xFFFF_FFFF_0000_0000) | UInt64(newRow[row] + 1)
        }
        return _IdentifierIndex(heap: newHeap, offsets: newOffsets, slots: slots, innerBits: innerBits)
    }

    /// The identifiers as a column (row order).
    package var column: IdentifierColumn {
        IdentifierColumn(heap: heap, offsets: offsets.map { UInt32(truncatingIfNeeded: $0) })
    }
}

/// Whether `heap[a]` and `heap[b]` hold the same bytes.
@inline(__always)
func _bytesEqual(_ heap: UnsafeRawBufferPointer, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
    guard a.count == b.count else { return false }
    return _bytesEqual(heap, a, UnsafeRawBufferPointer(rebasing: heap[b]))
}

/// Whether `heap[a]` holds the bytes of `other`.
@inline(__always)
func _bytesEqual(_ heap: UnsafeRawBufferPointer, _ a: Range<Int>, _ other: UnsafeRawBufferPointer) -> Bool {
    guard a.count == other.count else { return false }
    var i = 0
    let n = a.count
    while i + 8 <= n {
        if heap.loadUnaligned(fromByteOffset: a.lowerBound + i, as: UInt64.self)
            != other.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i += 8
    }
    while i < n {
        if heap[a.lowerBound + i] != other[i] { return false }
        i += 1
    }
    return true
}
