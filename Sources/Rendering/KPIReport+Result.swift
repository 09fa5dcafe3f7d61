import CaseData
import KPIEngine
import Spreadsheets
import WorkingDays
import _ATWUtilities

/// The KPI report as `kpi report` writes it: the rows of a selection; the terminal table shows one month (default:
/// the as-of month), windows across.
public struct KPIReportResult: Sendable {
    public var report: KPIReport
    public var selection: ReportSelection

    public init(_ report: KPIReport, selection: ReportSelection = ReportSelection()) {
        self.report = report
        self.selection = selection
    }
}

extension KPIReport {
    /// The report's columns (`partial` only in JSON: the CSV reader can tell it from the service start).
    public static let columns = _seriesColumns + [
        ResultColumn("month", .month, "The month the window ends in"),
        ResultColumn("window", .text, "in_month, rolling_3 (the month and the two before), rolling_12, cumulative (from the service start) or quarter (HA-6, the calendar quarter ending in the month)"),
        ResultColumn("met", .number, "Items met in the window (FTE of disabled staff for HA-6)"),
        ResultColumn("missed", .number, "Items missed (for HA-6 the other FTE)"),
        ResultColumn("pending", .number, "Items still open whose deadline has not passed by the as-of date"),
        ResultColumn("excluded", .number, "Items excluded (case withdrawn on or before the deadline)"),
        ResultColumn("rate", .percent(1), "met / (met + missed) as a percentage 0-100, rounded half up to 4 decimals; empty when nothing was measured"),
        ResultColumn("target", .percent(1), "The KPI's target as a percentage 0-100"),
        ResultColumn("target_met", .boolean, "Whether the rate is at least the target (exact comparison); empty when nothing was measured"),
        ResultColumn("rating", .text, "Cabinet Office tier 4 (Good) to 1 (Inadequate) as a number, or G, A, R for RAG-rated KPIs; empty without a rating. A workbook names it (T4 Good, Amber) on its band's fill"),
        ResultColumn("partial", .boolean, "Whether a rolling window reaches before the provider's service start", [.json]),
    ]

    /// The KPIs not measured (the report's JSON `not_measured`).
    public static let notMeasuredColumns = [
        _seriesColumns[1], _seriesColumns[2],
        ResultColumn("reason", .text, "Why the KPI is not measured (a file absent from the dataset)"),
    ]

    /// A count of `row` as the report writes it: whole for item KPIs, a trimmed decimal for FTE.
    static func count(_ units: Int64, _ row: KPIReportRow) -> ResultValue {
        row.unitsPerCount > 1 ? .number(row.countText(units)) : .integer(Int(units))
    }

    /// A row's values: counts whole for item KPIs and trimmed decimals for FTE; the rate and target with 4 decimals.
    static func values(_ row: KPIReportRow) -> [ResultValue] {
        func count(_ units: Int64) -> ResultValue { Self.count(units, row) }
        return [.text(row.providerID), .text(row.contract), .text(row.kpi), .month(row.month), .text(row.window.rawValue),
                count(row.met), count(row.missed), count(row.pending), count(row.excluded), .number(row.rateText),
                .number(row.targetText), row.targetMet.map(ResultValue.bool) ?? .empty,
                .rating(row.rating), .bool(row.isPartial)]
    }

    public static let published = PublishedResult(title: "KPI figures per provider, contract, KPI, month and window", rules: [
        ("Item status", "Each measured item is met (done by its deadline, in working days of the provider's division), missed (done late, or not done when the deadline passed), pending (open, deadline not passed) or excluded (case withdrawn on or before the deadline), as of the as-of date."),
        ("Windows", "in_month counts the items of the month; rolling_3 and rolling_12 the month and the 2 or 11 before; cumulative from the provider's service start; HA-6 is reported per calendar quarter. NATIONAL and REGION rows pool the providers' counts."),
        ("Ratings", "The rate is met / (met + missed). Target met when the rate is at least the target, compared exactly. Cabinet Office tiers and RAG bands are inclusive bounds on the exact rate."),
    ])
}

extension KPIReportResult: TabularResult {
    public static var published: PublishedResult { KPIReport.published }

    /// One row per series, month and window (``KPIReport/rows(_:)`` order).
    public var tables: [ResultTable] { [table(report.rows(selection))] }

    /// The long table of `rows`.
    func table(_ rows: [KPIReportRow]) -> ResultTable {
        ResultTable(name: "report", title: "KPI figures per series, month and window, with target and rating",
                    columns: KPIReport.columns, rows: rows.map(KPIReport.values))
    }

