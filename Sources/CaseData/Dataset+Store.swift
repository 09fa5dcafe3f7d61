import Foundation
import WorkingDays

/// The binary columnar store written by `kpi ingest` and read by every command given `--store`.
///
/// Layout (little-endian): the magic `ATWSTORE`, format version (`UInt32`), column count (`UInt32`), then a
/// directory with one entry per column (name, element type, element count, byte offset, byte length,
/// checksum) and the directory's own checksum; then each column's bytes, 8-byte aligned. Loading reads each
/// column straight into its array with one `pread` and verifies its checksum, columns in parallel. A file
/// that is not a store, of another version, truncated, or whose bytes do not match their checksum is refused
/// with a ``DatasetError`` naming the column.
public enum DatasetStore {
    /// The format version this build writes and reads.
    public static let formatVersion: UInt32 = 1
    static let magic = Array("ATWSTORE".utf8)

    /// Writes `dataset` (tables, summaries and rejections) to `path`.
    public static func write(_ dataset: Dataset, to path: String) throws(DatasetError) {
        var collector = _StoreWriter()
        var copy = dataset
        try copy._visitColumns(&collector)
        var prefix: [UInt8] = magic
        prefix.append(littleEndian: formatVersion)
        prefix.append(littleEndian: UInt32(collector.columns.count))
        let directorySize = collector.columns.reduce(0) { $0 + 2 + $1.name.utf8.count + 1 + 8 * 4 }
        var offset = (prefix.count + directorySize + 8 + 7) & ~7
        var directory: [UInt8] = []
        var offsets: [Int] = [], lengths: [Int] = []
        for column in collector.columns {
            let (length, checksum) = column.withBytes { raw in (raw.count, _checksum(raw)) }
            directory.append(littleEndian: UInt16(column.name.utf8.count))
            directory.append(contentsOf: column.name.utf8)
            directory.append(column.type.rawValue)
            directory.append(littleEndian: UInt64(column.count))
            directory.append(littleEndian: UInt64(offset))
            directory.append(littleEndian: UInt64(length))
            directory.append(littleEndian: checksum)
            offsets.append(offset)
            lengths.append(length)
            offset = (offset + length + 7) & ~7
        }
        prefix += directory
        prefix.append(littleEndian: _checksum(directory))
        try AtomicWrite.file(path) { staging throws(DatasetError) in
            let writer = try _FileWriter(path: staging)
            do throws(DatasetError) {
                try writer.write(prefix)
                var written = prefix.count
                for (i, column) in collector.columns.enumerated() {
                    try writer.write([UInt8](repeating: 0, count: offsets[i] - written))
                    try column.withBytes { raw in Result { () throws(DatasetError) in try writer.write(raw) } }.get()
                    written = offsets[i] + lengths[i]
                }
            } catch {
                try? writer.close()
                throw error
            }
            try writer.close()
        }
    }

    /// Reads a store written by ``write(_:to:)``.
    public static func load(_ path: String) throws(DatasetError) -> Dataset {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DatasetError(path: path, reason: "cannot open the store (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw DatasetError(path: path, reason: "not a regular file")
        }
        let size = Int(info.st_size)
        func bytes(_ offset: Int, _ count: Int) throws(DatasetError) -> [UInt8] {
            guard offset >= 0, count >= 0, offset + count <= size else {
                throw DatasetError(path: path, reason: "the store is truncated (expected \(offset + count) bytes, found \(size))")
            }
            return try _pread(fd, offset: offset, count: count, path: path)
        }
        let head = try bytes(0, min(size, 16))
        guard head.count == 16, Array(head[0..<8]) == magic else {
            throw DatasetError(path: path, reason: "not a kpi store (it does not start with ATWSTORE)")
        }
        var cursor = _ByteCursor(head, at: 8)
        let version = cursor.uint32()
        guard version == formatVersion else {
            throw DatasetError(path: path, reason: "store format version \(version!) is not supported (this kpi reads version \(formatVersion)); run kpi ingest again")
        }
        let columnCount = Int(cursor.uint32()!)
        guard columnCount < 10_000 else { throw DatasetError(path: path, reason: "the store's directory is corrupt") }
        // The directory: read generously (names are short), then parse with bounds checks.
        let directoryBytes = try bytes(16, min(size - 16, columnCount * (2 + 256 + 1 + 32) + 8))
        var d = _ByteCursor(directoryBytes, at: 0)
        var entries: [_StoreEntry] = []
        for _ in 0..<columnCount {
            guard let nameLength = d.uint16(), let name = d.string(Int(nameLength)), let type = d.uint8(),
                  let elementType = _StoreType(rawValue: type), let count = d.uint64(), let offset = d.uint64(),
                  let length = d.uint64(), let checksum = d.uint64() else {
                throw DatasetError(path: path, reason: "the store is truncated or its directory is corrupt")
            }
            entries.append(_StoreEntry(name: name, type: elementType, count: Int(count), offset: Int(offset),
                                       length: Int(length), checksum: checksum))
        }
        let directoryEnd = d.position
        guard let directoryChecksum = d.uint64(),
              directoryChecksum == _checksum(Array(directoryBytes[0..<directoryEnd])) else {
            throw DatasetError(path: path, reason: "the store's directory is corrupt (checksum mismatch)")
        }
        for entry in entries {
            guard entry.offset >= 0, entry.length >= 0, entry.offset + entry.length <= size else {
                throw DatasetError(path: path, reason: "the store is truncated: column \(entry.name) needs bytes up to \(entry.offset + entry.length), the file has \(size)")
            }
            guard entry.length == entry.count * entry.type.elementSize || entry.type == .strings else {
                throw DatasetError(path: path, reason: "column \(entry.name) is corrupt (length does not match its count)")
            }
        }
        let directoryEntries = entries
        let payloads: [Result<_StorePayload, DatasetError>] = _parallelMap(entries.count) { i in
            do throws(DatasetError) {
                return .success(try _readPayload(fd, directoryEntries[i], path: path))
            } catch {
                return .failure(error)
            }
        }
        var reader = _StoreReader(path: path)
        for (entry, payload) in zip(entries, payloads) {
            switch payload {
            case .success(let p): reader.payloads[entry.name] = p
            case .failure(let e): throw e
            }
        }
        var dataset = Dataset()
        try dataset._visitColumns(&reader)
        if let problem = dataset._structuralProblem() {
            throw DatasetError(path: path, reason: "the store is inconsistent: \(problem)")
        }
        return dataset
    }
}

