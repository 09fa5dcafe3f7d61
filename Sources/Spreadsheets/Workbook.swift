import _ATWUtilities

/// A spreadsheet workbook laid out as the Government Analysis Function asks for published tables.
///
/// Rule (the DocC article "Spreadsheets"): a cover sheet (title and one paragraph per entry of ``cover``),
/// a contents sheet (every sheet and what it holds), a notes sheet (every table's columns and what they
/// mean), then one table per sheet: a single header row of column names, frozen, then one row per record,
/// no blank rows, no merged cells. Cells are typed: a number is a number, a date a date, text is always a
/// string (never a formula, whatever its first character). ``xlsx()`` writes Office Open XML (SpreadsheetML),
/// ``ods()`` OpenDocument; both are deterministic (the same workbook gives the same bytes).
///
/// ```swift
/// var table = WorkbookTable(name: "holidays", title: "Bank holidays", columns: [
///     WorkbookColumn("date", .date, "The holiday"), WorkbookColumn("name", .text, "Its name")])
/// table.rows.append([.date(year: 2026, month: 12, day: 25), .text("Christmas Day")])
/// let book = Workbook(title: "Bank holidays 2026", cover: [("Source", "GOV.UK")], tables: [table])
/// let bytes = try book.xlsx()
/// ```
public struct Workbook: Sendable, Equatable {
    /// The cover sheet's title (cell A1) and the document title.
    public var title: String
    /// Cover paragraphs: a heading and its text, one row each.
    public var cover: [(heading: String, text: String)]
    /// The tables, one sheet each, in order.
    public var tables: [WorkbookTable]
    /// Notes about the whole workbook (such as the data quality of the run), the first rows of the notes sheet.
    public var notes: [(topic: String, text: String)] = []

    public init(title: String, cover: [(heading: String, text: String)], tables: [WorkbookTable]) {
        self.title = title
        self.cover = cover
        self.tables = tables
    }

    public static func == (a: Workbook, b: Workbook) -> Bool {
        a.title == b.title && a.tables == b.tables && a.cover.map(\.heading) == b.cover.map(\.heading)
            && a.cover.map(\.text) == b.cover.map(\.text) && a.notes.map(\.topic) == b.notes.map(\.topic)
            && a.notes.map(\.text) == b.notes.map(\.text)
    }

    /// The most rows a sheet holds, header included (both formats' limit).
    public static let maximumRows = 1_048_576
    /// The most columns a table may have here (SpreadsheetML allows 16,384; these tables have far fewer).
    public static let maximumColumns = 702
}

/// One table of a workbook: its sheet name, title, columns and rows.
public struct WorkbookTable: Sendable, Equatable {
    /// The sheet name: at most 31 characters, none of `[ ] : * ? / \`.
    public var name: String
    /// What the table holds, for the contents sheet.
    public var title: String
    public var columns: [WorkbookColumn]
    /// One array of cells per record, as many as there are columns.
    public var rows: [[WorkbookCell]]

    public init(name: String, title: String, columns: [WorkbookColumn], rows: [[WorkbookCell]] = []) {
        self.name = name
        self.title = title
        self.columns = columns
        self.rows = rows
    }
}

/// A column: its header (the CSV's column name), its kind, which sets the cells' number format, and its
/// meaning, for the notes sheet.
public struct WorkbookColumn: Sendable, Equatable {
    public var name: String
    public var kind: WorkbookColumnKind
    public var note: String

    public init(_ name: String, _ kind: WorkbookColumnKind, _ note: String) {
        self.name = name
        self.kind = kind
        self.note = note
    }
}

/// How a column's cells are typed and shown.
public enum WorkbookColumnKind: Sendable, Equatable {
    /// Strings.
    case text
    /// Whole numbers (format `0`).
    case integer
    /// Numbers shown as they are (the General format): counts that may hold a fraction (FTE).
    case number
    /// Numbers shown with this many decimals (`0.0000` for 4).
    case decimal(Int)
    /// Dates (format `yyyy-mm-dd`).
    case date
    /// Months: the month's first day, shown `yyyy-mm`.
    case month
    /// `TRUE` / `FALSE`.
    case boolean
}

/// One cell's value.
public enum WorkbookCell: Sendable, Equatable {
    case empty
    case text(String)
    case number(Double)
    case date(year: Int, month: Int, day: Int)
    case boolean(Bool)
}

/// A workbook that cannot be written: the table and the reason.
public struct WorkbookError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

