import Assurance
import KPIEngine
import WorkingDays

/// The control charts as `kpi spc` writes them: the charts of a selection (provider, contract; the points of one
/// month when given); the terminal table shows one month (default: each series' latest point).
public struct SPCResult: Sendable {
    public var analysis: SPCAnalysis
    public var selection: ReportSelection

    public init(_ analysis: SPCAnalysis, selection: ReportSelection = ReportSelection()) {
        self.analysis = analysis
        self.selection = selection
    }

    /// The selected charts.
    public var charts: [SeriesControlChart] {
        analysis.selected(provider: selection.provider, contract: selection.contract, kpi: selection.kpi)
    }
}

extension SPCAnalysis {
    /// The charts of a provider, contract and KPI (each optional).
    public func selected(provider: String? = nil, contract: String? = nil, kpi: String? = nil) -> [SeriesControlChart] {
        charts.filter {
            (provider == nil || $0.providerID == provider) && (contract == nil || $0.contract == contract) && (kpi == nil || $0.kpi.id == kpi)
        }
    }

    /// The control charts' columns (JSON: the first three per series, the rest per point, as text).
    public static let columns = _seriesColumns + [
        ResultColumn("month", .month, "The month charted"),
        ResultColumn("met", .integer, "Items met in the month", [.csv, .json]),
        ResultColumn("measured", .integer, "Items met or missed in the month", [.csv, .json]),
        ResultColumn("rate", .percent(1), "The month's rate, percentage 0-100 (exact, rounded half up)"),
        ResultColumn("centre", .percent(1), "The chart's centre line, percentage 0-100"),
        ResultColumn("lower", .percent(1), "The lower control limit, percentage 0-100", [.csv, .json]),
        ResultColumn("upper", .percent(1), "The upper control limit, percentage 0-100", [.csv, .json]),
        ResultColumn("rule", .text, "The special-cause rule the month triggers (trend, shift, two_of_three, outside_limits), or empty"),
        ResultColumn("variation", .text, "common_cause, improvement or concern"),
        ResultColumn("assurance", .text, "pass, fail or hit_and_miss against the target; empty for a KPI without a target"),
    ]

    /// A point's values; the figures are text in JSON, as SPC has always written them.
    static func values(_ c: SeriesControlChart, _ p: SPCPoint) -> [ResultValue] {
        func text(_ s: String?) -> ResultValue { s.map(ResultValue.text) ?? .empty }
        func percent(_ x: Double) -> ResultValue { text(formattedDecimal(x, places: 4, percent: true)) }
        return [.text(c.providerID), .text(c.contract), .text(c.kpi.id), .month(p.month), .integer(Int(p.met)), .integer(Int(p.measured)),
                text(RateComparison(met: p.met, measured: p.measured).percentText), percent(p.centre),
                percent(p.lower), percent(p.upper), text(p.rule?.rawValue), .text(p.variation.rawValue), text(p.assurance?.rawValue)]
    }

    public static let published = PublishedResult(title: "Statistical process control per series and month", rules: [
        ("Charts", "Laney p' charts by default: the centre is the baseline months' pooled rate, the limits 3 standard deviations of a binomial rate at the month's items, widened by the baseline's over-dispersion (never narrowed)."),
        ("Rules", "Special causes in Making Data Count's order: a trend of 7 points, a shift of 7 points on one side, two of three near a limit, a point outside the limits. Variation is common_cause, improvement or concern; assurance compares the limits with the target."),
    ])
}

extension SPCResult: TabularResult {
    public static var published: PublishedResult { SPCAnalysis.published }

    /// One row per series and month with items measured.
    public var tables: [ResultTable] {
        [ResultTable(name: "spc", title: "Control chart points: rate, centre, limits, special cause, variation and assurance per series and month",
                     columns: SPCAnalysis.columns, rows: charts.flatMap { c in
                         c.chart.points.filter { selection.month == nil || $0.month == selection.month }.map { SPCAnalysis.values(c, $0) }
                     })]
    }

