import WorkingDays

extension _FileDecoder {
    // MARK: One chunk

    /// Bytes per value of each column kind.
    @inline(__always)
    static func width(_ kind: UInt8) -> Int { kind == kBool || kind == kEnum ? 1 : kind == kDecimal ? 8 : 4 }

    /// Decodes one chunk's records into column storage (accepted rows only), rejecting the rows that break a
    /// field rule. Identifiers are kept as bytes with their hashes; duplicates are found at the merge.
    static func decodeChunk(
        _ bytes: UnsafeBufferPointer<UInt8>, _ chunk: _CSVChunk, plan: Plan, cases: _CaseLookup
    ) -> _DecodedChunk {
        plan.substitutes ? decodeChunk(bytes, chunk, plan: plan, cases: cases, layout: _DescribedLayout.self)
            : decodeChunk(bytes, chunk, plan: plan, cases: cases, layout: _CanonicalLayout.self)
    }

    /// ``decodeChunk(_:_:plan:cases:)`` specialised for a layout: the canonical one's copy has no substitution
    /// code at all (measured: the shared loop cost the canonical layout 3% more instructions).
    static func decodeChunk<Layout: _LayoutKind>(
        _ bytes: UnsafeBufferPointer<UInt8>, _ chunk: _CSVChunk, plan: Plan, cases: _CaseLookup, layout: Layout.Type
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
        let fieldCapacity = plan.headerCount + plan.constantSlots.count
        let fields = UnsafeMutableBufferPointer<_CSVField>.allocate(capacity: max(1, fieldCapacity))
        defer { fields.deallocate() }
        var scratch: [UInt8] = []
        /// Runs `body` on a field's text, with doubled quotes undone when it has any.
        func withText<R>(_ f: _CSVField, in bytes: UnsafeBufferPointer<UInt8> = bytes, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            guard f.hasEscapedQuotes else { return body(UnsafeBufferPointer(rebasing: bytes[f.start..<f.end])) }
            _ = _CSVScanner.unescaped(bytes, f, scratch: &scratch)
            return scratch.withUnsafeBufferPointer(body)
        }
        // A description's constants and mapped values, which stand in for a field's bytes.
        let side = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, plan.side.count))
        _ = side.initialize(from: plan.side)
        defer { side.deallocate() }
        let sideBytes = UnsafeBufferPointer(side)
        let substitutes = Layout.substitutes, separator = plan.separator
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
            // The comma's own specialisation of the scanner for the canonical layout.
            let record = separator == _CSVScanner.comma
                ? _CSVScanner.record(bytes, at: p, end: chunk.end, fields: fields, separator: _Comma())
                : _CSVScanner.record(bytes, at: p, end: chunk.end, fields: fields, separator: _Separator(byte: separator))
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
            if substitutes {
                // A described layout's fields lose their surrounding spaces (padded exports).
                if plan.trims {
                    for i in 0..<plan.headerCount {
                        var f = fields[i]
                        while f.start < f.end && (bytes[f.start] == 32 || bytes[f.start] == 9) { f.start += 1 }
                        while f.end > f.start && (bytes[f.end - 1] == 32 || bytes[f.end - 1] == 9) { f.end -= 1 }
                        fields[i] = f
                    }
                }
                // A description's constants fill their slots; mapped values stand in for the file's.
                for constant in plan.constantSlots {
                    fields[constant.slot] = _CSVField(start: constant.value.lowerBound, end: constant.value.upperBound, quoted: false,
                                                      hasEscapedQuotes: false, inSide: true)
                }
                for m in plan.valueMaps {
                    if let target = withText(fields[m.field], { Self.mapped($0, m.map) }) {
                        fields[m.field] = _CSVField(start: target.lowerBound, end: target.upperBound, quoted: false,
                                                    hasEscapedQuotes: false, inSide: true)
                    }
                }
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
                let source = substitutes && f.inSide ? sideBytes : bytes
                let value = UnsafeBufferPointer(rebasing: source[f.start..<f.end])
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
                case kDescribedDate:
                    guard let day = parseDate(value, format: plan.dateFormats[c]) else {
                        reject(plan.specs[c].name, "\(quoted(value)) is not a date (\(DateFormat.name(ofCode: plan.dateFormats[c])))"); continue rows
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
                    let fromFile = !(substitutes && f.inSide)
                    if fromFile && !f.hasEscapedQuotes && last.code >= 0
                        && _bytesEqual(UnsafeRawBufferPointer(bytes), f.start..<f.end, last.start..<last.end) {
                        column.storeBytes(of: last.code, toByteOffset: n &* 4, as: Int32.self)
                        continue
                    }
                    let problem: String? = withText(f, in: source) { text in
                        if let problem = textProblem(text) { return problem }
                        let code = dictionaries[c].intern(UnsafeRawBufferPointer(text)).code
                        column.storeBytes(of: code, toByteOffset: n &* 4, as: Int32.self)
                        previousText[c] = f.hasEscapedQuotes || !fromFile ? (0, 0, -1) : (f.start, f.end, code)
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
}

/// Whether a file's layout has substitutions (a description's constants or value maps), as a type, so the decoder
/// is compiled once for each.
protocol _LayoutKind { static var substitutes: Bool { get } }
enum _CanonicalLayout: _LayoutKind { static var substitutes: Bool { false } }
enum _DescribedLayout: _LayoutKind { static var substitutes: Bool { true } }
