import Foundation
import WorkingDays
import _ATWUtilities

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
            let writer = try _FileWriter.creating(staging)
            do throws(DatasetError) {
                try writer.append(prefix)
                var written = prefix.count
                for (i, column) in collector.columns.enumerated() {
                    try writer.append([UInt8](repeating: 0, count: offsets[i] - written))
                    try column.withBytes { raw in Result { () throws(DatasetError) in try writer.append(raw) } }.get()
                    written = offsets[i] + lengths[i]
                }
            } catch {
                try? writer.close()
                throw error
            }
            try writer.finish()
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
            // Every size read from the file is checked before it is used: one beyond Int is a damaged directory.
            guard let nameLength = d.uint16(), let name = d.string(Int(nameLength)), let type = d.uint8(),
                  let elementType = _StoreType(rawValue: type), let count = d.uint64().flatMap({ Int(exactly: $0) }),
                  let offset = d.uint64().flatMap({ Int(exactly: $0) }), let length = d.uint64().flatMap({ Int(exactly: $0) }),
                  let checksum = d.uint64() else {
                throw DatasetError(path: path, reason: "the store is truncated or its directory is corrupt")
            }
            entries.append(_StoreEntry(name: name, type: elementType, count: count, offset: offset,
                                       length: length, checksum: checksum))
        }
        let directoryEnd = d.position
        guard let directoryChecksum = d.uint64(),
              directoryChecksum == _checksum(Array(directoryBytes[0..<directoryEnd])) else {
            throw DatasetError(path: path, reason: "the store's directory is corrupt (checksum mismatch)")
        }
        for entry in entries {
            guard entry.offset >= 0, entry.length >= 0, entry.offset <= size, entry.length <= size - entry.offset else {
                throw DatasetError(path: path, reason: "the store is truncated or damaged: column \(entry.name) needs \(entry.length) bytes from offset \(entry.offset), the file has \(size)")
            }
            // A string takes at least its 4-byte length: a count no length can hold is refused before anything is
            // allocated for it.
            if entry.type == .strings {
                guard entry.count <= entry.length / 4 else {
                    throw DatasetError(path: path, reason: "column \(entry.name) is corrupt (\(entry.count) strings cannot fit in \(entry.length) bytes)")
                }
            } else {
                let expected = entry.count.multipliedReportingOverflow(by: entry.type.elementSize)
                guard !expected.overflow && entry.length == expected.partialValue else {
                    throw DatasetError(path: path, reason: "column \(entry.name) is corrupt (length does not match its count)")
                }
            }
        }
        let directoryEntries = entries
        // Each column is checked against its declared domain by the task that read it, while it is in cache.
        let counts = Dictionary(entries.map { ($0.name, $0.count) }, uniquingKeysWith: { a, _ in a })
        let sizes = _StoreColumnChecks.sizes(counts), checks = _StoreColumnChecks.byName
        let payloads: [Result<_StorePayload, DatasetError>] = _parallelMap(entries.count) { i in
            do throws(DatasetError) {
                let payload = try _readPayload(fd, directoryEntries[i], path: path)
                if let problem = checks[directoryEntries[i].name]?(payload, sizes, counts) {
                    return .failure(DatasetError(path: path, reason: "the store is inconsistent: \(problem)"))
                }
                return .success(payload)
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

extension DatasetStore {
    /// Rewrites every checksum of the store in `bytes` to match its bytes, so that a fuzzed store's damage reaches
    /// the checks behind the checksums (a store from a faulty writer); `false` when the directory cannot be parsed.
    /// For the fuzz harness only.
    package static func _reseal(_ bytes: inout [UInt8]) -> Bool {
        guard bytes.count >= 16, Array(bytes[0..<8]) == magic else { return false }
        var cursor = _ByteCursor(bytes, at: 12)
        guard let columnCount = cursor.uint32(), columnCount < 10_000 else { return false }
        var d = _ByteCursor(bytes, at: 16)
        for _ in 0..<columnCount {
            guard let nameLength = d.uint16(), d.take(Int(nameLength)) != nil, d.uint8() != nil, d.uint64() != nil,
                  let offset = d.uint64().flatMap({ Int(exactly: $0) }), let length = d.uint64().flatMap({ Int(exactly: $0) }),
                  d.position + 8 <= bytes.count else { return false }
            if offset >= 0, length >= 0, offset <= bytes.count, length <= bytes.count - offset {
                let sum = _checksum(Array(bytes[offset..<(offset + length)]))
                for i in 0..<8 { bytes[d.position + i] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i))) }
            }
            d.position += 8
        }
        guard d.position + 8 <= bytes.count else { return false }
        let sum = _checksum(Array(bytes[16..<d.position]))
        for i in 0..<8 { bytes[d.position + i] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i))) }
        return true
    }
}
