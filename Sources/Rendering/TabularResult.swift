import CaseData
import KPIEngine
import Spreadsheets
import WorkingDays
import _ATWUtilities

/// The formats a result is written in (`--format`).
public enum ResultFormat: String, CaseIterable, Sendable {
    case table, csv, json, html, xlsx, ods

    /// A spreadsheet workbook (binary, written to a file).
    public var isWorkbook: Bool { self == .xlsx || self == .ods }
}

/// One value of a result's row, typed: the CSV field, the JSON member and the workbook cell all come from it.
///
/// Rule: ``empty`` is an empty CSV field, JSON `null` and an empty cell; ``text(_:)`` a (guarded) CSV field, a
/// JSON string and a cell typed by its column's kind (a month column's `2026-09` is a date); ``integer(_:)``
/// a whole number everywhere; ``number(_:)`` a decimal already written by the one number formatter
/// (``formattedDecimal(_:places:)``) or an exact count: the CSV holds the text, JSON and the workbook the
/// number it reads as; ``bool(_:)`` `true`/`false`; ``custom(text:json:)`` a value whose JSON is not its
/// text (a list); ``band(code:label:fill:)`` a rating: its code in CSV and JSON, its label on its band's fill in
/// a workbook.
public enum ResultValue: Sendable, Equatable {
    case empty
    case text(String)
    case integer(Int)
    case number(String)
    case bool(Bool)
    case custom(text: String, json: JSONValue)
    /// A coded figure shown by a label: CSV and JSON write `code` (`3`, `A`, `Good`, `83.3333`), a table and a
    /// workbook `label` (`T3 Near Target`, `83.3%`), a workbook on `fill`, the colour of its band (a rating's).
    case band(code: String, label: String, fill: WorkbookFill?)

    /// A Cabinet Office tier or RAG status: its code (``Rating/description``), its label (``Rating/label``) and
    /// its band's fill; ``empty`` without a rating.
    public static func rating(_ rating: Rating?) -> ResultValue {
        rating.map { .band(code: $0.description, label: $0.label, fill: $0.fill) } ?? .empty
    }

    /// A notice rating: `Good` … `Other` everywhere, on its band's fill in a workbook.
    public static func rating(_ rating: NoticeRating) -> ResultValue {
        .band(code: rating.description, label: rating.description, fill: rating.fill)
    }

    /// A month as `YYYY-MM` text.
    public static func month(_ month: Month) -> ResultValue { .text(month.description) }
    /// A day as `YYYY-MM-DD` text.
    public static func date(_ day: Day) -> ResultValue { .text(day.iso) }
    /// A decimal number or ``empty``.
    public static func number(_ text: String?) -> ResultValue { text.map { .number($0) } ?? .empty }

    /// The value as the CSV and the terminal table write it (unguarded).
    public var text: String {
        switch self {
        case .empty: ""
        case .text(let s), .number(let s), .band(let s, _, _): s
        case .integer(let i): String(i)
        case .bool(let b): b ? "true" : "false"
        case .custom(let text, _): text
        }
    }

    /// The value as a terminal table shows it in a column of `kind`: a band by its label (`T3 Near Target`,
    /// `Amber`), a percentage (`.percent(p)`) to `p` decimals with its sign, rounded half up from the figure's
    /// digits (`96.8750` → `96.9%`), anything else as the CSV writes it. CSV and JSON keep the exact figure.
    public func tableText(_ kind: WorkbookColumnKind) -> String {
        switch self {
        case .band(_, let label, _): return label
        case .number(let s), .text(let s):
            // A percentage written as text (SPC's figures, strings in its JSON) is shown the same way.
            if case .percent(let places) = kind, let rounded = _roundedDecimalText(s, places: places) { return rounded + "%" }
            return s
        default: return text
        }
    }

    /// The value as a JSON member.
    public var json: JSONValue {
        switch self {
        case .empty: .null
        case .text(let s), .band(let s, _, _): .string(s)
        case .integer(let i): .int(i)
        case .number(let s): Double(s).map(JSONValue.double) ?? .null
        case .bool(let b): .bool(b)
        case .custom(_, let json): json
        }
    }