    /// The long table (every row, as the CSV), then a sheet per window with providers down and KPIs across
    /// (``KPIReport/windowTables(_:)``).
    public func workbookTables() -> [WorkbookTable] {
        let rows = report.rows(selection)
        return [table(rows).workbookTable()] + report.windowTables(rows)
    }

    /// The byte writer's CSV (the hot path), the same columns.
    public func csv() -> String { report.csv(selection) }

    /// The as-of date, the KPIs not measured, and the rows (with `partial`).
    public func json() -> JSONValue {
        let notMeasured = ResultTable(name: "not_measured", title: "", columns: KPIReport.notMeasuredColumns,
                                      rows: report.evaluation.notMeasured.map { [.text($0.contract), .text($0.kpi), .text($0.reason)] })
        return .object([("as_of", .string(report.evaluation.asOf.iso)), ("not_measured", .array(notMeasured.jsonRows())),
                        ("rows", .array(tables[0].jsonRows()))])
    }

    public func text() -> String {
        report.table(month: selection.month ?? report.asOfMonth, contract: selection.contract, provider: selection.provider)
    }
}

extension KPIReportRow {
    /// A count in items: whole for item KPIs, a trimmed decimal for FTE (`"3.5"`, `"96.25"`).
    public func countText(_ units: Int64) -> String {
        var out = _ByteWriter()
        out.count(units, unitsPerCount: unitsPerCount)
        return out.text
    }

    /// The target as the report writes it: a percentage with 4 decimals (`"93.5000"`).
    public var targetText: String { target.percentText }
}

extension KPIReport {
    /// The CSV columns, fixed (a published interface: the DocC article "Windows, pools and ratings").
    public static var csvHeader: String { columns.csvHeader }

    /// The report as CSV: one row per series, month and window (``KPIReport/rows(_:)`` order).
    ///
    /// Rule: `rate` is a percentage with 4 decimals, rounded half up, or empty when nothing was measured;
    /// `target` is written the same way; `target_met` is `true`, `false` or empty; `rating` is the tier
    /// number, `G`, `A` or `R`, or empty. HA-6 counts are FTE with up to 4 decimals.
    ///
    /// Written straight into bytes from the window counts (no row values, no per-field strings): this is
    /// the hot path of `kpi report` on a national dataset.
    public func csv(_ selection: ReportSelection = ReportSelection()) -> String {
        var out = _ByteWriter()
        out.append(Self.csvHeader)
        out.newline()
        // Series are written in contiguous slices on all cores, then joined in order.
        let order = orderedSeries(selection)
        let workers = order.count >= 256 ? _workerCount : 1
        let report = self
        let parts: [[UInt8]] = _parallelMap(workers) { w in
            var part = _ByteWriter()
            for s in order[(order.count * w / workers)..<(order.count * (w + 1) / workers)] {
                report.writeCSVRows(series: s, selection, into: &part)
            }
            return part.bytes
        }
        out.bytes.reserveCapacity(out.bytes.count + parts.reduce(0) { $0 + $1.count })
        for part in parts { out.append(part) }
        return out.text
    }

    /// The CSV rows of one series.
    func writeCSVRows(series s: Int, _ selection: ReportSelection, into out: inout _ByteWriter) {
        let series = evaluation.series[s]
        let kpi = evaluation.catalog.definitions[series.contractIndex].kpis[series.kpiIndex]
        let prefix = Array((CSVWriter.escape(series.providerID) + "," + CSVWriter.escape(series.contract) + ","
                            + CSVWriter.escape(kpi.id) + ",").utf8)
        let target = Array((kpi.target.percentText + ",").utf8)
        for month in months(of: series, selection) {
            let monthText = Array((month.description + ",").utf8)
            for window in windowKinds(kpi, month) {
                let (met, missed, pending, excluded) = windows.counts(series: s, window: window, month: month)
                out.append(prefix)
                out.append(monthText)
                out.append(window.rawValue)
                out.comma()
                out.count(met, unitsPerCount: kpi.unitsPerCount); out.comma()
                out.count(missed, unitsPerCount: kpi.unitsPerCount); out.comma()
                out.count(pending, unitsPerCount: kpi.unitsPerCount); out.comma()
                out.count(excluded, unitsPerCount: kpi.unitsPerCount); out.comma()
                let comparison = RateComparison(met: met, measured: met + missed)
                out.rate(comparison)
                out.comma()
                out.append(target)
                if let targetMet = comparison.targetMet(kpi.target) { out.append(targetMet ? "true" : "false") }
                out.comma()
                if let rating = comparison.rating(kpi.rating) { out.append(rating.description) }
                out.newline()
            }
        }
    }

