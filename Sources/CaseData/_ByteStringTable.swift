/// An interner of byte strings: each distinct string gets a dense code 0, 1, 2, … in order of first insertion.
///
/// Open addressing with linear probing over a power-of-two slot array; the strings live in one byte heap,
/// so inserting and looking up allocate nothing once capacity is reached. Used for dictionary-encoded
/// columns and for the case-id index.
package struct _ByteStringTable: Sendable {
    /// The strings' bytes, back to back.
    package private(set) var heap: [UInt8] = []
    /// `offsets[code] ..< offsets[code + 1]` is string `code` in `heap`.
    package private(set) var offsets: [Int] = [0]
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var mask: Int

    package init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// Number of distinct strings.
    package var count: Int { offsets.count - 1 }

    /// FNV-1a over 8-byte words, finished with a murmur-style mix; fast enough for short ids.
    @inline(__always)
    package static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x0000_0100_0000_01B3
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail ^ UInt64(n)) &* 0x0000_0100_0000_01B3
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }

    /// The code of `bytes`, inserting it when new; `inserted` says which.
    @inline(__always)
    package mutating func intern(_ bytes: UnsafeRawBufferPointer) -> (code: Int32, inserted: Bool) {
        let h = Self.hash(bytes)
        if let code = find(bytes, hash: h) { return (code, false) }
        let code = Int32(count)
        heap.append(contentsOf: bytes)
        offsets.append(heap.count)
        hashes.append(h)
        if count * 2 > slots.count { grow() } else { place(code, hash: h) }
        return (code, true)
    }

    /// The code of `bytes`, or `nil` when it was never interned.
    @inline(__always)
    package func code(of bytes: UnsafeRawBufferPointer) -> Int32? {
        find(bytes, hash: Self.hash(bytes))
    }

    /// The string with `code`.
    package func string(_ code: Int32) -> String {
        let range = offsets[Int(code)]..<offsets[Int(code) + 1]
        return String(decoding: heap[range], as: UTF8.self)
    }

    /// Every string, in code order.
    package var strings: [String] { (0..<count).map { string(Int32($0)) } }

    @inline(__always)
    private func find(_ bytes: UnsafeRawBufferPointer, hash h: UInt64) -> Int32? {
        var slot = Int(truncatingIfNeeded: h) & mask
        return heap.withUnsafeBytes { heapBytes in
            while true {
                let code = slots[slot]
                if code < 0 { return nil }
                if hashes[Int(code)] == h {
                    let start = offsets[Int(code)], end = offsets[Int(code) + 1]
                    if end - start == bytes.count
                        && (bytes.count == 0 || memcmpEqual(heapBytes.baseAddress! + start, bytes.baseAddress!, bytes.count)) {
                        return code
                    }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    private mutating func place(_ code: Int32, hash h: UInt64) {
        var slot = Int(truncatingIfNeeded: h) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = code
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for code in 0..<count { place(Int32(code), hash: hashes[code]) }
    }
}

@inline(__always)
private func memcmpEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
    // SAFETY: both pointers address at least n readable bytes (checked by the caller's lengths).
    var i = 0
    while i + 8 <= n {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i += 8
    }
    while i < n {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i += 1
    }
    return true
}
