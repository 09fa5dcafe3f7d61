import Assurance
import CaseData
import Forecasting
import KPIEngine
import PMIR
import Returns
import WorkingDays

/// A Contract Performance Review pack: one self-contained HTML file (inline CSS and SVG, no scripts, no
/// network) for a reporting month.
///
/// Rule (the DocC article "Performance pack" has each part): per contract, a national summary, a league table
/// of providers on the rolling 3-month window and a funnel plot per KPI; then per provider its PMIR level and
/// reason, the KPI table (in month, rolling 3, rolling 12, cumulative; quarterly KPIs on their latest quarter)
/// with tier or RAG colours and next month's forecast, a trend chart per KPI, its worst items (the missed items
/// counted in the month, most working days late first) and its MI summary. The forecast appears only when the
/// reporting month is the as-of month, since it is made from the as-of date.
///
/// ```swift
/// let pack = PerformancePack(report: report, dataset: dataset, forecast: forecast, pmir: timeline, mi: returns)
/// try pack.html().write(toFile: "pack.html", atomically: true, encoding: .utf8)
/// ```
public struct PerformancePack: Sendable {
    /// What the pack covers.
    public struct Options: Sendable, Equatable {
        /// The reporting month (default: the as-of month).
        public var month: Month?
        public var contract: String?
        /// Only this provider's section (the national parts still show every provider of its contract).
        public var provider: String?
        /// Worst items listed per provider.
        public var worstItems: Int
        /// Months of history in each trend chart: 13 by default, the reporting month and the year before it.
        public var trendMonths: Int

        public init(month: Month? = nil, contract: String? = nil, provider: String? = nil, worstItems: Int = 10,
                    trendMonths: Int = 13) {
            self.month = month
            self.contract = contract
            self.provider = provider
            self.worstItems = worstItems
            self.trendMonths = trendMonths
        }
    }

    public let report: KPIReport
    public let dataset: Dataset
    public let forecast: RiskForecast?
    public let pmir: PMIRTimeline
    public let mi: MIReturns?
    /// The control charts of every series: variation and assurance in the KPI tables and the summary matrix.
    public let spc: SPCAnalysis
    public let options: Options
    /// The files the figures came from and the run's data quality: the pack opens with them (a banner when rows
    /// were rejected) so a figure can be traced to its extract.
    public var provenance: Provenance?
    /// The forecast's in-month (quarterly KPIs: quarter) rows by series, in month order; empty unless the
    /// reporting month is the as-of month, since the forecast is made from the as-of date.
    let _forecastsBySeries: [Int: [ForecastRow]]

    public init(report: KPIReport, dataset: Dataset, forecast: RiskForecast?, pmir: PMIRTimeline, mi: MIReturns?,
                spc: SPCAnalysis? = nil, options: Options = Options()) {
        self.report = report
        self.spc = spc ?? SPCAnalysis(report)
        self.dataset = dataset
        self.forecast = forecast
        self.pmir = pmir
        self.mi = mi
        self.options = options
        var bySeries: [Int: [ForecastRow]] = [:]
        if let forecast, (options.month ?? report.asOfMonth) == report.asOfMonth {
            for row in forecast.rows where row.window == .inMonth || row.window == .quarter {
                bySeries[row.seriesIndex, default: []].append(row)
            }
        }
        _forecastsBySeries = bySeries
    }

    /// The reporting month.
    public var month: Month { options.month ?? report.asOfMonth }

    /// A provider's (or pool's) series of one contract, in KPI order.
    struct _Group {
        var providerID: String
        var contract: String
        var scope: KPISeries.Scope
        var series: [Int]
    }

    /// Series grouped by provider and contract, in report order.
    func _groups() -> [_Group] {
        var groups: [_Group] = []
        let series = report.evaluation.series
        for s in report.orderedSeries(ReportSelection(contract: options.contract)) {
            let x = series[s]
            if let last = groups.last, last.providerID == x.providerID, last.contract == x.contract, last.scope == x.scope {
                groups[groups.count - 1].series.append(s)
            } else {
                groups.append(_Group(providerID: x.providerID, contract: x.contract, scope: x.scope, series: [s]))
            }
        }
        return groups
    }

    func _kpi(_ s: Int) -> KPIDefinition {
        report.evaluation.definition(ofSeries: s)
    }

    /// The row of a series' window in the reporting month; a quarterly KPI's latest quarter ending by then.
    func _row(_ s: Int, _ window: ReportWindow, in month: Month? = nil) -> KPIReportRow? {
        report.row(series: s, window, in: month ?? self.month)
    }

    /// The rate (0…1) of a row, when anything was measured.
    static func _rate(_ row: KPIReportRow?) -> Double? {
        guard let row, row.met + row.missed > 0 else { return nil }
        return Double(row.met) / Double(row.met + row.missed)
    }

    /// A rate to one decimal with its sign, rounded half up exactly from the counts (as every table shows it:
    /// ``RateComparison/percentText(places:)``).
    static func _rateText(_ row: KPIReportRow) -> String? {
        row.comparison.percentText(places: 1).map { $0 + "%" }
    }

    /// A target as written in the contract: `99%`, `93.5%`, `3%`.
    static func _targetText(_ target: BasisPoints) -> String { "\(target)%" }

    /// The colour of a rate cell: its rating; for a KPI without rating bands, whether the target was met.
    static func _cellClass(_ row: KPIReportRow) -> String {
        if let rating = row.rating { return _ratingClass(rating) }
        switch row.targetMet {
        case true?: return "t-met"
        case false?: return "t-miss"
        case nil: return "r-none"
        }
    }

    static func _ratingClass(_ rating: Rating?) -> String {
        switch rating {
        case .tier(let n): "r-t\(n)"
        case .green: "r-g"
        case .amber: "r-a"
        case .red: "r-r"
        case nil: "r-none"
        }
    }


}

extension PerformancePack {
    /// A rating as a short code beside the rate, so no rating is told by colour alone: `T4`…`T1`, `G`, `A`,
    /// `R`; empty without a rating.
    static func _ratingCode(_ rating: Rating?) -> String {
        guard let rating else { return "" }
        let code = if case .tier(let n) = rating { "T\(n)" } else { rating.description }
        return " <span class=\"code\">\(code)</span>"
    }

}
