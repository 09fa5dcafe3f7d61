import CaseData
import WorkingDays

/// One line of the KPI report: a series' counts over one window ending in one month, with its rating.
public struct KPIReportRow: Sendable, Equatable {
    /// `P001`, `NATIONAL` or `REGION:<region>`.
    public var providerID: String
    public var contract: String
    public var kpi: String
    public var month: Month
    public var window: ReportWindow
    /// Counts in units (``KPIDefinition/unitsPerCount`` per item: ten-thousandths of an FTE for HA-6).
    public var met: Int64
    public var missed: Int64
    public var pending: Int64
    public var excluded: Int64
    public var unitsPerCount: Int
    public var target: BasisPoints
    public var bands: RatingBands
    /// The window reaches before the series' first month.
    public var isPartial: Bool
    /// Index of the series in ``KPIEvaluation/series``.
    public var seriesIndex: Int

    public var comparison: RateComparison { RateComparison(met: met, measured: met + missed) }
    /// `nil` when nothing was measured.
    public var targetMet: Bool? { comparison.targetMet(target) }
    public var rating: Rating? { comparison.rating(bands) }
    /// Percentage with 4 decimals, or `nil` when nothing was measured.
    public var rateText: String? { comparison.percentText }
}

/// Which rows a report holds.
public struct ReportSelection: Sendable, Equatable {
    /// One month, or every month from each series' first month through the as-of month.
    public var month: Month?
    public var contract: String?
    /// A provider id, `NATIONAL` or `REGION:<region>`.
    public var provider: String?
    /// A KPI id (`HA-3`).
    public var kpi: String?

    public init(month: Month? = nil, contract: String? = nil, provider: String? = nil, kpi: String? = nil) {
        self.month = month
        self.contract = contract
        self.provider = provider
        self.kpi = kpi
    }
}

/// The KPI report: windows and ratings over an evaluation.
///
/// Rule: rows come per contract (sorted by id), then providers by id, then `NATIONAL`, then each
/// `REGION:<region>` by name; within a series, KPIs in definition order, months ascending, windows in the
/// order in-month, rolling 3, rolling 12, cumulative. A quarterly KPI (HA-6) has one `quarter` row per
/// calendar quarter, on the quarter's last month. KPIs not measured (their file is absent) have no rows;
/// ``KPIEvaluation/notMeasured`` says why.
///
/// ```swift
/// let report = KPIReport(evaluation)
/// let rows = report.rows(ReportSelection(month: Month("2026-10")!, provider: "NATIONAL"))
/// ```
public struct KPIReport: Sendable {
    public let evaluation: KPIEvaluation
    public let windows: WindowCounts

    public init(_ evaluation: KPIEvaluation) {
        self.evaluation = evaluation
        self.windows = WindowCounts(evaluation)
    }

    /// The as-of month: the last month reported by default.
    public var asOfMonth: Month { Month(containing: evaluation.asOf) }

    /// Series indexes in report order (``KPIEvaluation/orderedSeries(_:)``).
    public func orderedSeries(_ selection: ReportSelection = ReportSelection()) -> [Int] { evaluation.orderedSeries(selection) }

    /// The report's rows for a selection.
    public func rows(_ selection: ReportSelection = ReportSelection()) -> [KPIReportRow] {
        var rows: [KPIReportRow] = []
        for s in orderedSeries(selection) {
            for month in months(of: evaluation.series[s], selection) { rows += self.rows(series: s, month: month) }
        }
        return rows
    }

    /// The months a series reports for a selection: the selected one (when the series exists then), or
    /// every month from its first through the as-of month.
    public func months(of series: KPISeries, _ selection: ReportSelection) -> [Month] {
        if let month = selection.month {
            return month >= series.firstMonth && month <= windows.firstMonth.advanced(by: windows.monthCount - 1) ? [month] : []
        }
        return series.firstMonth <= asOfMonth ? Array(series.firstMonth...asOfMonth) : []
    }

    /// The windows a KPI reports in a month: the monthly ones, or for a quarterly KPI the quarter when the
    /// month ends one (calendar quarters) and none otherwise.
    public func windowKinds(_ kpi: KPIDefinition, _ month: Month) -> [ReportWindow] {
        kpi.isQuarterly ? (month.isQuarterEnd ? [.quarter] : []) : ReportWindow.monthly
    }

    /// The rows of one series in one month: the monthly windows, or the quarter when `month` ends one.
    public func rows(series s: Int, month: Month) -> [KPIReportRow] {
        let series = evaluation.series[s]
        let kpi = evaluation.catalog.definitions[series.contractIndex].kpis[series.kpiIndex]
        return windowKinds(kpi, month).map { window in
            let (met, missed, pending, excluded) = windows.counts(series: s, window: window, month: month)
            return KPIReportRow(
                providerID: series.providerID, contract: series.contract, kpi: kpi.id, month: month, window: window,
                met: met, missed: missed, pending: pending, excluded: excluded,
                unitsPerCount: kpi.unitsPerCount, target: kpi.target, bands: kpi.rating,
                isPartial: windows.isPartial(series: s, window: window, month: month), seriesIndex: s)
        }
    }
}

extension KPIEvaluation {
    /// Series indexes in the report's order (see ``KPIReport``), restricted to the selection's contract, provider
    /// and KPI; KPIs not measured are left out. Needs no windows, so listings and forecasts ask the evaluation.
    public func orderedSeries(_ selection: ReportSelection = ReportSelection()) -> [Int] {
        let unmeasured = Set(notMeasured.map { $0.contract + "\u{0}" + $0.kpi })
        func rank(_ s: KPISeries) -> Int {
            switch s.scope {
            case .provider: 0
            case .national: 1
            case .region: 2
            }
        }
        return series.indices.filter { i in
            let s = series[i]
            let kpi = catalog.definitions[s.contractIndex].kpis[s.kpiIndex].id
            return (selection.contract == nil || s.contract == selection.contract)
                && (selection.provider == nil || s.providerID == selection.provider)
                && (selection.kpi == nil || kpi == selection.kpi)
                && !unmeasured.contains(s.contract + "\u{0}" + kpi)
        }.sorted { a, b in
            let x = series[a], y = series[b]
            if x.contract != y.contract { return x.contract < y.contract }
            if rank(x) != rank(y) { return rank(x) < rank(y) }
            if x.providerID != y.providerID { return x.providerID < y.providerID }
            return x.kpiIndex < y.kpiIndex
        }
    }
}
