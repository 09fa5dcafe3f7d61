import KPIEngine
import WorkingDays

/// One series' control chart: whose, which KPI, and the chart.
public struct SeriesControlChart: Sendable {
    /// The series' index in the evaluation.
    public var seriesIndex: Int
    public var providerID: String
    public var contract: String
    public var kpi: KPIDefinition
    public var chart: ControlChart

    /// The chart's point in `month`, if it measured anything then.
    public func point(in month: Month) -> SPCPoint? {
        chart.points.first { $0.month == month }
    }
}

/// Statistical process control of every monthly series of a report (providers, NATIONAL and REGION rows).
///
/// Rule: each series is charted on its in-month counts from its first month through the as-of month
/// (``ControlChart``); quarterly KPIs (HA-6, a share of FTE, not a count of items) are not charted. Series
/// are in the report's order.
///
/// ```swift
/// let spc = SPCAnalysis(report)
/// spc.charts.filter { $0.chart.points.last?.variation == .concern }.map(\.providerID)
/// ```
public struct SPCAnalysis: Sendable {
    public let options: SPCOptions
    public let charts: [SeriesControlChart]
    /// Chart index by series index (`nil` for a series not charted).
    let chartOfSeries: [Int?]

    public init(_ report: KPIReport, options: SPCOptions = SPCOptions(), selection: ReportSelection = ReportSelection()) {
        self.options = options
        let evaluation = report.evaluation
        var charts: [SeriesControlChart] = []
        var index = [Int?](repeating: nil, count: evaluation.series.count)
        for s in report.orderedSeries(selection) {
            let series = evaluation.series[s]
            let kpi = evaluation.catalog.definitions[series.contractIndex].kpis[series.kpiIndex]
            guard !kpi.isQuarterly, series.firstMonth <= report.asOfMonth else { continue }
            let months = Array(series.firstMonth...report.asOfMonth)
            var met: [Int64] = [], measured: [Int64] = []
            met.reserveCapacity(months.count)
            measured.reserveCapacity(months.count)
            for month in months {
                let c = report.windows.counts(series: s, window: .inMonth, month: month)
                met.append(c.met)
                measured.append(c.met + c.missed)
            }
            let chart = ControlChart(months: months, met: met, measured: measured,
                                     target: Double(kpi.target.rawValue) / 10_000, higherIsBetter: kpi.higherIsBetter,
                                     options: options)
            index[s] = charts.count
            charts.append(SeriesControlChart(seriesIndex: s, providerID: series.providerID, contract: series.contract,
                                             kpi: kpi, chart: chart))
        }
        self.charts = charts
        self.chartOfSeries = index
    }

    /// The chart of one series of the evaluation, if it is charted.
    public func chart(series: Int) -> SeriesControlChart? {
        guard series >= 0, series < chartOfSeries.count, let c = chartOfSeries[series] else { return nil }
        return charts[c]
    }
}