    /// The value as a workbook cell of a column of `kind` (``WorkbookTable/cell(_:_:guarded:)``'s rule; a band
    /// is its label on its fill; a whole count in a column of counts that may be FTE, `.number`, is shown whole,
    /// `0`).
    public func cell(_ kind: WorkbookColumnKind) -> WorkbookCell {
        switch self {
        case .empty: .empty
        case .integer(let i) where kind == .number: .styled(.number(Double(i)), WorkbookCellStyle(kind: .integer))
        case .integer(let i): WorkbookTable.cell(String(i), kind, guarded: false)
        case .number(let s): WorkbookTable.cell(s, kind == .text ? .number : kind, guarded: false)
        case .bool(let b): .boolean(b)
        case .text(let s), .custom(let s, _): WorkbookTable.cell(s, kind, guarded: false)
        case .band(_, let label, let fill): .filled(.text(label), fill)
        }
    }
}

/// One column of a result: its name (the CSV header and, unless `jsonKey` says otherwise, the JSON key), its
/// kind (the workbook's cell type and number format: `.percent` for a rate, whose CSV field is in points
/// 0-100), its note (the workbook's notes sheet and `--help`), the layouts it appears in, and its workbook
/// header (``header``: the name in words).
public struct ResultColumn: Sendable, Equatable {
    /// The layouts a column appears in.
    public struct Uses: OptionSet, Sendable, Equatable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// The CSV and the workbook.
        public static let csv = Uses(rawValue: 1)
        public static let json = Uses(rawValue: 2)
        /// The default terminal table.
        public static let table = Uses(rawValue: 4)
        public static let all: Uses = [.csv, .json, .table]
    }

    public var name: String
    public var kind: WorkbookColumnKind
    public var note: String
    public var uses: Uses
    /// The JSON member's key when it is not `name` (the calendar's `title`, GOV.UK's word).
    public var jsonKey: String?
    /// The terminal table's header when it is not `name` (`provider` for `provider_id`).
    public var tableHeader: String?
    /// The workbook's header when the rule of ``header`` does not give the right words.
    public var workbookHeader: String?

    public init(_ name: String, _ kind: WorkbookColumnKind, _ note: String, _ uses: Uses = .all, jsonKey: String? = nil,
                tableHeader: String? = nil, workbookHeader: String? = nil) {
        self.name = name
        self.kind = kind
        self.note = note
        self.uses = uses
        self.jsonKey = jsonKey
        self.tableHeader = tableHeader
        self.workbookHeader = workbookHeader
    }

    /// The column in a terminal table: its header, numbers right-aligned.
    public var textColumn: TextTable.Column {
        switch kind {
        case .integer, .number, .decimal, .percent: TextTable.Column(tableHeader ?? name, alignment: .right)
        default: TextTable.Column(tableHeader ?? name)
        }
    }

    /// The workbook's header: ``workbookHeader``, else the name in words.
    ///
    /// Rule: underscores become spaces, the first word is capitalised, and abbreviations are upper case (`id`,
    /// `kpi`, `fte`, `mi`, `pmir`, `spc`, `rag`, `mae`, `ewma`): `provider_id` is `Provider ID`, `target_met`
    /// `Target met`, `rolling_3_if_missed` `Rolling 3 if missed`.
    public var header: String {
        if let workbookHeader { return workbookHeader }
        let abbreviations: Set<Substring> = ["id", "kpi", "fte", "mi", "pmir", "spc", "rag", "mae", "ewma", "ha", "mhss"]
        return name.split(separator: "_").enumerated().map { i, word in
            if abbreviations.contains(word) { return word.uppercased() }
            return i == 0 ? word.prefix(1).uppercased() + word.dropFirst() : String(word)
        }.joined(separator: " ")
    }

    /// The key of the column's JSON member.
    public var key: String { jsonKey ?? name }

    /// The workbook's column: its header in words, the CSV's name beside it on the notes sheet.
    public var workbookColumn: WorkbookColumn { WorkbookColumn(header, kind, note, field: name) }
}

extension Array where Element == ResultColumn {
    /// The columns the CSV and the workbook write.
    public var tabular: [ResultColumn] { filter { $0.uses.contains(.csv) } }

    /// The CSV header line (without its line end): `date,name`.
    public var csvHeader: String { tabular.map(\.name).joined(separator: ",") }

