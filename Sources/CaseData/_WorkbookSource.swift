import Foundation
import Spreadsheets
import WorkingDays

/// A workbook sheet turned into the CSV text the decoder reads, one line per sheet row, so that every rule and
/// every rejection is the same as for a CSV file and a rejection's line is the sheet's row.
///
/// Rule: rows before the header row are left out; each sheet row becomes the line of the same number (rows the
/// sheet skips become empty lines); a cell's value is written as the CSV text of the same meaning: text as it
/// is, a whole number without a decimal point, a boolean as `true`/`false`, an error value (`#N/A`) as its text
/// (so the row is rejected), and a date cell (or a plain number in a date column: an Excel serial number) as the
/// date in the column's declared format (`yyyy-mm-dd` when none), or `yyyy-mm` in a month column.
enum _WorkbookSource {
    struct Sheet {
        var csv: [UInt8]
        var sheet: String
        var columnPositions: [String: Int]
        /// The sheet row of each CSV line, when cells held line breaks (lines and rows then differ); else empty.
        var rowOfLine: [Int32]
    }

    static func read(path: String, sheet requested: String?, table: DatasetFile, columns: [String: ColumnDescription],
                     headerRow: Int) throws(DatasetError) -> Sheet {
        let reader: XLSXWorkbookReader
        do { reader = try XLSXWorkbookReader(path: path) } catch {
            throw DatasetError(path: path, reason: "cannot read the workbook: \(_withoutPath(error.reason, path))")
        }
        guard let sheetName = requested ?? reader.sheetNames.first else {
            throw DatasetError(path: path, reason: "the workbook has no sheets")
        }
        let specs = table.columns
        var csv: [UInt8] = []
        var line = 0  // CSV lines written
        var positions: [String: Int] = [:]
        // Per field position: 0 other, 1 date, 2 month; and the date format code for dates.
        var kindAt: [UInt8] = [], formatAt: [DateFormat] = []
        var headerWidth = 0
        // The sheet row of each physical CSV line, kept in case a cell holds a line break.
        var rowOfLine: [Int32] = []
        var embedded = 0  // line feeds inside cells so far
        func appendField(_ text: String) {
            if text.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
                csv.append(34)
                for b in text.utf8 {
                    if b == 34 { csv.append(34) }
                    if b == 10 { embedded += 1 }
                    csv.append(b)
                }
                csv.append(34)
            } else {
                csv.append(contentsOf: text.utf8)
            }
        }
        do {
            try reader.readSheet(named: sheetName) { row, cells in
                guard row >= headerRow else { return }
                while line < row - 1 {
                    csv.append(10)
                    line += 1
                    rowOfLine.append(Int32(line))
                }
                rowOfLine.append(Int32(row))
                let linesBefore = embedded
                if row == headerRow {
                    var names = [String](repeating: "", count: (cells.last?.column ?? -1) + 1)
                    for cell in cells { names[cell.column] = _text(of: cell.value) }
                    headerWidth = names.count
                    kindAt = [UInt8](repeating: 0, count: headerWidth)
                    formatAt = [DateFormat](repeating: .iso, count: headerWidth)
                    let normal = names.map { $0.trimmingASCIIWhitespace().lowercased() }
                    for spec in specs {
                        let header = (columns[spec.name]?.from ?? spec.name).trimmingASCIIWhitespace().lowercased()
                        guard let position = normal.firstIndex(of: header) else { continue }
                        positions[spec.name] = position
                        switch spec.kind {
                        case .date: kindAt[position] = 1; formatAt[position] = columns[spec.name]?.format ?? .iso
                        case .month: kindAt[position] = 2
                        default: break
                        }
                    }
                    for (i, name) in names.enumerated() {
                        if i > 0 { csv.append(44) }
                        appendField(name)
                    }
                } else {
                    var next = 0
                    for cell in cells {
                        while next < cell.column { if next > 0 { csv.append(44) }; next += 1 }
                        if next > 0 { csv.append(44) }
                        next += 1
                        let kind = cell.column < kindAt.count ? kindAt[cell.column] : 0
                        appendField(_text(of: cell.value, kind: kind, format: cell.column < formatAt.count ? formatAt[cell.column] : .iso))
                    }
                    // Every row has the header's fields (a row of more keeps them, and is rejected for it).
                    while next < headerWidth { if next > 0 { csv.append(44) }; next += 1 }
                }
                for _ in linesBefore..<embedded { rowOfLine.append(Int32(row)) }
                csv.append(10)
                line += 1
            }
        } catch let error as SpreadsheetReadError {
            throw DatasetError(path: path, reason: "cannot read sheet \"\(sheetName)\": \(_withoutPath(error.reason, path))")
        } catch {
            throw DatasetError(path: path, reason: "cannot read sheet \"\(sheetName)\": \(error)")
        }
        // Line breaks inside cells make CSV lines and sheet rows differ; the map is kept only then.
        return Sheet(csv: csv, sheet: sheetName, columnPositions: positions, rowOfLine: embedded > 0 ? rowOfLine : [])
    }

    /// A cell's value as CSV text (see the type's rule).
    static func _text(of value: SheetCell, kind: UInt8 = 0, format: DateFormat = .iso) -> String {
        switch value {
        case .text(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .error(let e): return e
        case .number(let x):
            if kind != 0 { return _date(serial: x, kind: kind, format: format) ?? _number(x) }
            return _number(x)
        case .date(let serial):
            return _date(serial: serial, kind: kind, format: format) ?? _number(serial)
        }
    }

    static func _number(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String(x)
    }

    static func _date(serial: Double, kind: UInt8, format: DateFormat) -> String? {
        guard let civil = XLSXWorkbookReader.serialToCivil(serial) else { return nil }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        let y = String(civil.year), m = two(civil.month), d = two(civil.day)
        if kind == 2 { return "\(y)-\(m)" }
        switch format {
        case .iso: return "\(y)-\(m)-\(d)"
        case .dayMonthYear: return "\(d)/\(m)/\(y)"
        case .monthDayYear: return "\(m)/\(d)/\(y)"
        case .dayMonthNameYear:
            let name = String(decoding: _monthNames[civil.month - 1].prefix(3), as: UTF8.self).capitalized
            return "\(d)-\(name)-\(y)"
        }
    }
}