    /// One line on standard error for the series whose charts need care (except in JSON, which holds each series'
    /// notes): how many have provisional limits and how many have months with nothing measured; none when no
    /// chart does. `kpi spc --format json` lists them per series (each chart's `warnings`).
    public func warnings(_ format: ResultFormat) -> [String] {
        guard format != .json else { return [] }
        let charts = self.charts
        let provisional = charts.filter(\.chart.isProvisional).count
        let gaps = charts.filter { !$0.chart.gaps.isEmpty }.count
        var parts: [String] = []
        if provisional > 0 { parts.append("provisional limits (fewer than \(ControlChart.minimumPoints) points) on \(provisional) of \(charts.count) series") }
        if gaps > 0 { parts.append("months with no items measured (neither charted nor breaking a run) on \(gaps)\(provisional > 0 ? "" : " of \(charts.count) series")") }
        return parts.isEmpty ? [] : [parts.joined(separator: "; ") + "; --format json lists them per series"]
    }

    /// The options, then per series its warnings and points.
    public func json() -> JSONValue {
        let options = analysis.options
        let table = ResultTable(name: "", title: "", columns: SPCAnalysis.columns)
        return .object([
            ("chart", .string(options.chart.rawValue)),
            ("baseline_points", .int(options.baselinePoints)),
            ("rebases", .array(options.rebases.sorted().map { .string($0.description) })),
            ("series", .array(charts.map { c in
                let points = c.chart.points.filter { selection.month == nil || $0.month == selection.month }.map { SPCAnalysis.values(c, $0) }
                let head = [ResultValue.text(c.providerID), .text(c.contract), .text(c.kpi.id)]
                    + Array(repeating: .empty, count: SPCAnalysis.columns.count - 3)
                guard case .object(let series) = table.jsonObject(head, columns: 0..<3) else { return .null }
                return .object(series + [
                    ("warnings", .array(c.chart.warnings.map { .string($0) })),
                    ("points", .array(points.map { table.jsonObject($0, columns: 3..<SPCAnalysis.columns.count) })),
                ])
            })),
        ])
    }

    /// One month for a terminal (default: each series' latest point): concerns first, then failing assurance.
    public func text() -> String {
        let rows = charts.compactMap { c -> (SeriesControlChart, SPCPoint)? in
            let point = selection.month.map { c.point(in: $0) } ?? c.chart.points.last
            return point.map { (c, $0) }
        }
        func rank(_ p: SPCPoint) -> Int {
            (p.variation == .concern ? 0 : p.variation == .improvement ? 4 : 2) + (p.assurance == .fail ? 0 : 1)
        }
        let ranked = rows.enumerated().sorted { (rank($0.element.1), $0.offset) < (rank($1.element.1), $1.offset) }.map(\.element)
        let table = tables[0]
        let shown = ["provider_id", "contract", "kpi", "month", "rate", "centre", "limits", "variation", "rule", "assurance"]
        var text = TextTable(columns: shown.map { $0 == "limits" ? TextTable.Column("limits", alignment: .right) : table.columns[table.column($0)].textColumn })
        for (c, p) in ranked {
            let values = SPCAnalysis.values(c, p)
            func cell(_ name: String) -> String { values[table.column(name)].tableText(table.columns[table.column(name)].kind) }
            text.append(shown.map { name in name == "limits" ? cell("lower") + "-" + cell("upper") : cell(name) })
        }
        let heading = "Statistical process control (\(analysis.options.chart.rawValue) chart), " + (selection.month.map { "\($0)" } ?? "latest month of each series")
        return heading + "\n" + text.rendered()
    }
}

extension SPCResult {
    /// The one-line summary of `kpi --help`.
    public static let abstract = "Statistical process control per series and month: centre, limits, special causes, variation and assurance."

    /// What `kpi --help` says of the result before its columns.
    public static let about = """
        Charts the in-month rates of every provider (and NATIONAL, REGION:<r>) × contract × KPI, from its first month \
        through the as-of month (HA-6, an FTE share, is not charted). The default chart is Laney's p′ (a p-chart widened \
        by the months' own over-dispersion, never narrower); p or xmr (Making Data Count's individuals chart) instead. \
        Special causes: trend (7 rising or falling), shift (7 on one side of the centre), two_of_three (beyond 2σ on one \
        side), outside_limits. Series with fewer than 12 points or with gaps are warned about on standard error (and in JSON).
        """

    public static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("", SPCAnalysis.columns)] }
}
