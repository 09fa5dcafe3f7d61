import Foundation
import ZIPFoundation

/// A workbook that cannot be read: what and where, naming the part of the package.
///
/// Rule: the reason names the file or the zip part and, inside a sheet, the row or cell, for example
/// `xl/worksheets/sheet1.xml: unterminated element near row 17`.
public struct SpreadsheetReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// One non-empty cell's value as read from a sheet.
///
/// Rule: strings (shared, inline, or a formula's string result) are ``text(_:)``; numbers are ``number(_:)``
/// unless the cell's number format shows a date or a time, then ``date(_:)`` with the serial in the 1900 date
/// system (a 1904 workbook's serials already moved by 1,462 days); a formula gives its cached result.
///
/// ```swift
/// // <c r="B2" s="1"><v>45383</v></c>, style 1 formatted yyyy-mm-dd:
/// SheetCell.date(45383)   // 2024-04-01; see XLSXWorkbookReader.serialToCivil
/// ```
public enum SheetCell: Sendable, Equatable {
    /// A shared string, an inline string (`t="inlineStr"`) or a formula's string result (`t="str"`).
    case text(String)
    /// A plain number.
    case number(Double)
    /// A number whose cell style is a date or time format, or an ISO 8601 date cell (`t="d"`): the serial day
    /// in the 1900 date system, the fraction being the time of day.
    case date(Double)
    /// `t="b"`.
    case bool(Bool)
    /// `t="e"`, for example `#N/A`.
    case error(String)
}

/// Reads an Office Open XML workbook (`.xlsx`): its sheet names, then any sheet's rows, streamed.
///
/// Rule: opening reads the small parts whole (the workbook, its relationships, the styles and the shared
/// strings); ``readSheet(named:_:)`` decompresses the sheet in chunks and hands over one row at a time, so
/// memory holds the shared strings and one row, never the sheet. Bad input of any kind throws
/// ``SpreadsheetReadError``; nothing traps.
///
/// ```swift
/// let reader = try XLSXWorkbookReader(path: "returns.xlsx")
/// try reader.readSheet(named: reader.sheetNames.first) { row, cells in
///     for (column, value) in cells { print(XLSXWorkbookReader.columnLetters(column), row, value) }
/// }
/// ```
public struct XLSXWorkbookReader: Sendable {
    /// The file read.
    public let path: String
    /// The sheets' names, in workbook order.
    public var sheetNames: [String] { sheets.map(\.name) }
    /// Whether the workbook counts days from 1904 (old Mac Excel); serials read are moved to the 1900 system.
    public let uses1904DateSystem: Bool

    /// Each sheet's name and zip part.
    let sheets: [(name: String, part: String)]
    /// The shared string table.
    let sharedStrings: [String]
    /// For each cell style (`s`), whether its number format shows a date or time.
    let dateStyles: [Bool]

    /// The most rows a sheet may have (SpreadsheetML's limit): a larger row number throws.
    public static let maximumRows = 1_048_576
    /// The most columns a sheet may have (SpreadsheetML's limit, A to XFD): a column past XFD throws.
    public static let maximumColumns = 16_384

    /// Opens the workbook at `path`: reads its sheet list, date system, styles and shared strings.
    public init(path: String) throws(SpreadsheetReadError) {
        self.path = path
        let archive = try Self.openArchive(path)
        let parts = try _WorkbookParts(archive: archive)
        sheets = parts.sheets
        uses1904DateSystem = parts.uses1904DateSystem
        sharedStrings = parts.sharedStrings
        dateStyles = parts.dateStyles
    }

    /// Streams the rows of the sheet called `name` (nil: the first sheet) to `body`, in order.
    ///
    /// Rule: `row` is the 1-based row number (the row's `r`, else one more than the last); `cells` holds
    /// (0-based column, value) for every cell with a value, in column order; rows without one are skipped.
    /// The array is reused between calls: copy what you keep. An error thrown by `body` stops reading and is
    /// rethrown as it is; anything wrong with the workbook throws ``SpreadsheetReadError``.
    ///
    /// ```swift
    /// try reader.readSheet(named: "Data") { row, cells in
    ///     if row == 1 { header = cells.map { "\($0.value)" } }
    /// }
    /// ```
    public func readSheet(named name: String?, _ body: (_ row: Int, _ cells: [(column: Int, value: SheetCell)]) throws -> Void) throws {
        guard let sheet = name.map({ name in sheets.first { $0.name == name } }) ?? sheets.first else {
            let list = sheets.map { "\"\($0.name)\"" }.joined(separator: ", ")
            if let name { throw SpreadsheetReadError("\(path): no sheet named \"\(name)\"; the sheets are \(list)") }
            throw SpreadsheetReadError("\(path): the workbook has no sheets")
        }
        let archive = try Self.openArchive(path)
        guard let entry = archive[sheet.part] else {
            throw SpreadsheetReadError("\(path): sheet \"\(sheet.name)\" has no part \(sheet.part) in the package")
        }
        var parser = _SheetParser(part: sheet.part, sharedStrings: sharedStrings, dateStyles: dateStyles,
                                  dateOffset: uses1904DateSystem ? 1462 : 0)
        var bodyError: (any Error)?
        var produced = 0
        let limit = Int(clamping: entry.uncompressedSize)
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: false) { data in
                produced += data.count
                // The inflater trusts the stream, not the sizes: stop a part that inflates past its declared size.
                guard limit == 0 || produced <= limit else { throw SpreadsheetReadError("\(sheet.part): inflates past its declared size of \(limit) bytes") }
                try parser.feed(data) { row, cells in
                    do { try body(row, cells) } catch { bodyError = error; throw error }
                }
            }
        } catch {
            if let bodyError { throw bodyError }
            if let error = error as? SpreadsheetReadError { throw error }
            throw SpreadsheetReadError("\(sheet.part): cannot be decompressed (\(error))")
        }
        try parser.finish()
    }

    /// The letters of a 0-based column: 0 is `A`, 25 `Z`, 26 `AA`, 16,383 `XFD`; empty for a negative index.
    public static func columnLetters(_ index: Int) -> String {
        index < 0 ? "" : Workbook.columnLetters(index)
    }

    static func openArchive(_ path: String) throws(SpreadsheetReadError) -> Archive {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw SpreadsheetReadError("\(path): no such readable file")
        }
        do {
            return try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw SpreadsheetReadError("\(path): not an xlsx workbook (not a readable zip file: \(error))")
        }
    }
}