    /// The columns for `--help`: a line per column, `- name: note`, with the layouts a column is limited to and
    /// its JSON key when it differs.
    public var helpText: String {
        map { column in
            var remarks: [String] = []
            if column.uses != .all {
                let names: [(ResultColumn.Uses, String)] = [(.csv, "CSV/workbook"), (.json, "JSON"), (.table, "table")]
                remarks.append(names.filter { column.uses.contains($0.0) }.map(\.1).joined(separator: ", ") + " only")
            }
            if let key = column.jsonKey { remarks.append("JSON key " + key) }
            return "- \(column.name)\(remarks.isEmpty ? "" : " (" + remarks.joined(separator: "; ") + ")"): \(column.note)"
        }.joined(separator: "\n")
    }

    /// `--help`'s paragraph: `CSV columns: a,b,c.` then every column with its note.
    public var help: String { "CSV columns: \(csvHeader).\n" + helpText }
}

/// One table of a result: its name and title (a workbook's sheet), its declared columns and its typed rows.
public struct ResultTable: Sendable, Equatable {
    public var name: String
    public var title: String
    public var columns: [ResultColumn]
    /// One value per column (JSON-only columns included), in column order.
    public var rows: [[ResultValue]]

    public init(name: String, title: String, columns: [ResultColumn], rows: [[ResultValue]] = []) {
        self.name = name
        self.title = title
        self.columns = columns
        self.rows = rows
    }

    /// Appends a row; it must have one value per column.
    public mutating func append(_ row: [ResultValue]) {
        precondition(row.count == columns.count, "row has \(row.count) values, table has \(columns.count) columns")
        rows.append(row)
    }

    /// The indices of the columns of a layout.
    func indices(_ use: ResultColumn.Uses) -> [Int] { columns.indices.filter { columns[$0].uses.contains(use) } }
    var tabularIndices: [Int] { indices(.csv) }

    /// The table as CSV (``CSVWriter``: RFC 4180, formula guard), header first.
    public func csv() -> String {
        let indices = tabularIndices
        var writer = CSVWriter(header: indices.map { columns[$0].name })
        for row in rows { writer.append(indices.map { row[$0].text }) }
        return writer.text
    }

    /// A row as a JSON object of its JSON columns, keyed by ``ResultColumn/key``; only those of `range` when
    /// given (a nested part).
    public func jsonObject(_ row: [ResultValue], columns range: Range<Int>? = nil) -> JSONValue {
        .object(indices(.json).filter { range?.contains($0) ?? true }.map { (columns[$0].key, row[$0].json) })
    }

    /// A row as a JSON object of the named columns, in that order.
    public func jsonObject(_ row: [ResultValue], names: [String]) -> JSONValue {
        .object(names.map { name in
            let i = columns.firstIndex { $0.name == name }!
            return (columns[i].key, row[i].json)
        })
    }

    /// Every row as a JSON object.
    public func jsonRows() -> [JSONValue] { rows.map { jsonObject($0) } }

    /// The table as a typed workbook table (CSV columns only).
    public func workbookTable() -> WorkbookTable {
        let indices = tabularIndices
        var table = WorkbookTable(name: name, title: title, columns: indices.map { columns[$0].workbookColumn })
        table.rows.reserveCapacity(rows.count)
        for row in rows { table.rows.append(indices.map { row[$0].cell(columns[$0].kind) }) }
        return table
    }

    /// The table for a terminal: every table column (or the named ones, in that order), numbers right-aligned,
    /// each value as ``ResultValue/tableText(_:)`` shows it (ratings by name, rates to one decimal);
    /// `rows` instead of all the table's rows (a month of them, ranked).
    public func textTable(_ names: [String]? = nil, rows chosen: [[ResultValue]]? = nil) -> TextTable {
        let indices = names.map { $0.map { name in columns.firstIndex { $0.name == name }! } } ?? indices(.table)
        var table = TextTable(columns: indices.map { columns[$0].textColumn })
        for row in chosen ?? rows { table.append(indices.map { row[$0].tableText(columns[$0].kind) }) }
        return table
    }

    /// The index of the column named `name`.
    public func column(_ name: String) -> Int { columns.firstIndex { $0.name == name }! }
}

