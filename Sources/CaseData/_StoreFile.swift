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
    /// The first way in which the tables do not fit together (lengths, references, codes), or `nil`.
    /// A store whose checksums match can still have been written by a faulty tool; this keeps such a file
    /// from ever reaching code that indexes by these values.
    func _structuralProblem() -> String? {
        // Branch-free block reductions (``_firstOutside``), which the compiler vectorises: a store that passes its
        // checksums is almost always well formed, and then every value is read anyway.
        @Sendable func rows(_ values: [Int32], below limit: Int, allowMissing: Bool = false) -> Bool {
            _firstOutside(values, below: limit, skipping: allowMissing ? _missing32 : nil) == nil
        }
        @Sendable func codes(_ values: [UInt8], count: Int) -> Bool {
            // A code is valid below `count`, or missing (255).
            _firstOutside(values, below: count, skipping: _missing8) == nil
        }
        @Sendable func text(_ column: TextColumn, rows n: Int) -> Bool {
            column.codes.count == n && rows(column.codes, below: column.values.count, allowMissing: true)
        }
        /// Every column of the table (codes of text, identifiers) has the same length.
        @Sendable func sized<T: _RowTable>(_ table: T) -> Bool { Set(table.columnLengths).count <= 1 }
        @Sendable func attempts(_ values: [Int32]) -> String? {
            _firstOutside(values, Vocabulary.attempts.lowerBound, Vocabulary.attempts.upperBound, skipping: nil)
                .map { "reports.attempt: " + Vocabulary.attemptProblem(values[$0])! }
        }
        @Sendable func identifiers(_ column: IdentifierColumn, rows n: Int) -> Bool {
            column.offsets.count == n + 1 && column.offsets.first == 0 && Int(column.offsets.last!) == column.heap.count
                && column.offsets.indices.dropFirst().reduce(0) { $0 + (column.offsets[$1] < column.offsets[$1 - 1] ? 1 : 0) } == 0
        }
        let p = providers.count, c = cases.count
        // Two halves, checked on both cores; the first problem in this order is the one reported.
        let halves: [String?] = _parallelMap(2) { half in
            if half == 0 {
                guard [providers.contracts.count, providers.serviceStarts.count, providers.names.count,
                       providers.regions.count, providers.divisions.count].allSatisfy({ $0 == p }) else { return "providers columns differ in length" }
                guard identifiers(cases.caseIDs, rows: c), rows(cases.provider, below: p), sized(cases),
                      codes(cases.assessmentType, count: Vocabulary.assessmentTypes.count), codes(cases.apprentice, count: Vocabulary.booleans.count),
                      text(cases.infoSource, rows: c), text(cases.withdrawalReason, rows: c) else { return "cases columns do not fit" }
                return nil
            }
            guard rows(reports.caseRow, below: c), sized(reports), codes(reports.document, count: Vocabulary.documents.count),
                  codes(reports.outcome, count: Vocabulary.outcomes.count),
                  codes(reports.employmentConfirmed, count: Vocabulary.booleans.count) else { return "reports columns do not fit" }
            if let problem = attempts(reports.attempt) { return problem }
            let k = complaints.count
            guard identifiers(complaints.complaintIDs, rows: k), rows(complaints.provider, below: p),
                  codes(complaints.aboutDWP, count: Vocabulary.booleans.count),
                  rows(complaints.caseRow, below: c, allowMissing: true), sized(complaints) else {
                return "complaints columns do not fit"
            }
            let x = cancellations.count
            guard rows(cancellations.caseRow, below: c), sized(cancellations), codes(cancellations.by, count: Vocabulary.cancelledBy.count),
                  text(cancellations.reason, rows: x) else { return "cancellations columns do not fit" }
            guard rows(recommendations.caseRow, below: c), text(recommendations.solution, rows: recommendations.count) else {
                return "recommendations columns do not fit"
            }
            let t = typeChanges.count
            guard rows(typeChanges.caseRow, below: c), sized(typeChanges), codes(typeChanges.from, count: Vocabulary.assessmentTypes.count),
                  codes(typeChanges.to, count: Vocabulary.assessmentTypes.count), text(typeChanges.reason, rows: t) else { return "type_changes columns do not fit" }
            let s = survey.count
            guard rows(survey.provider, below: p), sized(survey), codes(survey.satisfaction, count: Vocabulary.satisfaction.count),
                  text(survey.comment, rows: s), text(survey.channel, rows: s) else {
                return "survey columns do not fit"
            }
            guard rows(workforce.provider, below: p), sized(workforce) else { return "workforce columns do not fit" }
            guard rows(returns.provider, below: p), sized(returns), codes(returns.kind, count: Vocabulary.returnKinds.count) else {
                return "returns columns do not fit"
            }
            return nil
        }
        return halves[0] ?? halves[1]
    }
}