// MARK: Column visitor (one list of columns for writing and reading)

enum _StoreType: UInt8 {
    case int32 = 1, uint8 = 2, double = 3, uint32 = 4, strings = 5
    var elementSize: Int {
        switch self {
        case .int32, .uint32: 4
        case .uint8: 1
        case .double: 8
        case .strings: 1
        }
    }
}

protocol _StoreVisitor {
    mutating func int32(_ name: String, _ values: inout [Int32]) throws(DatasetError)
    mutating func uint8(_ name: String, _ values: inout [UInt8]) throws(DatasetError)
    mutating func double(_ name: String, _ values: inout [Double]) throws(DatasetError)
    mutating func uint32(_ name: String, _ values: inout [UInt32]) throws(DatasetError)
    mutating func strings(_ name: String, _ values: inout [String]) throws(DatasetError)
}

extension _StoreVisitor {
    mutating func text(_ name: String, _ column: inout TextColumn) throws(DatasetError) {
        try int32(name + ".codes", &column.codes)
        try strings(name + ".values", &column.values)
    }

    mutating func identifiers(_ name: String, _ column: inout IdentifierColumn) throws(DatasetError) {
        try uint8(name + ".heap", &column.heap)
        try uint32(name + ".offsets", &column.offsets)
    }

    mutating func days(_ name: String, _ values: inout [Day]) throws(DatasetError) {
        var raw = values.map(\.rawValue)
        try int32(name, &raw)
        values = raw.map(Day.init(rawValue:))
    }

    mutating func optionalStrings(_ name: String, _ values: inout [String?]) throws(DatasetError) {
        // Stored as "1value" for present and "0" for missing.
        var encoded = values.map { $0.map { "1" + $0 } ?? "0" }
        try strings(name, &encoded)
        values = encoded.map { $0.first == "1" ? String($0.dropFirst()) : nil }
    }
}