    /// The report for a terminal: one reporting month, a block per provider (and pool), KPIs down, windows
    /// across.
    ///
    /// Rule: a cell is `rate met/measured` with the rate to one decimal (rounded half up, exactly, from the
    /// counts); a figure below target is marked `*`; a rolling window that reaches before the service start is
    /// marked `(p)`; `–` means nothing was measured. A rated KPI's ratings follow on a line of their own, by name
    /// (`T2 Needs Improvement`, `Amber`). HA-6 shows its latest quarter ending in or before the month, in the
    /// in-month column. CSV and JSON keep the 4-decimal figures and the rating codes.
    public func table(month: Month, contract: String? = nil, provider: String? = nil) -> String {
        var out = "KPI report for \(month), as of \(evaluation.asOf.iso). * below target, (p) partial window, – nothing measured; ratings on the line below\n"
        let ordered = orderedSeries(ReportSelection(contract: contract, provider: provider))
        var blocks: [(String, [Int])] = []
        for s in ordered {
            let series = evaluation.series[s]
            let key = series.contract + " " + series.providerID
            if blocks.last?.0 == key { blocks[blocks.count - 1].1.append(s) } else { blocks.append((key, [s])) }
        }
        for (key, members) in blocks {
            let first = evaluation.series[members[0]].firstMonth
            out += "\n" + key + (month < first ? "  (service starts \(first))" : "") + "\n"
            var table = TextTable(columns: [
                .init("KPI"), .init("target", alignment: .right), .init("in month", alignment: .right),
                .init("rolling 3", alignment: .right), .init("rolling 12", alignment: .right),
                .init("cumulative", alignment: .right), .init("pending", alignment: .right),
                .init("excluded", alignment: .right),
            ])
            for s in members {
                let series = evaluation.series[s]
                let kpi = evaluation.catalog.definitions[series.contractIndex].kpis[series.kpiIndex]
                var cells = [kpi.id, kpi.target.description + "%"]
                var windowRows: [KPIReportRow?] = []
                if kpi.isQuarterly {
                    let quarterEnd = month.latestQuarterEnd
                    let row = quarterEnd >= series.firstMonth ? rows(series: s, month: quarterEnd).first : nil
                    cells.append(row.map { Self.cell($0) + " Q\(quarterEnd)" } ?? "–")
                    cells += ["", "", ""]
                    cells += row.map { [$0.countText($0.pending), $0.countText($0.excluded)] } ?? ["", ""]
                    windowRows = [row]
                } else {
                    let found = month >= series.firstMonth ? rows(series: s, month: month) : []
                    cells += found.isEmpty ? ["–", "–", "–", "–"] : found.map(Self.cell)
                    cells += found.first.map { [$0.countText($0.pending), $0.countText($0.excluded)] } ?? ["", ""]
                    windowRows = found
                }
                table.append(cells)
                if windowRows.contains(where: { $0?.rating != nil }) {
                    let labels = windowRows.map { $0?.rating?.label ?? "" }
                    table.append(["", ""] + labels + [String](repeating: "", count: 4 - labels.count) + ["", ""])
                }
            }
            out += table.rendered()
        }
        for missing in evaluation.notMeasured where contract == nil || missing.contract == contract {
            out += "\n\(missing)"
        }
        return out + (evaluation.notMeasured.isEmpty ? "" : "\n")
    }

    /// A window's cell: `96.9% 62/64 *`.
    static func cell(_ row: KPIReportRow) -> String {
        guard let rate = row.comparison.percentText(places: 1) else { return "–" }
        var text = rate + "% " + row.countText(row.met) + "/" + row.countText(row.met + row.missed)
        if row.targetMet == false { text += " *" }
        if row.isPartial { text += " (p)" }
        return text
    }
}

extension KPIReportResult {
    /// The one-line summary of `kpi --help`.
    public static let abstract = "KPI figures per provider (and NATIONAL, REGION:<r>), contract, KPI, month and window, with ratings."

    /// What `kpi --help` says of the result before its columns.
    public static let about = """
        Windows: in_month, rolling_3, rolling_12, cumulative (quarter for HA-6). Without --month: every month from each \
        provider's service start through the as-of month (the table shows the as-of month). The table marks figures \
        below target with * and partial rolling windows with (p). --format html writes the Contract Performance Review \
        pack for the month (default: the as-of month): national league tables and funnel plots, then per provider its \
        PMIR level, KPI table, trend charts with next month's forecast, worst items and MI summary; one self-contained \
        file for a browser or print.
        """

    public static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("", KPIReport.columns)] }
}
