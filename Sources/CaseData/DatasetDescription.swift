import Foundation

/// How a folder of foreign files maps onto the dataset's tables: `dataset.json` in the folder, or `--describe FILE`.
///
/// Rule (the DocC article "Reading a dataset"): each table the description names is read from its `file` (a CSV
/// file, or a sheet of an `.xlsx` workbook), with its delimiter, encoding and header row, each schema column taken
/// from the file's header named in `from`, or given one `constant` for every row, its dates read in `format`
/// and its values translated by `values` before they are checked. A table the description does not name is
/// read as the canonical layout (`<table>.csv`, else `<table>.xlsx`). Unknown members are an error (a typo must
/// not be ignored), except `evidence` and `comment`, which `kpi describe` writes for the person reviewing it.
///
/// ```json
/// {"tables": {"cases": {"file": "Cases extract.csv", "delimiter": ";", "encoding": "windows-1252",
///   "columns": {"case_id": {"from": "Case ID"},
///               "referral_received": {"from": "Referral Received", "format": "dd/mm/yyyy"},
///               "assessment_type": {"from": "Type", "values": {"Virtual": "virtual_standard"}},
///               "contract": {"constant": "atw-ha"}}}}}
/// ```
public struct DatasetDescription: Sendable, Equatable {
    /// The tables the description names; the others are read in the canonical layout.
    public var tables: [DatasetFile: TableDescription]

    public init(tables: [DatasetFile: TableDescription] = [:]) {
        self.tables = tables
    }

    /// The file name a description has in a dataset folder.
    public static let fileName = "dataset.json"
}

/// Where one table's rows come from and how its columns are read.
public struct TableDescription: Sendable, Equatable {
    /// The file, relative to the dataset folder: `.csv` (or any other text extension) or `.xlsx`.
    public var file: String
    /// The sheet of a workbook (`nil`: the first sheet).
    public var sheet: String?
    /// The field separator of a text file: `,` (default), `;`, tab or `|`.
    public var delimiter: UInt8
    public var encoding: TextEncoding
    /// The physical line (CSV) or sheet row (workbook) that holds the header, from 1; the lines above it are skipped.
    public var headerRow: Int
    /// Per schema column (by its CSV name), how it is read; columns not named are matched by their own name.
    public var columns: [String: ColumnDescription]

    public init(file: String, sheet: String? = nil, delimiter: UInt8 = 44, encoding: TextEncoding = .utf8,
                headerRow: Int = 1, columns: [String: ColumnDescription] = [:]) {
        self.file = file
        self.sheet = sheet
        self.delimiter = delimiter
        self.encoding = encoding
        self.headerRow = headerRow
        self.columns = columns
    }

    /// Whether the file is read as a workbook (by its extension).
    public var isWorkbook: Bool { file.lowercased().hasSuffix(".xlsx") }
}

/// How one schema column is found in a file and read.
public struct ColumnDescription: Sendable, Equatable {
    /// The file's header for this column (`nil`: the schema column's own name).
    public var from: String?
    /// One value for every row, for a column the file lacks (e.g. every row's contract).
    public var constant: String?
    /// How a date column's text is read (`nil`: ISO `yyyy-mm-dd`).
    public var format: DateFormat?
    /// The file's values and what they mean (`"Virtual"` → `"virtual_standard"`, `"Y"` → `"true"`); matched
    /// ignoring case and surrounding spaces; a value mapped to `""` is missing.
    public var values: [String: String]

    public init(from: String? = nil, constant: String? = nil, format: DateFormat? = nil, values: [String: String] = [:]) {
        self.from = from
        self.constant = constant
        self.format = format
        self.values = values
    }
}

/// The text encodings a file may be in.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8, with or without a byte-order mark.
    case utf8 = "utf-8"
    /// What Excel's plain "CSV" writes on UK Windows: one byte per character, € and curly quotes in 0x80-0x9F.
    case windows1252 = "windows-1252"
    /// ISO 8859-1: one byte per character, each byte its own code point.
    case latin1 = "iso-8859-1"
}

/// How a date column's text is written.
///
/// Rule: day and month may have one or two digits in the day-first and month-first forms; a time after the date
/// (` 09:15`, ` 09:15:30`, or `T09:15`) is allowed and ignored, as Excel writes date-times; month names are
/// English, three letters or in full, any case.
public enum DateFormat: String, Sendable, CaseIterable {
    /// `2026-04-02` (the canonical form; timestamps `2026-04-02T09:30` too).
    case iso = "yyyy-mm-dd"
    /// `02/04/2026`, `2/4/2026 09:15`: day first, `/`, `-` or `.` between the parts.
    case dayMonthYear = "dd/mm/yyyy"
    /// `04/02/2026`: month first (US exports).
    case monthDayYear = "mm/dd/yyyy"
    /// `02-Apr-2026`, `2 April 2026`: a month name, `-` or a space between the parts.
    case dayMonthNameYear = "dd-mmm-yyyy"

    /// The format a description names, accepting the spellings people write (`dd/mm/yyyy hh:mm`, `DD-MMM-YYYY`).
    public init?(spelling: String) {
        var s = spelling.lowercased().trimmingCharacters(in: .whitespaces)
        for suffix in [" hh:mm:ss", " hh:mm", "thh:mm:ss", "thh:mm"] where s.hasSuffix(suffix) { s.removeLast(suffix.count) }
        switch s {
        case "yyyy-mm-dd", "iso": self = .iso
        case "dd/mm/yyyy", "d/m/yyyy", "dd-mm-yyyy", "dd.mm.yyyy": self = .dayMonthYear
        case "mm/dd/yyyy", "m/d/yyyy": self = .monthDayYear
        case "dd-mmm-yyyy", "d-mmm-yyyy", "dd mmm yyyy": self = .dayMonthNameYear
        default: return nil
        }
    }
}
