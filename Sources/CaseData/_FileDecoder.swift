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
        var headerCount: Int
        var identifierColumn: Int?
    }

    /// Decodes `bytes` (a whole file) as `file`; `cases` resolves `case_id` references.
    /// `chunks` forces the number of chunks (tests use it to prove results do not depend on it).
    package static func decode(
        _ file: DatasetFile, bytes: [UInt8], path: String, cases: _CaseLookup, chunks: Int? = nil
    ) throws(DatasetError) -> _DecodedTable {
        try bytes.withUnsafeBufferPointer { (buffer) throws(DatasetError) -> _DecodedTable in
            try decode(file, buffer: buffer, path: path, cases: cases, chunks: chunks)
        }
    }

    static func decode(
        _ file: DatasetFile, buffer: UnsafeBufferPointer<UInt8>, path: String, cases: _CaseLookup, chunks forced: Int?
    ) throws(DatasetError) -> _DecodedTable {
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
        for f in fields {
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
        }

        let chunks = _CSVScanner.chunks(
            buffer, from: header.next, line: 1 + header.lineFeeds, count: forced ?? _workerCount * 4,
            minimumBytes: forced == nil ? 1 << 20 : 1)
        nonisolated(unsafe) let shared = buffer
        let frozenPlan = plan
        let parts: [_DecodedTable] = _parallelMap(chunks.count) { k in
            decodeChunk(shared, chunks[k], plan: frozenPlan, cases: cases)
        }
        return merge(parts, plan: plan)
    }

    // MARK: One chunk

    static func decodeChunk(
        _ bytes: UnsafeBufferPointer<UInt8>, _ chunk: _CSVChunk, plan: Plan, cases: _CaseLookup
    ) -> _DecodedTable {
        let columnCount = plan.specs.count
        var int32s = [[Int32]](repeating: [], count: columnCount)
        var uint8s = [[UInt8]](repeating: [], count: columnCount)
        var doubles = [[Double]](repeating: [], count: columnCount)
        var dictionaries = [_ByteStringTable](repeating: _ByteStringTable(capacity: 4), count: columnCount)
        if let id = plan.identifierColumn {
            dictionaries[id] = _ByteStringTable(capacity: max(16, (chunk.end - chunk.start) / 64))
        }
        var lines: [Int32] = []
        var rejections: [Rejection] = []
        var rejectedIdentifiers = _ByteStringTable()
        var rowsRead = 0
        var fields: [_CSVField] = []
        fields.reserveCapacity(plan.headerCount + 1)
        var scratch: [UInt8] = []
        var row = [Int64](repeating: 0, count: columnCount)
        /// Runs `body` on a field's text, with doubled quotes undone when it has any.
        func withText<R>(_ f: _CSVField, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            guard f.hasEscapedQuotes else { return body(UnsafeBufferPointer(rebasing: bytes[f.start..<f.end])) }
            _ = _CSVScanner.unescaped(bytes, f, scratch: &scratch)
            return scratch.withUnsafeBufferPointer(body)
        }

        var p = chunk.start
        var line = chunk.firstLine
        rows: while p < chunk.end {
            if let next = _CSVScanner.emptyLine(bytes, at: p, end: chunk.end) {
                p = next
                line += 1
                continue
            }
            let record = _CSVScanner.record(bytes, at: p, end: chunk.end, fields: &fields)
            let rowLine = line
            line += record.lineFeeds
            p = record.next
            rowsRead += 1
            func reject(_ column: String, _ reason: String) {
                rejections.append(Rejection(file: plan.file, line: rowLine, column: column, reason: reason))
                if let id = plan.identifierColumn, record.problem == .none, plan.fieldIndex[id] < fields.count {
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
            if fields.count != plan.headerCount {
                reject("", "expected \(plan.headerCount) fields as in the header, found \(fields.count)")
                continue rows
            }
            for c in 0..<columnCount {
                let fi = plan.fieldIndex[c]
                let kind = plan.kinds[c]
                if fi < 0 || fields[fi].start == fields[fi].end {
                    if plan.required[c] { reject(plan.specs[c].name, "missing required value"); continue rows }
                    row[c] = kind == kBool || kind == kEnum ? Int64(_missing8)
                        : kind == kDecimal ? Int64(bitPattern: Double.nan.bitPattern) : Int64(_missing32)
                    continue
                }
                let f = fields[fi]
                let value = UnsafeBufferPointer(rebasing: bytes[f.start..<f.end])
                switch kind {
                case kDate:
                    guard let day = Day.parse(value) else {
                        reject(plan.specs[c].name, "\(quoted(value)) is not a date (YYYY-MM-DD)"); continue rows
                    }
                    guard WorkingDayCalendar.supports(day) else {
                        reject(plan.specs[c].name, "\(day) is outside the supported range 1995-01-01..2100-12-31"); continue rows
                    }
                    row[c] = Int64(day.rawValue)
                case kMonth:
                    guard let month = parseMonth(value) else {
                        reject(plan.specs[c].name, "\(quoted(value)) is not a month (YYYY-MM)"); continue rows
                    }
                    row[c] = Int64(month.rawValue)
                case kBool:
                    guard let b = parseBool(value) else {
                        reject(plan.specs[c].name, "\(quoted(value)) is not a boolean (true/false, yes/no, 1/0)"); continue rows
                    }
                    row[c] = b ? 1 : 0
                case kEnum:
                    guard let index = matchEnum(value, plan.enumValues[c]) else {
                        let allowed = plan.enumValues[c].map { String(decoding: $0, as: UTF8.self) }.joined(separator: ", ")
                        reject(plan.specs[c].name, "\(quoted(value)) is not one of \(allowed)"); continue rows
                    }
                    row[c] = Int64(index)
                case kCount:
                    guard let n = parseCount(value) else {
                        reject(plan.specs[c].name, "\(quoted(value)) is not a whole number ≥ 0"); continue rows
                    }
                    row[c] = Int64(n)
                case kDecimal:
                    guard let x = parseDecimal(value) else {
                        reject(plan.specs[c].name, "\(quoted(value)) is not a number ≥ 0"); continue rows
                    }
                    row[c] = Int64(bitPattern: x.bitPattern)
                case kText, kIdentifier:
                    let problem: String? = withText(f) { text in
                        if let problem = textProblem(text) { return problem }
                        if kind == kText {
                            row[c] = Int64(dictionaries[c].intern(UnsafeRawBufferPointer(text)).code)
                        } else if let existing = dictionaries[c].code(of: UnsafeRawBufferPointer(text)) {
                            return "duplicate \(plan.specs[c].name) \(quoted(text)) (first on line \(lines[Int(existing)]))"
                        }
                        return nil
                    }
                    if let problem { reject(plan.specs[c].name, problem); continue rows }
                case kCaseRef:
                    guard let code = cases.ids.code(of: UnsafeRawBufferPointer(value)) else {
                        if cases.rejectedIDs.code(of: UnsafeRawBufferPointer(value)) != nil {
                            reject(plan.specs[c].name, "case_id \(quoted(value)) was rejected in cases.csv"); continue rows
                        }
                        reject(plan.specs[c].name, "unknown case_id \(quoted(value))"); continue rows
                    }
                    let caseRow = cases.rowOfCode[Int(code)]
                    guard caseRow >= 0 else {
                        reject(plan.specs[c].name, "case_id \(quoted(value)) was rejected in cases.csv"); continue rows
                    }
                    row[c] = Int64(caseRow)
                default:
                    preconditionFailure("unknown column kind")
                }
            }
            // Every field is valid: intern the identifier (codes stay equal to row numbers) and append.
            if let id = plan.identifierColumn {
                row[id] = Int64(withText(fields[plan.fieldIndex[id]]) { dictionaries[id].intern(UnsafeRawBufferPointer($0)).code })
            }
            for c in 0..<columnCount {
                switch plan.kinds[c] {
                case kBool, kEnum: uint8s[c].append(UInt8(truncatingIfNeeded: row[c]))
                case kDecimal: doubles[c].append(Double(bitPattern: UInt64(bitPattern: row[c])))
                default: int32s[c].append(Int32(truncatingIfNeeded: row[c]))
                }
            }
            lines.append(Int32(rowLine))
        }
        var columns: [_ColumnValues] = []
        for c in 0..<columnCount {
            switch plan.kinds[c] {
            case kBool, kEnum: columns.append(.uint8(uint8s[c]))
            case kDecimal: columns.append(.double(doubles[c]))
            default: columns.append(.int32(int32s[c]))
            }
        }
        return _DecodedTable(
            file: plan.file, specs: plan.specs, columns: columns, dictionaries: dictionaries,
            lines: lines, rejections: rejections, rowsRead: rowsRead, rejectedIdentifiers: rejectedIdentifiers)
    }

    // MARK: Merge

    /// Joins chunk results in file order: one dictionary per text column, identifiers unique across chunks.
    static func merge(_ parts: [_DecodedTable], plan: Plan) -> _DecodedTable {
        let columnCount = plan.specs.count
        var dictionaries = [_ByteStringTable](repeating: _ByteStringTable(capacity: 4), count: columnCount)
        let totalRows = parts.reduce(0) { $0 + $1.rowCount }
        if let id = plan.identifierColumn { dictionaries[id] = _ByteStringTable(capacity: totalRows) }
        var remaps = [[[Int32]]](repeating: [], count: parts.count)
        for (k, part) in parts.enumerated() {
            remaps[k] = (0..<columnCount).map { c in
                guard plan.kinds[c] == kText else { return [] }
                let local = part.dictionaries[c]
                return local.heap.withUnsafeBytes { heap in
                    (0..<local.count).map { code in
                        let range = local.offsets[code]..<local.offsets[code + 1]
                        return dictionaries[c].intern(UnsafeRawBufferPointer(rebasing: heap[range])).code
                    }
                }
            }
        }
        var keepByPart: [[Bool]] = parts.map { [Bool](repeating: true, count: $0.rowCount) }
        var rejections: [Rejection] = []
        var lines: [Int32] = []
        lines.reserveCapacity(totalRows)
        var firstLineOfID: [Int32] = []
        for (k, part) in parts.enumerated() {
            if let id = plan.identifierColumn {
                let local = part.dictionaries[id]
                local.heap.withUnsafeBytes { heap in
                    for r in 0..<part.rowCount {
                        let range = local.offsets[r]..<local.offsets[r + 1]
                        let bytes = UnsafeRawBufferPointer(rebasing: heap[range])
                        let (code, inserted) = dictionaries[id].intern(bytes)
                        if inserted {
                            firstLineOfID.append(part.lines[r])
                        } else {
                            keepByPart[k][r] = false
                            let name = plan.specs[id].name
                            rejections.append(Rejection(
                                file: plan.file, line: Int(part.lines[r]), column: name,
                                reason: "duplicate \(name) \(quoted(UnsafeBufferPointer<UInt8>(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count))) (first on line \(firstLineOfID[Int(code)]))"))
                        }
                    }
                }
            }
            rejections += part.rejections
            for r in 0..<part.rowCount where keepByPart[k][r] { lines.append(part.lines[r]) }
        }
        var columns: [_ColumnValues] = []
        for c in 0..<columnCount {
            switch plan.kinds[c] {
            case kBool, kEnum:
                var out: [UInt8] = []
                out.reserveCapacity(lines.count)
                for (k, part) in parts.enumerated() {
                    guard case .uint8(let values) = part.columns[c] else { continue }
                    for r in values.indices where keepByPart[k][r] { out.append(values[r]) }
                }
                columns.append(.uint8(out))
            case kDecimal:
                var out: [Double] = []
                out.reserveCapacity(lines.count)
                for (k, part) in parts.enumerated() {
                    guard case .double(let values) = part.columns[c] else { continue }
                    for r in values.indices where keepByPart[k][r] { out.append(values[r]) }
                }
                columns.append(.double(out))
            default:
                var out: [Int32] = []
                out.reserveCapacity(lines.count)
                var nextID: Int32 = 0
                for (k, part) in parts.enumerated() {
                    guard case .int32(let values) = part.columns[c] else { continue }
                    let keep = keepByPart[k]
                    if plan.kinds[c] == kText {
                        let remap = remaps[k][c]
                        for r in values.indices where keep[r] {
                            out.append(values[r] == _missing32 ? _missing32 : remap[Int(values[r])])
                        }
                    } else if plan.kinds[c] == kIdentifier {
                        for r in values.indices where keep[r] { out.append(nextID); nextID += 1 }
                    } else {
                        for r in values.indices where keep[r] { out.append(values[r]) }
                    }
                }
                columns.append(.int32(out))
            }
        }
        rejections.sort { $0.line < $1.line }
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
            rejectedIdentifiers: rejectedIdentifiers)
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

    static func matchEnum(_ v: UnsafeBufferPointer<UInt8>, _ values: [[UInt8]]) -> Int? {
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
        var ascii = true
        for b in v {
            if b == 0 { return "contains a NUL byte" }
            if b >= 0x80 { ascii = false }
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
