import WorkingDays
import _ATWUtilities

/// Decodes one dataset file's bytes into typed columns, in parallel over chunks of records.
package enum _FileDecoder {
    // Column kinds as small codes for the hot loop.
    static let kDate: UInt8 = 0, kMonth: UInt8 = 1, kBool: UInt8 = 2, kEnum: UInt8 = 3, kText: UInt8 = 4
    static let kCount: UInt8 = 5, kDecimal: UInt8 = 6, kIdentifier: UInt8 = 7, kCaseRef: UInt8 = 8
    /// A date written in a described format other than ISO (``Plan/dateFormats``), so ISO dates keep their own case.
    static let kDescribedDate: UInt8 = 9

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
        /// The field separator (`,` unless a description says otherwise).
        var separator: UInt8 = _CSVScanner.comma
        /// Per column: how a date is written (``DateFormat``'s code; 0 is ISO).
        var dateFormats: [UInt8] = []
        /// A description's constants: the field slot (after the header's fields) each fills, and its bytes in ``side``.
        var constantSlots: [(slot: Int, value: Range<Int>)] = []
        /// A description's value maps: the field each applies to, file values (lowercased, trimmed) to ranges of ``side``.
        var valueMaps: [(field: Int, map: [(key: [UInt8], value: Range<Int>)])] = []
        /// Constants' and mapped values' bytes, back to back.
        var side: [UInt8] = []
        /// Whether any column has a constant or a value map, or fields are trimmed (the canonical layout: none).
        var substitutes = false
        /// Whether fields are trimmed of surrounding spaces before they are read (a described layout).
        var trims = false
    }

    /// Decodes `bytes` (a whole file) as `file`; `cases` resolves `case_id` references.
    /// `chunks` forces the number of chunks (tests use it to prove results do not depend on it).
    package static func decode(
        _ file: DatasetFile, bytes: _FileBytes, path: String, layout: _FileLayout = .canonical, cases: _CaseLookup,
        chunks: Int? = nil
    ) throws(DatasetError) -> _DecodedTable {
        try decode([(file, bytes, path, layout)], cases: cases, chunks: chunks)[0]
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
        _ files: [(file: DatasetFile, bytes: _FileBytes, path: String, layout: _FileLayout)], cases: _CaseLookup,
        chunks forced: Int? = nil
    ) throws(DatasetError) -> [_DecodedTable] {
        var prepared: [Prepared] = []
        for f in files { prepared.append(try prepare(f.file, bytes: f.bytes, path: f.path, layout: f.layout, chunks: forced)) }
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
        _ file: DatasetFile, bytes: _FileBytes, path: String, layout: _FileLayout = .canonical, chunks forced: Int?
    ) throws(DatasetError) -> Prepared {
        let buffer = bytes.buffer
        var start = 0
        if buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
        if buffer.count >= 2 && ((buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF)) {
            throw DatasetError(path: path, reason: "the file is UTF-16 text, which is not read: save it as CSV UTF-8 (or give its encoding in dataset.json)")
        }
        if let problem = _unreadableText(UnsafeBufferPointer(rebasing: buffer[0..<min(buffer.count, 1 << 16)])) {
            throw DatasetError(path: path, reason: problem)
        }
        // Lines above the header row (titles) are skipped; line numbers stay physical.
        var headerLine = 1
        while headerLine < layout.headerRow, start < buffer.count {
            while start < buffer.count && buffer[start] != _CSVScanner.lf { start += 1 }
            start += 1
            headerLine += 1
        }
        while start < buffer.count, let next = _CSVScanner.emptyLine(buffer, at: start, end: buffer.count) { start = next; headerLine += 1 }
        guard start < buffer.count else { throw DatasetError(path: path, reason: "the file is empty: expected a header row") }

        // Header.
        var fields: [_CSVField] = []
        let header = _CSVScanner.record(buffer, at: start, end: buffer.count, fields: &fields, separator: layout.separator)
        guard header.problem == .none else {
            throw DatasetError(path: path, reason: "line \(headerLine): the header row has broken quoting")
        }
        var scratch: [UInt8] = []
        var names: [String] = []
        for f in fields.prefix(header.fieldCount) {
            _ = _CSVScanner.unescaped(buffer, f, scratch: &scratch)
            let name = String(decoding: scratch, as: UTF8.self)
                .trimmingASCIIWhitespace().lowercased()
            if names.contains(name) && !name.isEmpty {
                throw DatasetError(path: path, reason: "line \(headerLine): column \"\(name)\" appears twice in the header")
            }
            names.append(name)
        }
        let specs = file.columns
        /// The header a schema column is read from.
        func source(_ spec: ColumnSpec) -> String {
            (layout.columns[spec.name]?.from ?? spec.name).trimmingASCIIWhitespace().lowercased()
        }
        let missing = specs.filter { $0.required && !names.contains(source($0)) && layout.columns[$0.name]?.constant == nil }
        guard missing.isEmpty else {
            let list = missing.map { source($0) == $0.name ? $0.name : "\($0.name) (from \"\(source($0))\")" }
            throw DatasetError(path: path, reason: "line \(headerLine): missing required column\(missing.count > 1 ? "s" : "") \(list.joined(separator: ", ")) (header has: \(names.joined(separator: ",")))"
                + _headerHint(names: names, specs: specs, separator: layout.separator))
        }
        var plan = Plan(
            file: file, specs: specs, kinds: [], fieldIndex: [], required: [], enumValues: [],
            headerCount: names.count, identifierColumn: nil)
        plan.separator = layout.separator
        plan.trims = layout.trims
        plan.substitutes = layout.trims
        for (c, spec) in specs.enumerated() {
            let described = layout.columns[spec.name]
            plan.dateFormats.append(described?.format?.code ?? 0)
            if let constant = described?.constant, !constant.isEmpty {
                // A constant fills a field slot after the header's, set before each row is decoded.
                let slot = names.count + plan.constantSlots.count
                plan.fieldIndex.append(slot)
                plan.constantSlots.append((slot, plan.side.count..<plan.side.count + constant.utf8.count))
                plan.side += Array(constant.utf8)
                plan.substitutes = true
            } else {
                plan.fieldIndex.append(described?.constant != nil ? -1 : names.firstIndex(of: source(spec)) ?? -1)
            }
            var map: [(key: [UInt8], value: Range<Int>)] = []
            for (key, value) in (described?.values ?? [:]).sorted(by: { $0.key < $1.key }) {
                map.append((Array(key.trimmingASCIIWhitespace().lowercased().utf8), plan.side.count..<plan.side.count + value.utf8.count))
                plan.side += Array(value.utf8)
            }
            if !map.isEmpty, let field = plan.fieldIndex.last, field >= 0, field < names.count {
                plan.valueMaps.append((field, map))
                plan.substitutes = true
            }
            plan.required.append(spec.required)
            var values: [[UInt8]] = []
            switch spec.kind {
            case .date: plan.kinds.append(described?.format.map { $0 == .iso } == false ? kDescribedDate : kDate)
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
            buffer, from: header.next, line: headerLine + header.lineFeeds, count: forced ?? _workerCount * 4,
            minimumBytes: forced == nil ? 1 << 20 : 1, counted: { bytes.dropPages($0) })
        return Prepared(plan: plan, chunks: chunks)
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
