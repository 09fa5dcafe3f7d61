/// Reads the start of a foreign text file into a ``FileSample``: its encoding, delimiter and header row, with
/// the evidence for each (what `kpi describe` shows for review).
package enum _TextSniffer {
    /// The sample of a text file whose first bytes (at most a few MB) are `bytes`.
    ///
    /// Rule: the encoding is UTF-8 when the bytes start with its byte-order mark or are valid UTF-8, else
    /// Windows-1252 when every byte is defined there, else ISO 8859-1; a UTF-16 byte-order mark is refused. The
    /// delimiter is the one of `,` `;` tab `|` that gives the same number of fields (above 1) on the most records,
    /// more fields breaking a tie. The header is the first of the first 50 records with that number of fields
    /// whose cells are all non-empty, else the first with the most non-empty cells (title lines above it are
    /// skipped). Cells are read with RFC 4180 quoting and trimmed of spaces;
    /// a last record without a line end and with fewer fields than the header is taken as cut off and dropped.
    /// E.g. `Cases extract\r\nCase ID;Type\r\nC1;Virtual\r\n` in Windows-1252 → delimiter `;`, header row 2.
    package static func sniff(_ bytes: [UInt8], fileName: String, maxRows: Int = 2000) throws(DatasetError) -> FileSample {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw DatasetError(path: fileName, reason: "UTF-16 text is not read: save the file as CSV UTF-8 (or Windows-1252)")
        }
        if let problem = _unreadableText(bytes.prefix(1 << 16)) { throw DatasetError(path: fileName, reason: problem) }
        let (encoding, scalars, encodingNote) = decode(bytes, lines: 2 * (maxRows + 50))
        var notes = [encodingNote]

        // Delimiter: the most consistent field count above 1 over the first records.
        let probeLimit = maxRows + 20
        var best: (byte: UInt8, fields: Int, lines: Int, of: Int)?
        var counts: [(byte: UInt8, fields: Int)] = []
        for (byte, _) in DatasetDescription.delimiters {
            let records = parse(scalars, delimiter: byte, limit: probeLimit)
            var frequency: [Int: Int] = [:]
            for record in records { frequency[record.cells.count, default: 0] += 1 }
            let mode = frequency.max { ($0.value, $0.key) < ($1.value, $1.key) } ?? (key: 1, value: 0)
            counts.append((byte, mode.key))
            if mode.key > 1, best.map({ (mode.value, mode.key) > ($0.lines, $0.fields) }) ?? true {
                best = (byte, mode.key, mode.value, records.count)
            }
        }
        let delimiter = best?.byte ?? 44
        if let best {
            let others = counts.filter { $0.byte != best.byte }.map { "\(spelling(of: $0.byte)) gives \($0.fields)" }
            let share = best.lines == best.of ? "all \(_grouped(best.of))" : "\(_grouped(best.lines)) of \(_grouped(best.of))"
            notes.append("\(spelling(of: best.byte)) gives \(best.fields) fields on \(share) sampled lines; " + others.joined(separator: ", "))
        } else {
            notes.append("no delimiter gives more than one field: ','")
        }

        // Header: the first record with the modal field count whose cells are all non-empty.
        var records = parse(scalars, delimiter: delimiter, limit: maxRows + 50, dropCut: true)
        let fields = best?.fields ?? 1
        let top = records.prefix(50).enumerated().filter { $0.element.cells.count == fields }
            .map { (index: $0.offset, filled: $0.element.cells.count(where: { !$0.isEmpty })) }
        // A header whose first cell alone is empty (an unnamed index column, as pandas writes) counts as filled.
        let headerIndex = top.first { $0.filled == fields || ($0.filled == fields - 1 && records[$0.index].cells.first == "") }?.index
            ?? top.max { ($0.filled, -$0.index) < ($1.filled, -$1.index) }?.index ?? 0
        guard headerIndex < records.count else {
            return FileSample(fileName: fileName, encoding: encoding, delimiter: delimiter, header: [], rows: [], notes: notes)
        }
        let header = records[headerIndex]
        if headerIndex > 0 {
            let title = (records.first { $0.cells.contains { !$0.isEmpty } }?.cells ?? []).filter { !$0.isEmpty }.joined(separator: " ")
            let above = header.line == 2 ? "the line above it has" : "the \(header.line - 1) lines above it have"
            notes.append("header on line \(header.line): \(above) fewer fields or empty cells (e.g. \(_quotedText(title)))")
        }
        if let last = records.last, last.cut, last.cells.count < header.cells.count { records.removeLast() }
        let rows = records[(headerIndex + 1)...].lazy.map(\.cells).filter { $0.contains { !$0.isEmpty } }.prefix(maxRows)
        return FileSample(fileName: fileName, encoding: encoding, delimiter: delimiter, headerRow: header.line,
                          header: header.cells, rows: Array(rows), notes: notes)
    }

    /// The encoding of `bytes`, the text of its first `lines` lines decoded with it, and the evidence.
    static func decode(_ bytes: [UInt8], lines: Int) -> (TextEncoding, [Unicode.Scalar], String) {
        var end = 0, lineEnds = 0
        while end < bytes.count, lineEnds < lines {
            if bytes[end] == 0x0A { lineEnds += 1 }
            end += 1
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return (.utf8, utf8Scalars(bytes[3..<max(3, end)]), "UTF-8: a UTF-8 byte-order mark")
        }
        // Invalid UTF-8 positions, ignoring a sequence cut off by the end of the sample.
        var invalid: [(line: Int, byte: UInt8)] = []
        var line = 1, i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0x0A { line += 1 }
                i += 1
                continue
            }
            let length = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0
            if length == 0 { invalid.append((line, b)); i += 1; continue }
            if i + length > bytes.count, bytes[(i + 1)...].allSatisfy({ $0 & 0xC0 == 0x80 }) { break }
            // The second byte's narrower ranges rule out overlong forms, surrogates and code points above U+10FFFF.
            let second: ClosedRange<UInt8> = b == 0xE0 ? 0xA0...0xBF : b == 0xED ? 0x80...0x9F : b == 0xF0 ? 0x90...0xBF : b == 0xF4 ? 0x80...0x8F : 0x80...0xBF
            if i + 1 < bytes.count, second.contains(bytes[i + 1]),
               (2..<length).allSatisfy({ i + $0 < bytes.count && bytes[i + $0] & 0xC0 == 0x80 }) {
                i += length
            } else {
                invalid.append((line, b)); i += 1
            }
        }
        guard let first = invalid.first else { return (.utf8, utf8Scalars(bytes[..<end]), "UTF-8: the sample is valid UTF-8") }
        let badLines = Set(invalid.map(\.line)).count
        let seen = "bytes not valid as UTF-8 on \(_grouped(badLines)) line\(badLines == 1 ? "" : "s") (e.g. \(hex(first.byte)) on line \(first.line))"
        // ISO 8859-1 only when no byte of 0x80-0x9F reads as Windows-1252 punctuation (€, curly quotes, dashes): a file
        // with both is Windows-1252 with a damaged byte, which ingest then names by its line.
        let undefinedCount = bytes.reduce(0) { $0 + (windows1252Undefined.contains($1) ? 1 : 0) }
        let punctuation = bytes.contains { $0 >= 0x80 && $0 <= 0x9F && !windows1252Undefined.contains($0) }
        if undefinedCount > 0, let undefined = bytes.firstIndex(where: { windows1252Undefined.contains($0) }), !punctuation {
            return (.latin1, bytes[..<end].map { Unicode.Scalar($0) },
                    seen + "; \(hex(bytes[undefined])) is not defined in Windows-1252: ISO 8859-1")
        }
        if let undefined = bytes.firstIndex(where: { windows1252Undefined.contains($0) }) {
            return (.windows1252, bytes[..<end].map(windows1252Scalar),
                    seen + ", Windows-1252 punctuation among them: Windows-1252, though \(hex(bytes[undefined])) (\(undefinedCount) byte\(undefinedCount == 1 ? "" : "s")) is not a Windows-1252 character: ingest will name its line")
        }
        return (.windows1252, bytes[..<end].map(windows1252Scalar), seen + ", all defined in Windows-1252: Windows-1252")
    }

    /// The bytes of Windows-1252 that are not defined.
    static let windows1252Undefined: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]

    /// One Windows-1252 byte as a character (an undefined byte as itself, as ISO 8859-1 reads it).
    static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
        guard byte >= 0x80, byte <= 0x9F, let scalar = Unicode.Scalar(_windows1252High[Int(byte) - 0x80]), scalar.value != 0 else {
            return Unicode.Scalar(byte)
        }
        return scalar
    }

    static func utf8Scalars(_ bytes: ArraySlice<UInt8>) -> [Unicode.Scalar] {
        Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
    }

    /// One record: its cells, the physical line it starts on (from 1), and whether the text ended inside it.
    struct Record {
        var cells: [String]
        var line: Int
        var cut: Bool
    }

    /// At most `limit` records of `text` read with RFC 4180 quoting: a field that starts with `"` (after spaces)
    /// runs to the next lone `"`, `""` in it is one `"`; lines end at `\n`, `\r\n` or `\r`. With `dropCut`, a
    /// last record the text ends inside is marked `cut`.
    static func parse(_ text: [Unicode.Scalar], delimiter: UInt8, limit: Int, dropCut: Bool = false) -> [Record] {
        let separator = Unicode.Scalar(delimiter)
        var records: [Record] = []
        var cells: [String] = [], cell = String.UnicodeScalarView(), quoted = false, inQuotes = false
        var line = 1, start = 1, i = 0
        func endCell() {
            cells.append(String(cell).trimmingSpaces)
            cell = String.UnicodeScalarView(); quoted = false
        }
        while i < text.count, records.count < limit {
            let c = text[i]
            i += 1
            if inQuotes {
                if c == "\"" {
                    if i < text.count, text[i] == "\"" { cell.append("\""); i += 1 } else { inQuotes = false }
                } else {
                    if c == "\n" || (c == "\r" && (i >= text.count || text[i] != "\n")) { line += 1 }
                    cell.append(c)
                }
            } else if c == separator {
                endCell()
            } else if c == "\n" || c == "\r" {
                if c == "\r", i < text.count, text[i] == "\n" { i += 1 }
                endCell()
                records.append(Record(cells: cells, line: start, cut: false))
                cells = []; line += 1; start = line
            } else if c == "\"", !quoted, String(cell).allSatisfy({ $0 == " " }) {
                cell = String.UnicodeScalarView(); quoted = true; inQuotes = true
            } else if !(quoted && c == " ") {
                cell.append(c)
            }
        }
        if records.count < limit, !cells.isEmpty || !cell.isEmpty || quoted {
            endCell()
            records.append(Record(cells: cells, line: start, cut: dropCut))
        }
        return records
    }

    static func spelling(of delimiter: UInt8) -> String { delimiter == 9 ? "tab" : "'\(Character(Unicode.Scalar(delimiter)))'" }
    static func hex(_ byte: UInt8) -> String { "0x" + String(byte, radix: 16, uppercase: true) }
}

