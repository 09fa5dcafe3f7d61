import WorkingDays
import _ATWUtilities

extension _FileDecoder {
    // MARK: Merge

    /// Joins chunk results in file order: one dictionary per text column, identifiers unique across the file
    /// (a later row repeating an earlier row's identifier is rejected as a duplicate).
    static func merge(_ parts: [_DecodedChunk], plan: Plan) -> _DecodedTable {
        let columnCount = plan.specs.count
        var rejections: [Rejection] = parts.flatMap(\.rejections)

        // Identifiers: one index over the whole file, built on all cores; duplicates dropped.
        var identifiers: _IdentifierIndex?
        var keep: [Bool]?  // by row over all chunks, only when some row is dropped
        let rowStarts = parts.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.rowCount) }
        let totalRows = rowStarts[rowStarts.count - 1]
        var lines: [Int32] = _parallelJoin(lengths: parts.map(\.rowCount)) { k, out in
            _ = out.initialize(from: parts[k].lines)
        }
        if let id = plan.identifierColumn {
            let heapStarts = parts.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.idHeap.count) }
            let heap: [UInt8] = _parallelJoin(lengths: parts.map(\.idHeap.count)) { k, out in
                _ = out.initialize(from: parts[k].idHeap)
            }
            let offsets: [Int] = _parallelJoin(lengths: [1] + parts.map(\.rowCount)) { k, out in
                if k == 0 { out.initializeElement(at: 0, to: 0); return }
                let part = parts[k - 1], base = heapStarts[k - 1]
                for i in 0..<part.rowCount { out.initializeElement(at: i, to: base + part.idOffsets[i + 1]) }
            }
            let hashes: [UInt64] = _parallelJoin(lengths: parts.map(\.rowCount)) { k, out in
                _ = out.initialize(from: parts[k].idHashes)
            }
            let (index, duplicates) = _IdentifierIndex.build(heap: heap, offsets: offsets, hashes: hashes)
            if !duplicates.isEmpty {
                var flags = [Bool](repeating: true, count: totalRows)
                let name = plan.specs[id].name
                for (row, first) in duplicates {
                    flags[row] = false
                    let text = heap.withUnsafeBufferPointer { quoted(UnsafeBufferPointer(rebasing: $0[offsets[row]..<offsets[row + 1]])) }
                    rejections.append(Rejection(
                        file: plan.file, line: Int(lines[row]), column: name,
                        reason: "duplicate \(name) \(text) (first on line \(lines[first]))"))
                }
                keep = flags
                lines = lines.indices.filter { flags[$0] }.map { lines[$0] }
            }
            identifiers = index.removingDuplicates(duplicates.map(\.row))
        }
        rejections.sort { $0.line < $1.line }

        // Text columns: one dictionary per column, and each chunk's codes mapped into it.
        var dictionaries = [_ByteStringTable](repeating: _ByteStringTable(capacity: 4), count: columnCount)
        var remaps = [[[Int32]]](repeating: [[Int32]](repeating: [], count: columnCount), count: parts.count)
        for c in 0..<columnCount where plan.kinds[c] == kText {
            for (k, part) in parts.enumerated() {
                let local = part.dictionaries[c]
                remaps[k][c] = local.heap.withUnsafeBytes { heap in
                    (0..<local.count).map { code in
                        let range = local.offsets[code]..<local.offsets[code + 1]
                        return dictionaries[c].intern(UnsafeRawBufferPointer(rebasing: heap[range])).code
                    }
                }
            }
        }

        // Columns, one per worker.
        let frozenRemaps = remaps, frozenKeep = keep, keptRows = lines.count
        let columns: [_ColumnValues] = _parallelMap(columnCount) { c in
            let kind = plan.kinds[c]
            switch kind {
            case kBool, kEnum:
                return .uint8(gather(parts, column: c, as: UInt8.self, keep: frozenKeep, rowStarts: rowStarts, total: keptRows) { v, _ in v })
            case kDecimal:
                return .double(gather(parts, column: c, as: Double.self, keep: frozenKeep, rowStarts: rowStarts, total: keptRows) { v, _ in v })
            case kIdentifier:
                return .int32((0..<Int32(keptRows)).map { $0 })
            case kText:
                return .int32(gather(parts, column: c, as: Int32.self, keep: frozenKeep, rowStarts: rowStarts, total: keptRows) { v, k in
                    v == _missing32 ? _missing32 : frozenRemaps[k][c][Int(v)]
                })
            default:
                return .int32(gather(parts, column: c, as: Int32.self, keep: frozenKeep, rowStarts: rowStarts, total: keptRows) { v, _ in v })
            }
        }
        var rejectedIdentifiers = _ByteStringTable()
        for part in parts {
            let ids = part.rejectedIdentifiers
            ids.heap.withUnsafeBytes { heap in
                for code in 0..<ids.count {
                    _ = rejectedIdentifiers.intern(UnsafeRawBufferPointer(rebasing: heap[ids.offsets[code]..<ids.offsets[code + 1]]))
                }
            }
        }
        return _DecodedTable(
            file: plan.file, specs: plan.specs, columns: columns, dictionaries: dictionaries,
            lines: lines, rejections: rejections, rowsRead: parts.reduce(0) { $0 + $1.rowsRead },
            rejectedIdentifiers: rejectedIdentifiers, identifiers: identifiers)
    }

    /// Column `c` of every chunk, back to back, through `transform(value, chunk)`, skipping rows `keep` drops.
    @inline(__always)
    static func gather<T: BitwiseCopyable>(
        _ parts: [_DecodedChunk], column c: Int, as type: T.Type, keep: [Bool]?, rowStarts: [Int], total: Int,
        _ transform: (T, Int) -> T
    ) -> [T] {
        return [T](unsafeUninitializedCapacity: total) { out, count in
            var i = 0
            for (k, part) in parts.enumerated() {
                // SAFETY: the chunk's column holds part.rowCount initialised values of T, and i stays below
                // total because rows are copied at most once each.
                let values = part.storage.pointers[c].assumingMemoryBound(to: T.self)
                if let keep {
                    for r in 0..<part.rowCount where keep[rowStarts[k] + r] {
                        out.initializeElement(at: i, to: transform(values[r], k))
                        i += 1
                    }
                } else {
                    for r in 0..<part.rowCount {
                        out.initializeElement(at: i, to: transform(values[r], k))
                        i += 1
                    }
                }
                part.storage.release(column: c)
            }
            count = i
        }
    }
}
