import WorkingDays

/// Decodes one dataset file's bytes into typed columns, in parallel over chunks of records.
package enum _FileDecoder {
    // Column kinds as small codes for the hot loop.
    static let kDate: UInt8 = 0, kMonth: UInt8 = 1, kBool: UInt8 = 2, kEnum: UInt8 = 3, kText: UInt8 = 4
    static let kCount: UInt8 = 5, kDecimal: UInt8 = 6, kIdentifier: UInt8 = 7, kCaseRef: UInt8 = 8

    /// The column plan shared by all chunks.
    struct Plan: Sendable {
        var file: DatasetFile
        var specs: [ColumnSpec]
        var kinds: [UInt8]
        var fieldIndex: [Int]
        var required: [Bool]
        var enumValues: [[[UInt8]]]
        /// Per enumeration column: each value's ``enumKey(_:)`` (nil beyond 16 bytes), so the usual spelling
        /// matches by comparing two words.
        var enumKeys: [[_EnumKey?]] = []
        var headerCount: Int
        var identifierColumn: Int?
    }

    /// Decodes `bytes` (a whole file) as `file`; `cases` resolves `case_id` references.
    /// `chunks` forces the number of chunks (tests use it to prove results do not depend on it).
    package static func decode(
        _ file: DatasetFile, bytes: _FileBytes, path: String, cases: _CaseLookup, chunks: Int? = nil
    ) throws(DatasetError) -> _DecodedTable {
        try decode([(file, bytes, path)], cases: cases, chunks: chunks)[0]
    }

    /// A file whose header has been read and whose records have been split into chunks, ready to decode.
    struct Prepared: Sendable {
        var plan: Plan
        var chunks: [_CSVChunk]
    }

    /// Decodes several files (each whole, in memory) as one parallel job over all their chunks, so no core
    /// waits at the end of a file; the tables come back in the order of `files`. `chunks` forces the number
    /// of chunks per file.
    package static func decode(
        _ files: [(file: DatasetFile, bytes: _FileBytes, path: String)], cases: _CaseLookup, chunks forced: Int? = nil
    ) throws(DatasetError) -> [_DecodedTable] {
        var prepared: [Prepared] = []
        for f in files { prepared.append(try prepare(f.file, bytes: f.bytes, path: f.path, chunks: forced)) }
        let jobs = prepared.indices.flatMap { i in prepared[i].chunks.indices.map { (file: i, chunk: $0) } }
            .sorted { prepared[$0.file].chunks[$0.chunk].size > prepared[$1.file].chunks[$1.chunk].size }
        let buffers = files.map(\.bytes)
        let frozen = prepared
        let decoded: [_DecodedChunk] = _parallelMap(jobs.count) { j in
            let job = jobs[j], chunk = frozen[job.file].chunks[job.chunk]
            let decoded = decodeChunk(buffers[job.file].buffer, chunk, plan: frozen[job.file].plan, cases: cases)
            buffers[job.file].dropPages(chunk.start..<chunk.end)
            return decoded
        }
        var parts = prepared.map { [_DecodedChunk?](repeating: nil, count: $0.chunks.count) }
        for (j, job) in jobs.enumerated() { parts[job.file][job.chunk] = decoded[j] }
        return withExtendedLifetime(buffers) {
            prepared.indices.map { merge(parts[$0].map { $0! }, plan: prepared[$0].plan) }
        }
    }

    /// Reads the header of `file` and splits its records into chunks.
    static func prepare(
        _ file: DatasetFile, bytes: _FileBytes, path: String, chunks forced: Int?
    ) throws(DatasetError) -> Prepared {
        let buffer = bytes.buffer
        var start = 0
        if buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
        while let next = _CSVScanner.emptyLine(buffer, at: start, end: buffer.count) { start = next }
        guard start < buffer.count else { throw DatasetError(path: path, reason: "the file is empty: expected a header row") }

        // Header.
        var fields: [_CSVField] = []
        let header = _CSVScanner.record(buffer, at: start, end: buffer.count, fields: &fields)
        guard header.problem == .none else {
            throw DatasetError(path: path, reason: "line 1: the header row has broken quoting")
        }
        var scratch: [UInt8] = []
        var names: [String] = []
        for f in fields.prefix(header.fieldCount) {
            _ = _CSVScanner.unescaped(buffer, f, scratch: &scratch)
            let name = String(decoding: scratch, as: UTF8.self)
                .trimmingASCIIWhitespace().lowercased()
            if names.contains(name) && !name.isEmpty {
                throw DatasetError(path: path, reason: "line 1: column \"\(name)\" appears twice in the header")
            }
            names.append(name)
        }
        let specs = file.columns
        let missing = specs.filter { $0.required && !names.contains($0.name) }.map(\.name)
        guard missing.isEmpty else {
            throw DatasetError(path: path, reason: "line 1: missing required column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) (header has: \(names.joined(separator: ",")))")
        }
        var plan = Plan(
            file: file, specs: specs, kinds: [], fieldIndex: [], required: [], enumValues: [],
            headerCount: names.count, identifierColumn: nil)
        for (c, spec) in specs.enumerated() {
            plan.fieldIndex.append(names.firstIndex(of: spec.name) ?? -1)
            plan.required.append(spec.required)
            var values: [[UInt8]] = []
            switch spec.kind {
            case .date: plan.kinds.append(kDate)
            case .month: plan.kinds.append(kMonth)
            case .bool: plan.kinds.append(kBool)
            case .enumeration(let list): plan.kinds.append(kEnum); values = list.map { Array($0.utf8) }
            case .text: plan.kinds.append(kText)
            case .count: plan.kinds.append(kCount)
            case .decimal: plan.kinds.append(kDecimal)
            case .identifier: plan.kinds.append(kIdentifier); plan.identifierColumn = c
            case .caseReference: plan.kinds.append(kCaseRef)
            }
            plan.enumValues.append(values)
            plan.enumKeys.append(values.map { value in value.withUnsafeBufferPointer { enumKey($0) } })
        }

        let chunks = _CSVScanner.chunks(
            buffer, from: header.next, line: 1 + header.lineFeeds, count: forced ?? _workerCount * 4,
            minimumBytes: forced == nil ? 1 << 20 : 1, counted: { bytes.dropPages($0) })
        return Prepared(plan: plan, chunks: chunks)
    }

    // MARK: One chunk

    /// Bytes per value of each column kind.
    @inline(__always)
    static func width(_ kind: UInt8) -> Int { kind == kBool || kind == kEnum ? 1 : kind == kDecimal ? 8 : 4 }

    /// Decodes one chunk's records into column storage (accepted rows only), rejecting the rows that break a
    /// field rule. Identifiers are kept as bytes with their hashes; duplicates are found at the merge.
    static func decodeChunk(
        _ bytes: UnsafeBufferPointer<UInt8>, _ chunk: _CSVChunk, plan: Plan, cases: _CaseLookup
    ) -> _DecodedChunk {
        let columnCount = plan.specs.count
        let widths = plan.kinds.map(width)
        let storage = _ColumnStorage(widths: widths, capacity: chunk.lineFeeds + 1)
        var columns = storage.pointers
        var dictionaries = [_ByteStringTable](repeating: _ByteStringTable(capacity: 4), count: columnCount)
        var idHeap: [UInt8] = [], idOffsets: [Int] = [0], idHashes: [UInt64] = []
        if plan.identifierColumn != nil {
            idHeap.reserveCapacity(chunk.end - chunk.start)
            idOffsets.reserveCapacity(chunk.lineFeeds + 2)
            idHashes.reserveCapacity(chunk.lineFeeds + 1)
        }
        var lines: [Int32] = []
        lines.reserveCapacity(chunk.lineFeeds + 1)
        var rejections: [Rejection] = []
        var rejectedIdentifiers = _ByteStringTable()
        var rowsRead = 0
        let fieldCapacity = plan.headerCount
        let fields = UnsafeMutableBufferPointer<_CSVField>.allocate(capacity: max(1, fieldCapacity))
        defer { fields.deallocate() }
        var scratch: [UInt8] = []
        /// Runs `body` on a field's text, with doubled quotes undone when it has any.
        func withText<R>(_ f: _CSVField, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            guard f.hasEscapedQuotes else { return body(UnsafeBufferPointer(rebasing: bytes[f.start..<f.end])) }
            _ = _CSVScanner.unescaped(bytes, f, scratch: &scratch)
            return scratch.withUnsafeBufferPointer(body)
        }

        // Per text column: the previous row's field (byte range in the file) and its code. Files are often sorted
        // by provider, so a field that repeats the row above skips hashing.
        var previousText = [(start: Int, end: Int, code: Int32)](repeating: (0, 0, -1), count: columnCount)
        var n = 0  // accepted rows so far: the row being decoded is written at index n
        var previousCase = -1  // the decoded case row the last case_id matched
        var p = chunk.start
        var line = chunk.firstLine
        rows: while p < chunk.end {
            if let next = _CSVScanner.emptyLine(bytes, at: p, end: chunk.end) {
                p = next
                line += 1
                continue
            }
            let record = _CSVScanner.record(bytes, at: p, end: chunk.end, fields: fields)
            let rowLine = line
            line += record.lineFeeds
            p = record.next
            rowsRead += 1
            func reject(_ column: String, _ reason: String) {
                rejections.append(Rejection(file: plan.file, line: rowLine, column: column, reason: reason))
                if let id = plan.identifierColumn, record.problem == .none, plan.fieldIndex[id] < record.fieldCount {
                    _ = withText(fields[plan.fieldIndex[id]]) { rejectedIdentifiers.intern(UnsafeRawBufferPointer($0)) }
                }
            }
            if record.problem != .none {
                // Say which lines the broken record took, so no line disappears unexplained.
                let endedWithLineFeed = record.next > 0 && bytes[record.next - 1] == _CSVScanner.lf
                let lastLine = rowLine + record.lineFeeds - (endedWithLineFeed ? 1 : 0)
                let span = lastLine > rowLine ? " (the record spans lines \(rowLine)-\(lastLine))" : ""
                switch record.problem {
                case .textAfterClosingQuote: reject("", "malformed quoting: text after a closing quote" + span)
                case .quoteInsideUnquotedField: reject("", "malformed quoting: a quote inside an unquoted field" + span)
                case .unterminatedQuote: reject("", "malformed quoting: a quoted field is never closed" + span)
                case .none: break
                }
                continue rows
            }
            if record.fieldCount != plan.headerCount {
                reject("", "expected \(plan.headerCount) fields as in the header, found \(record.fieldCount)")
                continue rows
            }
            if n == storage.capacity {
                storage.grow(keeping: n)
                columns = storage.pointers
            }
            for c in 0..<columnCount {
                let fi = plan.fieldIndex[c]
                let kind = plan.kinds[c]
                let column = columns[c]
                if fi < 0 || fields[fi].start == fields[fi].end {
                    if plan.required[c] { reject(plan.specs[c].name, "missing required value"); continue rows }
                    switch kind {
                    case kBool, kEnum: column.storeBytes(of: _missing8, toByteOffset: n, as: UInt8.self)
                    case kDecimal: column.storeBytes(of: Double.nan, toByteOffset: n &* 8, as: Double.self)
                    default: column.storeBytes(of: _missing32, toByteOffset: n &* 4, as: Int32.self)
                    }
                    continue
                }
                let f = fields[fi]
                let value = UnsafeBufferPointer(rebasing: bytes[f.start..<f.end])
                // SAFETY (every store below): n < storage.capacity, and each column holds capacity values of its width.
                switch kind {
                case kDate:
                    guard let day = Day.parse(value) else {
                        reject(plan.specs[c].name, "\(quoted(value)) is not a date (YYYY-MM-DD)"); continue rows
                    }
                    guard WorkingDayCalendar.supports(day) else {
                        reject(plan.specs[c].name, "\(day) is outside the supported range 1995-01-01..2100-12-31"); continue rows
                    }
                    column.storeBytes(of: day.rawValue, toByteOffset: n &* 4, as: Int32.self)
                case kMonth:
                    guard let month = parseMonth(value) else {
                        reject(plan.specs[c].name, "\(quoted(value)) is not a month (YYYY-MM)"); continue rows
                    }
                    column.storeBytes(of: month.rawValue, toByteOffset: n &* 4, as: Int32.self)
                case kBool:
                    guard let b = parseBool(value) else {
                        reject(plan.specs[c].name, "\(quoted(value)) is not a boolean (true/false, yes/no, 1/0)"); continue rows
                    }
                    column.storeBytes(of: b ? 1 : 0, toByteOffset: n, as: UInt8.self)
                case kEnum:
                    guard let index = matchEnum(value, plan.enumValues[c], keys: plan.enumKeys[c]) else {
                        let allowed = plan.enumValues[c].map { String(decoding: $0, as: UTF8.self) }.joined(separator: ", ")
                        reject(plan.specs[c].name, "\(quoted(value)) is not one of \(allowed)"); continue rows
                    }
                    column.storeBytes(of: UInt8(truncatingIfNeeded: index), toByteOffset: n, as: UInt8.self)
                case kCount:
                    guard let count = parseCount(value) else {
                        reject(plan.specs[c].name, "\(quoted(value)) is not a whole number ≥ 0"); continue rows
                    }
                    column.storeBytes(of: count, toByteOffset: n &* 4, as: Int32.self)
                case kDecimal:
                    guard let x = parseDecimal(value) else {
                        reject(plan.specs[c].name, "\(quoted(value)) is not a number ≥ 0"); continue rows
                    }
                    column.storeBytes(of: x, toByteOffset: n &* 8, as: Double.self)
                case kText:
                    let last = previousText[c]
                    if !f.hasEscapedQuotes && last.code >= 0
                        && _bytesEqual(UnsafeRawBufferPointer(bytes), f.start..<f.end, last.start..<last.end) {
                        column.storeBytes(of: last.code, toByteOffset: n &* 4, as: Int32.self)
                        continue
                    }
                    let problem: String? = withText(f) { text in
                        if let problem = textProblem(text) { return problem }
                        let code = dictionaries[c].intern(UnsafeRawBufferPointer(text)).code
                        column.storeBytes(of: code, toByteOffset: n &* 4, as: Int32.self)
                        previousText[c] = f.hasEscapedQuotes ? (0, 0, -1) : (f.start, f.end, code)
                        return nil
                    }
                    if let problem { reject(plan.specs[c].name, problem); continue rows }
                case kIdentifier:
                    // Stored when the whole row is accepted (below).
                    if let problem = withText(f, textProblem) { reject(plan.specs[c].name, problem); continue rows }
                case kCaseRef:
                    guard let code = cases.ids.row(of: UnsafeRawBufferPointer(value), hint: previousCase) else {
                        if cases.rejectedIDs.code(of: UnsafeRawBufferPointer(value)) != nil {
                            reject(plan.specs[c].name, "case_id \(quoted(value)) was rejected in cases.csv"); continue rows
                        }
                        reject(plan.specs[c].name, "unknown case_id \(quoted(value))"); continue rows
                    }
                    previousCase = Int(code)
                    let caseRow = cases.rowOfCode[Int(code)]
                    guard caseRow >= 0 else {
                        reject(plan.specs[c].name, "case_id \(quoted(value)) was rejected in cases.csv"); continue rows
                    }
                    column.storeBytes(of: caseRow, toByteOffset: n &* 4, as: Int32.self)
                default:
                    preconditionFailure("unknown column kind")
                }
            }
            // Every field is valid: keep the identifier's bytes and hash for the merge.
            if let id = plan.identifierColumn {
                withText(fields[plan.fieldIndex[id]]) { text in
                    idHeap.append(contentsOf: text)
                    idOffsets.append(idHeap.count)
                    idHashes.append(_ByteStringTable.hash(UnsafeRawBufferPointer(text)))
                }
            }
            lines.append(Int32(rowLine))
            n += 1
        }
        return _DecodedChunk(
            storage: storage, rowCount: n, dictionaries: dictionaries,
            idHeap: idHeap, idOffsets: idOffsets, idHashes: idHashes,
            lines: lines, rejections: rejections, rowsRead: rowsRead, rejectedIdentifiers: rejectedIdentifiers)
    }

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

    // MARK: Field parsers

    static func quoted(_ value: UnsafeBufferPointer<UInt8>) -> String {
        let limit = 60
        var text = String(decoding: value.prefix(limit), as: UTF8.self)
        if value.count > limit { text += "…" }
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar == "\u{7F}" {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }

    static func parseBool(_ v: UnsafeBufferPointer<UInt8>) -> Bool? {
        func equals(_ word: StaticString) -> Bool {
            guard v.count == word.utf8CodeUnitCount else { return false }
            for i in 0..<v.count where lower(v[i]) != word.utf8Start[i] { return false }
            return true
        }
        if equals("true") || equals("yes") || equals("1") { return true }
        if equals("false") || equals("no") || equals("0") { return false }
        return nil
    }

    /// A field of at most 16 bytes as its length and two words: its first 8 bytes and its last 8 (overlapping
    /// when shorter than 16; one zero-padded word below 8), which together hold every byte.
    @inline(__always)
    static func enumKey(_ v: UnsafeBufferPointer<UInt8>) -> _EnumKey? {
        let n = v.count
        guard n <= 16, let base = v.baseAddress else { return nil }
        if n >= 8 {
            // SAFETY: both 8-byte loads lie inside the field's n >= 8 bytes.
            let raw = UnsafeRawPointer(base)
            return _EnumKey(length: n, first: raw.loadUnaligned(as: UInt64.self),
                            last: raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        }
        var word: UInt64 = 0
        for i in 0..<n { word |= UInt64(base[i]) << UInt64(8 * i) }
        return _EnumKey(length: n, first: word, last: 0)
    }

    /// As ``matchEnum(_:_:)``, comparing ``enumKey(_:)`` with the values' keys first.
    @inline(__always)
    static func matchEnum(_ v: UnsafeBufferPointer<UInt8>, _ values: [[UInt8]], keys: [_EnumKey?]) -> Int? {
        if let key = enumKey(v) {
            for i in keys.indices where keys[i] == key { return i }
        }
        return matchEnum(v, values)
    }

    static func matchEnum(_ v: UnsafeBufferPointer<UInt8>, _ values: [[UInt8]]) -> Int? {
        // Exact bytes first (the usual spelling), then without regard to ASCII case.
        for (index, candidate) in values.enumerated() where candidate.count == v.count {
            if candidate.withUnsafeBufferPointer({ $0.elementsEqual(v) }) { return index }
        }
        outer: for (index, candidate) in values.enumerated() where candidate.count == v.count {
            for i in 0..<v.count where lower(v[i]) != candidate[i] { continue outer }
            return index
        }
        return nil
    }

    static func parseCount(_ v: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard !v.isEmpty, v.count <= 9 else { return nil }
        var n: Int32 = 0
        for b in v {
            guard b >= 48 && b <= 57 else { return nil }
            n = n * 10 + Int32(b - 48)
        }
        return n
    }

    static func parseDecimal(_ v: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !v.isEmpty, v.count <= 24 else { return nil }
        var whole: Double = 0
        var i = 0
        var digits = 0
        while i < v.count && v[i] >= 48 && v[i] <= 57 { whole = whole * 10 + Double(v[i] - 48); i += 1; digits += 1 }
        var fraction: Double = 0, scale: Double = 1
        if i < v.count && v[i] == 46 {
            i += 1
            while i < v.count && v[i] >= 48 && v[i] <= 57 {
                fraction = fraction * 10 + Double(v[i] - 48); scale *= 10; i += 1; digits += 1
            }
        }
        guard i == v.count, digits > 0 else { return nil }
        return whole + fraction / scale
    }

    static func parseMonth(_ v: UnsafeBufferPointer<UInt8>) -> Month? {
        guard v.count == 7, v[4] == 45 else { return nil }
        var digits: [Int] = []
        for (i, b) in v.enumerated() where i != 4 {
            guard b >= 48 && b <= 57 else { return nil }
            digits.append(Int(b - 48))
        }
        let year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
        let month = digits[4] * 10 + digits[5]
        guard (1...12).contains(month), WorkingDayCalendar.supportedYears.contains(year) else { return nil }
        return Month(year: year, month: month)
    }

    /// Why a text cell cannot be stored: invalid UTF-8 or a NUL byte; `nil` when it is fine.
    static func textProblem(_ v: UnsafeBufferPointer<UInt8>) -> String? {
        // Eight bytes at a time: any byte with its high bit set (not ASCII) or equal to zero (NUL)?
        var ascii = true
        var i = 0
        if let base = v.baseAddress {
            let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, high: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= v.count {
                // SAFETY: i + 8 <= v.count, so the load stays inside the field.
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if (~(((w & low7) &+ low7) | w) & high) != 0 { break }  // a zero byte: finish byte by byte
                if w & high != 0 { ascii = false }
                i += 8
            }
        }
        while i < v.count {
            if v[i] == 0 { return "contains a NUL byte" }
            if v[i] >= 0x80 { ascii = false }
            i += 1
        }
        if ascii { return nil }
        var iterator = v.makeIterator()
        var decoder = Unicode.UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return nil
            case .error: return "is not valid UTF-8"
            }
        }
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}

/// See ``_FileDecoder/enumKey(_:)``.
struct _EnumKey: Sendable, Equatable {
    var length: Int
    var first: UInt64
    var last: UInt64
}