extension _WorkbookSource {
    /// The first rows of every sheet of a workbook as samples for ``DatasetDescription/infer(_:knownContracts:)``: date cells as
    /// `yyyy-mm-dd` (or with their time), numbers as written by ``_number(_:)``; the header is the sheet's first row.
    static func samples(path: String, fileName: String, maxRows: Int) throws(DatasetError) -> [FileSample] {
        let reader: XLSXWorkbookReader
        do { reader = try XLSXWorkbookReader(path: path) } catch {
            throw DatasetError(path: path, reason: "cannot read the workbook: \(_withoutPath(error.reason, path))")
        }
        struct Enough: Error {}
        var samples: [FileSample] = []
        for sheet in reader.sheetNames {
            // The first rows, then the header: the first of the first 50 rows with the most non-empty cells (title
            // rows above it have fewer), as for a text file.
            var read: [(row: Int, cells: [String])] = []
            do {
                try reader.readSheet(named: sheet) { row, cells in
                    var values = [String](repeating: "", count: (cells.last?.column ?? -1) + 1)
                    for cell in cells { values[cell.column] = _text(of: cell.value, kind: 0).trimmingASCIIWhitespace() }
                    read.append((row, values))
                    if read.count >= maxRows + 50 { throw Enough() }
                }
            } catch is Enough {
            } catch let error as SpreadsheetReadError {
                throw DatasetError(path: path, reason: "cannot read sheet \"\(sheet)\": \(_withoutPath(error.reason, path))")
            } catch {
                throw DatasetError(path: path, reason: "cannot read sheet \"\(sheet)\": \(error)")
            }
            let top = read.prefix(50).map { $0.cells.count { !$0.isEmpty } }
            guard let most = top.max(), most > 0, let h = top.firstIndex(of: most) else { continue }
            var notes = ["sheet \"\(sheet)\" of the workbook, header on row \(read[h].row)"]
            if h > 0 { notes[0] += ": the rows above it have fewer cells (e.g. \(_quotedText(read[0].cells.first { !$0.isEmpty } ?? "")))" }
            let header = read[h].cells
            let rows = read[(h + 1)...].map { r in r.cells.count < header.count ? r.cells + [String](repeating: "", count: header.count - r.cells.count) : r.cells }
            samples.append(FileSample(fileName: fileName, sheet: sheet, isWorkbook: true, headerRow: read[h].row, header: header,
                                      rows: Array(rows.prefix(maxRows)), notes: notes))
        }
        return samples
    }
}

/// A reader's reason without the file's path before it (the error names the file once).
func _withoutPath(_ reason: String, _ path: String) -> String {
    reason.hasPrefix(path + ": ") ? String(reason.dropFirst(path.count + 2)) : reason
}
