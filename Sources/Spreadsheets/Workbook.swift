import _ATWUtilities

/// A spreadsheet workbook laid out as the Government Analysis Function asks for published tables.
///
/// Rule (the DocC article "Spreadsheets"): a cover sheet (title and one paragraph per entry of ``cover``,
/// wrapped in one wide column), a contents sheet (every sheet and what it holds), a notes sheet (every table's
/// columns and what they mean; tables with the same columns share their notes), then one table per sheet: a
/// single header row of column names, frozen with the table's ``WorkbookTable/frozenColumns``, filtered, then
/// one row per record, no blank rows, no merged cells. Cells are typed: a number is a number, a percentage a
/// fraction shown `0.0%`, a date a date, text is always a string (never a formula, whatever its first
/// character); a cell may carry a fill (a rating's band). Every sheet prints landscape on A4, one page wide,
/// its header row repeated on each page. ``xlsx()`` writes Office Open XML (SpreadsheetML), ``ods()``
/// OpenDocument; both are deterministic (the same workbook gives the same bytes).
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
    /// How many leading columns stay in view when scrolling across (a wide sheet's row keys); 0 by default.
    public var frozenColumns: Int

    public init(name: String, title: String, columns: [WorkbookColumn], rows: [[WorkbookCell]] = [], frozenColumns: Int = 0) {
        self.name = name
        self.title = title
        self.columns = columns
        self.rows = rows
        self.frozenColumns = frozenColumns
    }
}

/// A column: its header, its kind, which sets the cells' number format, its meaning, for the notes sheet, and
/// the CSV's name of the same column when the header is in words (`Provider ID` for `provider_id`).
public struct WorkbookColumn: Sendable, Equatable {
    /// The header cell.
    public var name: String
    public var kind: WorkbookColumnKind
    public var note: String
    /// The column's name in the result's CSV when it is not ``name``; the notes sheet gives both.
    public var field: String?

    public init(_ name: String, _ kind: WorkbookColumnKind, _ note: String, field: String? = nil) {
        self.name = name
        self.kind = kind
        self.note = note
        self.field = field
    }
}

/// How a column's cells are typed and shown.
public enum WorkbookColumnKind: Sendable, Hashable {
    /// Strings.
    case text
    /// Whole numbers (format `0`).
    case integer
    /// Numbers shown as they are (the General format): counts that may hold a fraction (FTE).
    case number
    /// Numbers shown with this many decimals (`0.0000` for 4).
    case decimal(Int)
    /// Percentages: the cell holds the fraction (0.96875) and shows it with this many decimals and a percent
    /// sign (`0.0%` for 1: `96.9%`).
    case percent(Int)
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
    /// A cell shown unlike its column: in its own kind (a percentage among a return's mixed measures) and/or
    /// on a fill (a rating's band).
    indirect case styled(WorkbookCell, WorkbookCellStyle)

    /// `cell` on `fill` (itself when `fill` is `nil`).
    public static func filled(_ cell: WorkbookCell, _ fill: WorkbookFill?) -> WorkbookCell {
        fill.map { .styled(cell, WorkbookCellStyle(fill: $0)) } ?? cell
    }
}

/// How one cell departs from its column: its own kind (number format), its fill, or both.
public struct WorkbookCellStyle: Sendable, Hashable {
    public var kind: WorkbookColumnKind?
    public var fill: WorkbookFill?

    public init(kind: WorkbookColumnKind? = nil, fill: WorkbookFill? = nil) {
        self.kind = kind
        self.fill = fill
    }
}

/// A cell's background: four light tints from best to worst, each under black text at a contrast above 12:1,
/// for the bands of a rating (the label in the cell, or beside it, says the same in words).
///
/// Rule: ``green`` `#C6EFCE`, ``yellow`` `#FFF2CC`, ``amber`` `#FFD18C`, ``red`` `#FFB3B3`.
public enum WorkbookFill: Sendable, Hashable, CaseIterable {
    case green, yellow, amber, red