/// A result the command line writes: its tables declared once (columns with names, kinds and notes; typed
/// rows) and the layouts every format derives from them.
///
/// The writers are generic: CSV is the first table (``ResultTable/csv()``), JSON an array of the first table's
/// rows keyed by column name, a workbook every table as a sheet after the cover (``PublishedResult``), the
/// terminal a ``TextTable`` of the first table. A result overrides a layout only to arrange the same declared
/// columns differently (the report's JSON wraps its rows with the as-of date; the report's terminal table pivots
/// windows across), never to name its columns again.
public protocol TabularResult: Sendable {
    /// What the workbook's cover says of the result.
    static var published: PublishedResult { get }
    /// Why a format cannot be written, or `nil` when it can (default: only the pack is HTML).
    static func refusal(_ format: ResultFormat) -> String?
    /// The format when none is asked for (default: `nil`, a table on a terminal and CSV elsewhere).
    static var defaultFormat: ResultFormat? { get }
    /// The result's tables, each with its declared columns.
    var tables: [ResultTable] { get }
    /// CSV (default: the first table's).
    func csv() -> String
    /// JSON (default: the first table's rows).
    func json() -> JSONValue
    /// The terminal text (default: the first table as a text table).
    func text() -> String
    /// The workbook's tables (default: every table).
    func workbookTables() -> [WorkbookTable]
    /// Lines for standard error when written in `format` (default: none).
    func warnings(_ format: ResultFormat) -> [String]
    /// The one-line summary of the command that writes it (default: the workbook's title).
    static var abstract: String { get }
    /// What `--help` says of the result before its columns.
    static var about: String { get }
    /// Each table's name and declared columns, for `--help` (a single table's name is empty).
    static var declaredColumns: [(table: String, columns: [ResultColumn])] { get }
}

extension TabularResult {
    public static func refusal(_ format: ResultFormat) -> String? {
        format == .html ? "--format html: only kpi report writes HTML (the CPR pack); use table, csv or json here" : nil
    }
    public static var defaultFormat: ResultFormat? { nil }
    public func csv() -> String { tables[0].csv() }
    public func json() -> JSONValue { .array(tables[0].jsonRows()) }
    public func text() -> String { tables[0].textTable().rendered() }
    public func workbookTables() -> [WorkbookTable] { tables.map { $0.workbookTable() } }
    public func warnings(_ format: ResultFormat) -> [String] { [] }
    public static var abstract: String { published.title }

    /// The command's `--help` discussion: ``about``, then every table's columns with their notes, from the same
    /// declarations the writers use.
    public static var help: String {
        let label = refusal(.csv) == nil ? "CSV columns" : "Columns"
        return about + "\n\n" + declaredColumns.map {
            ($0.table.isEmpty ? "" : $0.table + ":\n") + "\(label): \($0.columns.csvHeader).\n" + $0.columns.helpText
        }.joined(separator: "\n")
    }

    /// The result in a text format (table, csv, json; JSON with the run's provenance when given).
    public func rendered(_ format: ResultFormat, provenance: Provenance? = nil) -> String {
        switch format {
        case .csv: csv()
        case .json: json().adding(provenance).rendered()
        default: text()
        }
    }

    /// The result as a workbook: the cover from ``published`` and `context`, then its tables.
    public func workbook(_ context: PublicationContext) -> Workbook {
        Workbook(Self.published, context: context, tables: workbookTables())
    }

    /// The result in `format` as the bytes of `file` (or standard output): text, or a workbook. `context` (a
    /// workbook's cover, JSON's provenance) is asked for only when the format needs it.
    ///
    /// Throws ``ResultError`` when a workbook cannot be written (too many rows for a sheet), naming `file`.
    public func bytes(_ format: ResultFormat, file: String, context: () throws -> PublicationContext) throws -> [UInt8] {
        guard format.isWorkbook else { return Array(rendered(format, provenance: format == .json ? try context().provenance : nil).utf8) }
        let book = workbook(try context())
        do throws(WorkbookError) { return Array(format == .ods ? try book.ods() : try book.xlsx()) } catch {
            throw ResultError("\(file): \(error.description)")
        }
    }
}

/// A result the data cannot give (the trend fit failed, no backtest origin is over): the command line exits with
/// status 1 and prints the reason.
public struct ResultError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