extension Workbook {
    /// The sheets in order: cover, contents, notes, then the tables, each as a header and rows.
    func sheets() throws(WorkbookError) -> [_Sheet] {
        var names = Set(["Cover", "Contents", "Notes"])
        for table in tables {
            guard !table.name.isEmpty, table.name.count <= 31,
                  !table.name.contains(where: { "[]:*?/\\".contains($0) }) else {
                throw WorkbookError("sheet name \"\(table.name)\": 1 to 31 characters, none of [ ] : * ? / \\")
            }
            guard names.insert(table.name).inserted else { throw WorkbookError("sheet name \"\(table.name)\" is used twice") }
            guard table.rows.count + 1 <= Self.maximumRows else {
                throw WorkbookError("table \"\(table.name)\" has \(table.rows.count) rows; a sheet holds at most \(Self.maximumRows - 1) under its header: select fewer (--provider, --contract, --month) or write CSV")
            }
            guard table.columns.count <= Self.maximumColumns else {
                throw WorkbookError("table \"\(table.name)\" has \(table.columns.count) columns; at most \(Self.maximumColumns)")
            }
            for (i, row) in table.rows.enumerated() where row.count != table.columns.count {
                throw WorkbookError("table \"\(table.name)\" row \(i + 1) has \(row.count) cells for \(table.columns.count) columns")
            }
        }
        let text = WorkbookColumn("", .text, "")
        var cover = _Sheet(name: "Cover", columns: [text], widths: [110], header: false)
        cover.rows.append([.text(title)])
        for (heading, paragraph) in self.cover { cover.rows.append([.text(heading + ": " + paragraph)]) }
        cover.rows.append([.text("Contents: the Contents sheet lists every sheet; the Notes sheet explains every column.")])
        var contents = _Sheet(name: "Contents", columns: [WorkbookColumn("sheet", .text, ""), WorkbookColumn("contents", .text, ""),
                                                         WorkbookColumn("rows", .integer, "")], widths: [24, 80, 10], header: true)
        contents.rows.append([.text("Notes"), .text("What each column of each table means"),
                              .number(Double(tables.reduce(0) { $0 + $1.columns.count }))])
        for table in tables { contents.rows.append([.text(table.name), .text(table.title), .number(Double(table.rows.count))]) }
        var notes = _Sheet(name: "Notes", columns: [WorkbookColumn("sheet", .text, ""), WorkbookColumn("column", .text, ""),
                                                   WorkbookColumn("meaning", .text, "")], widths: [24, 24, 100], header: true)
        for note in self.notes { notes.rows.append([.text("(all)"), .text(note.topic), .text(note.text)]) }
        for table in tables {
            for column in table.columns { notes.rows.append([.text(table.name), .text(column.name), .text(column.note)]) }
        }
        var sheets = [cover, contents, notes]
        for table in tables {
            var sheet = _Sheet(name: table.name, columns: table.columns, widths: table.columns.map(Self.width), header: true)
            sheet.rows = table.rows
            sheets.append(sheet)
        }
        return sheets
    }

    /// Every count of decimals a `.decimal` column uses, ascending: one number style each.
    static func decimalPlaces(_ sheets: [_Sheet]) -> [Int] {
        Array(Set(sheets.flatMap { $0.columns.compactMap { c -> Int? in
            if case .decimal(let p) = c.kind { return p } else { return nil }
        } })).sorted()
    }

    /// A column's width in characters: its header or its kind's usual width, whichever is wider, at most 60.
    static func width(_ column: WorkbookColumn) -> Double {
        let kindWidth: Int
        switch column.kind {
        case .text: kindWidth = 16
        case .integer, .number: kindWidth = 10
        case .decimal(let places): kindWidth = 8 + places
        case .date: kindWidth = 12
        case .month: kindWidth = 9
        case .boolean: kindWidth = 8
        }
        return Double(min(60, max(kindWidth, column.name.count + 2)))
    }
}

/// A sheet as both writers lay it out.
struct _Sheet {
    var name: String
    var columns: [WorkbookColumn]
    var widths: [Double]
    /// Whether row 1 is a header of column names (frozen, bold).
    var header: Bool
    var rows: [[WorkbookCell]] = []
}

/// Days from 1899-12-30 (a spreadsheet's day 0) to a civil date, and the ISO text of it (the civil arithmetic
/// itself is `_ATWUtilities`').
extension _CivilDate {
    /// The spreadsheet serial number (1900 date system as Excel and LibreOffice read it, from 1900-03-01).
    static func serial(_ year: Int, _ month: Int, _ day: Int) -> Int { daysSinceEpoch(year, month, day) + 25_569 }

    static func iso(_ year: Int, _ month: Int, _ day: Int) -> String {
        func pad(_ n: Int, _ w: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }
}