    /// The colour as six hex digits (`C6EFCE`).
    package var rgb: String {
        switch self {
        case .green: "C6EFCE"
        case .yellow: "FFF2CC"
        case .amber: "FFD18C"
        case .red: "FFB3B3"
        }
    }
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
        var cover = _Sheet(name: "Cover", columns: [text], widths: [110], wrapped: [true], header: false)
        cover.rows.append([.text(title)])
        for (heading, paragraph) in self.cover { cover.rows.append([.text(heading + ": " + paragraph)]) }
        cover.rows.append([.text("Contents: the Contents sheet lists every sheet; the Notes sheet explains every column.")])
        var contents = _Sheet(name: "Contents", columns: [WorkbookColumn("Sheet", .text, ""), WorkbookColumn("Contents", .text, ""),
                                                         WorkbookColumn("Rows", .integer, "")], widths: [24, 80, 10],
                              wrapped: [true, true, false], header: true)
        contents.rows.append([.text("Notes"), .text("What each column of each table means"),
                              .number(Double(tables.reduce(0) { $0 + $1.columns.count }))])
        for table in tables { contents.rows.append([.text(table.name), .text(table.title), .number(Double(table.rows.count))]) }
        var notes = _Sheet(name: "Notes", columns: [WorkbookColumn("Sheet", .text, ""), WorkbookColumn("Column", .text, ""),
                                                   WorkbookColumn("CSV name", .text, ""), WorkbookColumn("Meaning", .text, "")],
                           widths: [24, 24, 20, 90], wrapped: [true, true, true, true], header: true)
        for note in self.notes { notes.rows.append([.text("(all)"), .text(note.topic), .empty, .text(note.text)]) }
        // Consecutive tables with the same columns (a sheet per window) share their notes.
        var groups: [(names: [String], columns: [WorkbookColumn])] = []
        for table in tables {
            if let last = groups.last, last.columns == table.columns { groups[groups.count - 1].names.append(table.name) }
            else { groups.append(([table.name], table.columns)) }
        }
        for group in groups {
            let sheets = group.names.joined(separator: ", ")
            for column in group.columns {
                notes.rows.append([.text(sheets), .text(column.name), column.field.map(WorkbookCell.text) ?? .empty, .text(column.note)])
            }
        }
        var sheets = [cover, contents, notes]
        for table in tables {
            let widths = table.columns.indices.map { c in Self.width(table.columns[c], sample: table.rows.prefix(200).map { $0[c] }) }
            var sheet = _Sheet(name: table.name, columns: table.columns, widths: widths,
                               wrapped: table.columns.map { _ in false }, header: true)
            sheet.frozenColumns = min(table.frozenColumns, table.columns.count)
            sheet.filtered = true
            sheet.rows = table.rows
            sheets.append(sheet)
        }
        return sheets
    }

    /// A column's width in characters: its header, its kind's usual width or (text) its longest text among the
    /// first rows (`sample`), whichever is widest, at most 60.
    static func width(_ column: WorkbookColumn, sample: [WorkbookCell] = []) -> Double {
        var longest = 0
        if column.kind == .text {
            for var cell in sample {
                while case .styled(let inner, _) = cell { cell = inner }
                if case .text(let text) = cell { longest = max(longest, text.count + 1) }
            }
        }
        let kindWidth: Int
        switch column.kind {
        case .text: kindWidth = 16
        case .integer, .number: kindWidth = 10
        case .decimal(let places): kindWidth = 8 + places
        case .percent(let places): kindWidth = 7 + places
        case .date: kindWidth = 12
        case .month: kindWidth = 9
        case .boolean: kindWidth = 8
        }
        return Double(min(60, max(kindWidth, column.name.count + 2, longest)))
    }
}

/// A sheet as both writers lay it out.
struct _Sheet {
    var name: String
    var columns: [WorkbookColumn]
    var widths: [Double]
    /// Whether each column's text wraps within its width (the cover's paragraphs, the notes).
    var wrapped: [Bool]
    /// Whether row 1 is a header of column names (frozen, bold, repeated on each printed page).
    var header: Bool
    /// Leading columns frozen beside the header row.
    var frozenColumns = 0
    /// Whether the header row carries filter buttons over the table.
    var filtered = false
    var rows: [[WorkbookCell]] = []

    /// The lines a row's wrapped text takes: for each wrapped text cell, each of its lines over the column's
    /// width in characters (rounded up); the most of any cell, at least 1.
    func lines(_ row: [WorkbookCell]) -> Int {
        var most = 1
        for (c, cell) in row.enumerated() where wrapped[c] {
            guard case .text(let text) = resolve(cell, column: c).value else { continue }
            let perLine = max(1, Int(widths[c]))
            let count = text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { $0 + max(1, ($1.count + perLine - 1) / perLine) }
            most = max(most, count)
        }
        return most
    }

    /// The range of the header and rows as `A1:M540`.
    var usedRange: String {
        "A1:" + Workbook.columnLetters(max(columns.count, 1) - 1) + String(rows.count + (header ? 1 : 0))
    }
}

/// The print set-up of every sheet, in both formats: A4 landscape, one page wide (as many pages down as the rows
/// need), narrow margins, the sheet's name in the page header and `Page n of m` in the footer.
enum _Print {
    /// Margins in centimetres: left and right, top and bottom, header and footer.
    static let sideMargin = 1.0, endMargin = 1.5, headerMargin = 0.6
    /// The height of a line of 11 pt Arial in points, for rows of wrapped text.
    static let lineHeight = 14.5
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
