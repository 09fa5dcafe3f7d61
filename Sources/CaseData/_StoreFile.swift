import Foundation
import WorkingDays

func _readPayload(_ fd: Int32, _ entry: _StoreEntry, path: String) throws(DatasetError) -> _StorePayload {
    func typed<T>(_: T.Type) throws(DatasetError) -> [T] {
        var failed = false
        let values = [T](unsafeUninitializedCapacity: entry.count) { buffer, count in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            var done = 0
            while done < entry.length {
                // SAFETY: the buffer holds entry.count elements = entry.length bytes (checked against the file).
                let n = pread(fd, raw.baseAddress! + done, entry.length - done, off_t(entry.offset + done))
                if n <= 0 { if n < 0 && errno == EINTR { continue }; failed = true; break }
                done += n
            }
            if failed { raw.initializeMemory(as: UInt8.self, repeating: 0) }
            count = entry.count
        }
        if failed { throw DatasetError(path: path, reason: "reading column \(entry.name) failed") }
        let sum = values.withUnsafeBytes { _checksum($0) }
        guard sum == entry.checksum else {
            throw DatasetError(path: path, reason: "column \(entry.name) is corrupt (checksum mismatch)")
        }
        return values
    }
    switch entry.type {
    case .int32: return .int32(try typed(Int32.self))
    case .uint8: return .uint8(try typed(UInt8.self))
    case .double: return .double(try typed(Double.self))
    case .uint32: return .uint32(try typed(UInt32.self))
    case .strings:
        let blob = try _pread(fd, offset: entry.offset, count: entry.length, path: path)
        guard blob.withUnsafeBytes({ _checksum($0) }) == entry.checksum else {
            throw DatasetError(path: path, reason: "column \(entry.name) is corrupt (checksum mismatch)")
        }
        var cursor = _ByteCursor(blob, at: 0)
        var strings: [String] = []
        strings.reserveCapacity(entry.count)
        for _ in 0..<entry.count {
            guard let length = cursor.uint32(), let s = cursor.string(Int(length)) else {
                throw DatasetError(path: path, reason: "column \(entry.name) is corrupt (strings overrun)")
            }
            strings.append(s)
        }
        return .strings(strings)
    }
}

package func _pread(_ fd: Int32, offset: Int, count: Int, path: String) throws(DatasetError) -> [UInt8] {
    var failed = false
    let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, done in
        done = 0
        while done < count {
            // SAFETY: reads at most `count - done` bytes into the remaining capacity.
            let n = pread(fd, buffer.baseAddress! + done, count - done, off_t(offset + done))
            if n <= 0 { if n < 0 && errno == EINTR { continue }; failed = n < 0 || done < count; break }
            done += n
        }
    }
    if failed { throw DatasetError(path: path, reason: "the store is truncated or unreadable") }
    return bytes
}

/// A 64-bit checksum over 8-byte words in four independent lanes (fast, and catches flipped or lost bytes).
package func _checksum(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { _checksum($0) } }

package func _checksum(_ raw: UnsafeRawBufferPointer) -> UInt64 {
    let prime: UInt64 = 0x9E37_79B1_85EB_CA87
    var lanes: (UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, 4)
    let words = raw.count / 8
    var i = 0
    while i + 4 <= words {
        lanes.0 = (lanes.0 ^ raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* prime
        lanes.1 = (lanes.1 ^ raw.loadUnaligned(fromByteOffset: i * 8 + 8, as: UInt64.self)) &* prime
        lanes.2 = (lanes.2 ^ raw.loadUnaligned(fromByteOffset: i * 8 + 16, as: UInt64.self)) &* prime
        lanes.3 = (lanes.3 ^ raw.loadUnaligned(fromByteOffset: i * 8 + 24, as: UInt64.self)) &* prime
        i += 4
    }
    var h = lanes.0 ^ (lanes.1 << 1 | lanes.1 >> 63) ^ (lanes.2 << 2 | lanes.2 >> 62) ^ (lanes.3 << 3 | lanes.3 >> 61)
    var tail = i * 8
    while tail < raw.count {
        h = (h ^ UInt64(raw[tail])) &* prime
        tail += 1
    }
    h ^= UInt64(raw.count)
    h ^= h >> 31
    return h &* prime
}

/// Bounds-checked little-endian reads from bytes.
struct _ByteCursor {
    let bytes: [UInt8]
    var position: Int

    init(_ bytes: [UInt8], at position: Int) {
        self.bytes = bytes
        self.position = position
    }

    mutating func take(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, position + n <= bytes.count else { return nil }
        defer { position += n }
        return bytes[position..<(position + n)]
    }
    mutating func integer<T: FixedWidthInteger>(_: T.Type) -> T? {
        guard let slice = take(MemoryLayout<T>.size) else { return nil }
        var value: T = 0
        for (i, b) in slice.enumerated() { value |= T(b) << (8 * i) }
        return value
    }
    mutating func uint8() -> UInt8? { integer(UInt8.self) }
    mutating func uint16() -> UInt16? { integer(UInt16.self) }
    mutating func uint32() -> UInt32? { integer(UInt32.self) }
    mutating func uint64() -> UInt64? { integer(UInt64.self) }
    mutating func string(_ n: Int) -> String? { take(n).map { String(decoding: $0, as: UTF8.self) } }
}

extension Array where Element == UInt8 {
    mutating func append<T: FixedWidthInteger>(littleEndian value: T) {
        var v = value.littleEndian
        Swift.withUnsafeBytes(of: &v) { append(contentsOf: $0) }
    }
}

extension Dataset {
    /// The first way in which a loaded store's tables do not fit together, or `nil`:
    /// `"cases.apprentice: 14999 values for 15000 rows"`.
    ///
    /// A store whose checksums match can still have been written by a faulty tool; this keeps such a file from
    /// ever reaching code that indexes by these values. The fixed-width and text-code columns have been checked
    /// against their domains as they were read (``_StoreColumnChecks``); here every table's columns must have
    /// its number of rows, and the identifier and providers' columns are checked (the test an addition's rows
    /// get, ``_RowTable/_firstProblem(_:sizes:)``). The rules between columns and rows (``_TableRules``) are
    /// not run again: a store holds only rows that ingest or an addition let through, and running them would
    /// make loading 2M cases about 70 ms (a quarter) slower.
    func _structuralProblem() -> String? {
        struct Check: _TableVisitor {
            let sizes: _ReferenceSizes
            var problem: String?
            mutating func visit<T: _TableRules>(_ table: inout T) {
                guard problem == nil else { return }
                let names = T.storeNames
                if let (c, reason) = table._lengthProblem() {
                    problem = "\(names[c]): \(reason)"
                    return
                }
                for (c, column) in T.schema.enumerated() where !column.place.isCheckedWhileReading {
                    if let (row, reason) = table._firstProblem(column, sizes: sizes) {
                        problem = "\(names[c]), row \(row + 1): \(reason)"
                        return
                    }
                }
            }
        }
        var check = Check(sizes: _ReferenceSizes(providers: providers.count, cases: cases.count))
        var copy = self
        try? copy._visitTables(&check)
        return check.problem
    }
}
