import CaseData
import KPIEngine

/// `kpi validate`'s result: the data quality of a dataset read from its files.
public struct DataQualityReport: Sendable {
    public var quality: DataQuality
    public var input: DatasetInput

    public init(_ quality: DataQuality, input: DatasetInput) {
        self.quality = quality
        self.input = input
    }
}

extension DataQuality {
    /// The columns of `kpi validate`: one row per dataset file.
    public static let columns = [
        ResultColumn("file", .text, "The dataset file (the table's canonical name)"),
        ResultColumn("source", .text, "The file it was read from, as the folder names it (through the dataset description)"),
        ResultColumn("present", .boolean, "Whether the dataset has the file", [.csv, .json]),
        ResultColumn("rows_read", .integer, "Data rows read", tableHeader: "read"),
        ResultColumn("rows_accepted", .integer, "Rows accepted", tableHeader: "accepted"),
        ResultColumn("rows_rejected", .integer, "Rows rejected (each with file, line, column and reason on standard error and in --rejects)", tableHeader: "rejected"),
        ResultColumn("rejected_percent", .percent(2), "Rows rejected as a percentage of rows read; empty for an absent file", tableHeader: "%"),
        ResultColumn("verdict", .text, "passes, fails: nothing accepted, fails: over N%, missing (a required file) or absent (an optional one)"),
    ]

    /// The commonest rejection reasons (JSON `commonest_reasons`).
    public static let reasonColumns = [
        ResultColumn("file", .text, "The dataset file"),
        ResultColumn("column", .text, "The column, or empty for the row"),
        ResultColumn("reason", .text, "The reason"),
        ResultColumn("rows", .integer, "Rows rejected for it"),
        ResultColumn("example", .text, "The first such rejection: file, line or cell, column and reason"),
    ]

    /// The CSV header of `kpi validate`.
    public static var csvHeader: String { columns.csvHeader }

    func verdict(_ s: FileSummary) -> String {
        if !s.present { return s.file.isRequired ? "missing" : "absent" }
        if s.file.isRequired && s.rowsAccepted == 0 { return "fails: nothing accepted" }
        if Self.rejectedPercent(s) > maxRejectedPercent { return "fails: over \(Self.percent(maxRejectedPercent))%" }
        return "passes"
    }
}

extension DataQualityReport: TabularResult {
    public static let published = PublishedResult(title: "Data quality of a dataset", rules: [])

    public static func refusal(_ format: ResultFormat) -> String? {
        format == .html || format.isWorkbook ? "--format \(format.rawValue): kpi validate writes table, csv or json" : nil
    }

    /// Each file's row: what was read from where, and whether it passes the check.
    public var tables: [ResultTable] {
        [ResultTable(name: "files", title: "Rows read, accepted and rejected per file", columns: DataQuality.columns,
                     rows: quality.summaries.map { s in
                         let source = input.files.first { $0.table == s.file }
                         return [.text(s.file.fileName), .text(source?.displayName ?? ""), .bool(s.present), .integer(s.rowsRead),
                                 .integer(s.rowsAccepted), .integer(s.rowsRejected),
                                 s.present ? decimalValue(DataQuality.rejectedPercent(s), places: 2) : .empty, .text(quality.verdict(s))]
                     })]
    }

    public func json() -> JSONValue {
        let reasons = ResultTable(name: "", title: "", columns: DataQuality.reasonColumns, rows: quality.reasons.map {
            [.text($0.file.fileName), .text($0.column), .text($0.reason), .integer($0.rows), .text(input.describe($0.example))]
        })
        return .object([("passes", .bool(quality.passes)), ("max_rejected_percent", .double(quality.maxRejectedPercent)),
                        ("files", .array(tables[0].jsonRows())), ("commonest_reasons", .array(reasons.jsonRows())),
                        ("failures", .array(quality.failures.map(JSONValue.string))), ("hints", .array(quality.hints.map(JSONValue.string)))])
    }

    /// The files present (and required files missing), then the commonest reasons and the hints.
    public func text() -> String {
        let table = tables[0]
        let present = table.column("present"), verdict = table.column("verdict")
        var out = table.textTable(rows: table.rows.filter { $0[present] == .bool(true) || $0[verdict] == .text("missing") }).rendered()
        if !quality.reasons.isEmpty {
            out += "\nCommonest reasons:\n"
            for r in quality.reasons {
                out += "  \(r.rows) × \(quality.name(r.file))\(r.column.isEmpty ? "" : " " + r.column): \(r.reason)\n"
                out += "      e.g. \(input.describe(r.example))\n"
            }
        }
        for hint in quality.hints { out += "hint: \(hint)\n" }
        out += quality.passes ? "The dataset passes (no file rejects more than \(DataQuality.percent(quality.maxRejectedPercent))% of its rows).\n"
            : "The dataset fails: \(quality.failures.joined(separator: "; ")).\n"
        return out
    }
}

/// Every rejected row (`--rejects FILE`): the file as the folder names it, its line (or row), column and reason.
public struct RejectionList: Sendable {
    public var input: DatasetInput
    public init(_ input: DatasetInput) { self.input = input }
}

extension RejectionList: TabularResult {
    public static let columns = [
        ResultColumn("file", .text, "The file as the folder names it"),
        ResultColumn("line", .integer, "The line of a CSV file, or the row of a workbook sheet"),
        ResultColumn("column", .text, "The column, or empty for the row"),
        ResultColumn("reason", .text, "Why the row was rejected"),
    ]

    public static let published = PublishedResult(title: "Rejected rows", rules: [])

    public var tables: [ResultTable] {
        [ResultTable(name: "rejections", title: "Rejected rows", columns: Self.columns, rows: input.dataset.rejections.map { r in
            let file = input.files.first { $0.table == r.file }
            return [.text(file?.displayName ?? r.file.fileName), .integer(file?.row(line: r.line) ?? r.line), .text(r.column), .text(r.reason)]
        })]
    }
}

extension DataQualityReport {
    /// The one-line summary of `kpi --help`.
    public static let abstract = "Check a dataset folder (or store): rows read, accepted and rejected per file, the commonest reasons, and whether it passes."

    /// What `kpi --help` says of the result before its columns.
    public static let about = """
        The summary goes to standard output (table, csv or json), every rejection to standard error (the first 20) and \
        to --rejects FILE. Exit status 1 when the dataset fails: a required file accepts no row, or a file rejects more \
        than --max-rejected percent of its rows (default 5; --strict: any).
        """

    public static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("", DataQuality.columns)] }
}

extension RejectionList {
    public static let about = "Every rejected row of a dataset."
    public static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("", columns)] }
}

extension DatasetStore {
    /// What `kpi --help` says of it.
    public static let about = """
        Every rejected row is reported (stderr, and --rejects FILE as CSV \(RejectionList.columns.csvHeader)), with rows \
        read = accepted + rejected per file. A dataset that fails its data-quality check (--max-rejected) writes no store. \
        The store keeps the accepted rows and the rejection list; every command that reads data accepts --store FILE \
        instead of --data DIR.
        """
}
