import CaseData
import KPIEngine
import WorkingDays
import _ATWUtilities

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
    public static let csvHeader = columns.map(\.name)

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
        out.append(Self.csvHeader.joined(separator: ","))
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

    /// The report as JSON: the as-of date, the KPIs not measured, and the rows (with `partial`).
    public func json(_ rows: [KPIReportRow]) -> JSONValue {
        func count(_ row: KPIReportRow, _ units: Int64) -> JSONValue {
            row.unitsPerCount > 1 ? .double(Double(units) / Double(row.unitsPerCount)) : .int(Int(units))
        }
        let items: [JSONValue] = rows.map { row in
            .object([
                ("provider_id", .string(row.providerID)), ("contract", .string(row.contract)), ("kpi", .string(row.kpi)),
                ("month", .string(row.month.description)), ("window", .string(row.window.rawValue)),
                ("met", count(row, row.met)), ("missed", count(row, row.missed)),
                ("pending", count(row, row.pending)), ("excluded", count(row, row.excluded)),
                ("rate", row.rateText.map { .double(Double($0)!) } ?? .null),
                ("target", .double(Double(row.target.rawValue) / 100)),
                ("target_met", row.targetMet.map(JSONValue.bool) ?? .null),
                ("rating", row.rating.map { .string($0.description) } ?? .null),
                ("partial", .bool(row.isPartial)),
            ])
        }
        return .object([
            ("as_of", .string(evaluation.asOf.iso)),
            ("not_measured", .array(evaluation.notMeasured.map {
                .object([("contract", .string($0.contract)), ("kpi", .string($0.kpi)), ("reason", .string($0.reason))])
            })),
            ("rows", .array(items)),
        ])
    }

    /// The report for a terminal: one reporting month, a block per provider (and pool), KPIs down, windows
    /// across.
    ///
    /// Rule: a cell is `rate met/measured rating`; a figure below target is marked `*`; a rolling window
    /// that reaches before the service start is marked `(p)`; `–` means nothing was measured. HA-6 shows
    /// its latest quarter ending in or before the month, in the in-month column.
    public func table(month: Month, contract: String? = nil, provider: String? = nil) -> String {
        var out = "KPI report for \(month), as of \(evaluation.asOf.iso). * below target, (p) partial window, – nothing measured\n"
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
                var cells = [kpi.id, kpi.target.description]
                if kpi.isQuarterly {
                    let quarterEnd = month.latestQuarterEnd
                    let row = quarterEnd >= series.firstMonth ? rows(series: s, month: quarterEnd).first : nil
                    cells.append(row.map { Self.cell($0) + " Q\(quarterEnd)" } ?? "–")
                    cells += ["", "", ""]
                    cells += row.map { [$0.countText($0.pending), $0.countText($0.excluded)] } ?? ["", ""]
                } else {
                    let windowRows = month >= series.firstMonth ? rows(series: s, month: month) : []
                    cells += windowRows.isEmpty ? ["–", "–", "–", "–"] : windowRows.map(Self.cell)
                    cells += windowRows.first.map { [$0.countText($0.pending), $0.countText($0.excluded)] } ?? ["", ""]
                }
                table.append(cells)
            }
            out += table.rendered()
        }
        for missing in evaluation.notMeasured where contract == nil || missing.contract == contract {
            out += "\n\(missing)"
        }
        return out + (evaluation.notMeasured.isEmpty ? "" : "\n")
    }

    static func cell(_ row: KPIReportRow) -> String {
        guard let rate = row.rateText else { return "–" }
        var text = rate + " " + row.countText(row.met) + "/" + row.countText(row.met + row.missed)
        if let rating = row.rating { text += " " + rating.description }
        if row.targetMet == false { text += " *" }
        if row.isPartial { text += " (p)" }
        return text
    }
}