extension Dataset {
    /// Every column of the dataset, in store order.
    mutating func _visitColumns<V: _StoreVisitor>(_ v: inout V) throws(DatasetError) {
        try v.strings("providers.provider_id", &providers.providerIDs)
        try v.strings("providers.contract", &providers.contracts)
        try v.days("providers.service_start", &providers.serviceStarts)
        try v.optionalStrings("providers.provider_name", &providers.names)
        try v.optionalStrings("providers.region", &providers.regions)
        var divisions = providers.divisions.map(\.rawValue)
        try v.strings("providers.division", &divisions)
        providers.divisions = divisions.map { Division(rawValue: $0) ?? .default }

        try v.identifiers("cases.case_id", &cases.caseIDs)
        try v.int32("cases.provider", &cases.provider)
        try v.int32("cases.referral_received", &cases.referralReceived)
        try v.int32("cases.acknowledged", &cases.acknowledged)
        try v.int32("cases.appointment_booked", &cases.appointmentBooked)
        try v.uint8("cases.assessment_type", &cases.assessmentType)
        try v.int32("cases.initial_contact", &cases.initialContact)
        try v.int32("cases.appointment_made", &cases.appointmentMade)
        try v.uint8("cases.apprentice", &cases.apprentice)
        try v.int32("cases.support_period_end", &cases.supportPeriodEnd)
        try v.int32("cases.sustainment_end", &cases.sustainmentEnd)
        try v.text("cases.info_source", &cases.infoSource)
        try v.int32("cases.withdrawn", &cases.withdrawn)
        try v.text("cases.withdrawal_reason", &cases.withdrawalReason)

        try v.int32("reports.case", &reports.caseRow)
        try v.uint8("reports.document", &reports.document)
        try v.int32("reports.attempt", &reports.attempt)
        try v.int32("reports.submitted", &reports.submitted)
        try v.uint8("reports.outcome", &reports.outcome)
        try v.int32("reports.decided", &reports.decided)
        try v.int32("reports.prap_recorded", &reports.prapRecorded)
        try v.uint8("reports.employment_confirmed", &reports.employmentConfirmed)

        try v.identifiers("complaints.complaint_id", &complaints.complaintIDs)
        try v.int32("complaints.provider", &complaints.provider)
        try v.int32("complaints.received", &complaints.received)
        try v.int32("complaints.case", &complaints.caseRow)
        try v.uint8("complaints.about_dwp", &complaints.aboutDWP)
        try v.int32("complaints.forwarded_to_dwp", &complaints.forwardedToDWP)
        try v.int32("complaints.referred_to_dwp", &complaints.referredToDWP)
        try v.int32("complaints.resolved", &complaints.resolved)

        try v.int32("cancellations.case", &cancellations.caseRow)
        try v.int32("cancellations.cancelled", &cancellations.cancelled)
        try v.uint8("cancellations.by", &cancellations.by)
        try v.text("cancellations.reason", &cancellations.reason)
        try v.int32("cancellations.rebooked", &cancellations.rebooked)
        try v.int32("cancellations.contact_attempts", &cancellations.contactAttempts)
        try v.int32("cancellations.appointments_offered", &cancellations.appointmentsOffered)

        try v.int32("recommendations.case", &recommendations.caseRow)
        try v.text("recommendations.solution", &recommendations.solution)

        try v.int32("type_changes.case", &typeChanges.caseRow)
        try v.int32("type_changes.changed", &typeChanges.changed)
        try v.uint8("type_changes.from", &typeChanges.from)
        try v.uint8("type_changes.to", &typeChanges.to)
        try v.text("type_changes.reason", &typeChanges.reason)

        try v.int32("survey.provider", &survey.provider)
        try v.int32("survey.responded", &survey.responded)
        try v.uint8("survey.satisfaction", &survey.satisfaction)
        try v.text("survey.comment", &survey.comment)
        try v.text("survey.channel", &survey.channel)

        try v.int32("workforce.provider", &workforce.provider)
        try v.int32("workforce.quarter_end", &workforce.quarterEnd)
        try v.double("workforce.fte_total", &workforce.fteTotal)
        try v.double("workforce.fte_disabled", &workforce.fteDisabled)

        try v.int32("returns.provider", &returns.provider)
        try v.uint8("returns.return", &returns.kind)
        try v.int32("returns.period", &returns.period)
        try v.int32("returns.submitted", &returns.submitted)

        var summaryLines = summaries.map { "\($0.file.rawValue)\t\($0.present ? 1 : 0)\t\($0.rowsRead)\t\($0.rowsAccepted)" }
        try v.strings("ingest.summaries", &summaryLines)
        summaries = summaryLines.compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 4, let file = DatasetFile(rawValue: String(f[0])), let read = Int(f[2]), let accepted = Int(f[3])
            else { return nil }
            return FileSummary(file: file, present: f[1] == "1", rowsRead: read, rowsAccepted: accepted)
        }
        var rejectionLines = rejections.map { "\($0.file.rawValue)\t\($0.line)\t\($0.column)\t\($0.reason)" }
        try v.strings("ingest.rejections", &rejectionLines)
        rejections = rejectionLines.compactMap { line in
            let f = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
            guard f.count == 4, let file = DatasetFile(rawValue: String(f[0])), let number = Int(f[1]) else { return nil }
            return Rejection(file: file, line: number, column: String(f[2]), reason: String(f[3]))
        }
    }
}

struct _StoreColumn {
    var name: String
    var type: _StoreType
    var count: Int
    /// The column's values, shared with the dataset (not copied): their bytes are what is written.
    var values: _StorePayload

    /// Calls `body` with the bytes written for the column.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        switch values {
        case .int32(let v): v.withUnsafeBytes(body)
        case .uint8(let v): v.withUnsafeBytes(body)
        case .double(let v): v.withUnsafeBytes(body)
        case .uint32(let v): v.withUnsafeBytes(body)
        case .strings(let v):
            { () -> R in
                var bytes: [UInt8] = []
                for s in v {
                    bytes.append(littleEndian: UInt32(s.utf8.count))
                    bytes.append(contentsOf: s.utf8)
                }
                return bytes.withUnsafeBytes(body)
            }()
        }
    }
}