extension String {
    /// The text without leading and trailing spaces.
    var trimmingSpaces: String {
        guard let first = firstIndex(where: { $0 != " " }), let last = lastIndex(where: { $0 != " " }) else { return "" }
        return String(self[first...last])
    }
}

/// A count of rows: `1 row`, `4,210 rows`.
func _rows(_ n: Int) -> String { _grouped(n) + (n == 1 ? " row" : " rows") }

/// A count with thousands separators: `4210` → `4,210`.
func _grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, d) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(d)
    }
    return n < 0 ? "-" + out : out
}

/// Why the start of a text file cannot be read as delimited text at all, or `nil`: UTF-16 without a byte-order
/// mark (NUL bytes between ASCII), a spreadsheet in a binary or other zip format, lines that end with a carriage
/// return only.
func _unreadableText(_ start: some Collection<UInt8>) -> String? {
    let bytes = Array(start)
    if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
        return "an Excel 97-2003 workbook (.xls) is not read: save it as .xlsx or CSV"
    }
    if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
        return "a zip file (an .ods or other workbook) is not read as text: save it as .xlsx or CSV"
    }
    let nul = bytes.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
    if nul > 0 && nul * 4 >= bytes.count {
        return "the file looks like UTF-16 text (every other byte is NUL): save it as CSV UTF-8"
    }
    if !bytes.contains(0x0A) && bytes.contains(0x0D) {
        return "lines end with a carriage return only (an old Mac text file): save it with line feeds (LF or CRLF)"
    }
    return nil
}