struct _StoreWriter: _StoreVisitor {
    var columns: [_StoreColumn] = []

    mutating func int32(_ name: String, _ values: inout [Int32]) {
        columns.append(_StoreColumn(name: name, type: .int32, count: values.count, values: .int32(values)))
    }
    mutating func uint8(_ name: String, _ values: inout [UInt8]) {
        columns.append(_StoreColumn(name: name, type: .uint8, count: values.count, values: .uint8(values)))
    }
    mutating func double(_ name: String, _ values: inout [Double]) {
        columns.append(_StoreColumn(name: name, type: .double, count: values.count, values: .double(values)))
    }
    mutating func uint32(_ name: String, _ values: inout [UInt32]) {
        columns.append(_StoreColumn(name: name, type: .uint32, count: values.count, values: .uint32(values)))
    }
    mutating func strings(_ name: String, _ values: inout [String]) {
        columns.append(_StoreColumn(name: name, type: .strings, count: values.count, values: .strings(values)))
    }
}

enum _StorePayload: Sendable {
    case int32([Int32]), uint8([UInt8]), double([Double]), uint32([UInt32]), strings([String])
}

struct _StoreEntry: Sendable {
    var name: String
    var type: _StoreType
    var count: Int
    var offset: Int
    var length: Int
    var checksum: UInt64
}

struct _StoreReader: _StoreVisitor {
    let path: String
    var payloads: [String: _StorePayload] = [:]

    init(path: String) { self.path = path }

    /// The payload stored under `name`, unpacked by `extract`, or an error naming the column.
    func take<T>(_ name: String, _ extract: (_StorePayload) -> T?) throws(DatasetError) -> T {
        guard let payload = payloads[name], let values = extract(payload) else {
            throw DatasetError(path: path, reason: "the store has no column \(name) of the expected type (written by another version?)")
        }
        return values
    }
    mutating func int32(_ name: String, _ values: inout [Int32]) throws(DatasetError) {
        values = try take(name) { if case .int32(let v) = $0 { v } else { nil } }
    }
    mutating func uint8(_ name: String, _ values: inout [UInt8]) throws(DatasetError) {
        values = try take(name) { if case .uint8(let v) = $0 { v } else { nil } }
    }
    mutating func double(_ name: String, _ values: inout [Double]) throws(DatasetError) {
        values = try take(name) { if case .double(let v) = $0 { v } else { nil } }
    }
    mutating func uint32(_ name: String, _ values: inout [UInt32]) throws(DatasetError) {
        values = try take(name) { if case .uint32(let v) = $0 { v } else { nil } }
    }
    mutating func strings(_ name: String, _ values: inout [String]) throws(DatasetError) {
        values = try take(name) { if case .strings(let v) = $0 { v } else { nil } }
    }
}

/// Reads one column into its typed array and checks its checksum and internal consistency.
private func _readPayload(_ fd: Int32, _ entry: _StoreEntry, path: String) throws(DatasetError) -> _StorePayload {
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
                      codes(cases.assessmentType, count: Vocabulary.assessmentTypes.count), codes(cases.apprentice, count: 2),
                      text(cases.infoSource, rows: c), text(cases.withdrawalReason, rows: c) else { return "cases columns do not fit" }
                return nil
            }
            guard rows(reports.caseRow, below: c), sized(reports), codes(reports.document, count: Vocabulary.documents.count),
                  codes(reports.outcome, count: 2) else { return "reports columns do not fit" }
            let k = complaints.count
            guard identifiers(complaints.complaintIDs, rows: k), rows(complaints.provider, below: p),
                  rows(complaints.caseRow, below: c, allowMissing: true), sized(complaints) else {
                return "complaints columns do not fit"
            }
            let x = cancellations.count
            guard rows(cancellations.caseRow, below: c), sized(cancellations), codes(cancellations.by, count: 2),
                  text(cancellations.reason, rows: x) else { return "cancellations columns do not fit" }
            guard rows(recommendations.caseRow, below: c), text(recommendations.solution, rows: recommendations.count) else {
                return "recommendations columns do not fit"
            }
            let t = typeChanges.count
            guard rows(typeChanges.caseRow, below: c), sized(typeChanges), codes(typeChanges.from, count: 3),
                  codes(typeChanges.to, count: 3), text(typeChanges.reason, rows: t) else { return "type_changes columns do not fit" }
            let s = survey.count
            guard rows(survey.provider, below: p), sized(survey), codes(survey.satisfaction, count: 4),
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
