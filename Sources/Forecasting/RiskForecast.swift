import KPIEngine
import LinearAlgebra
import WorkingDays

/// Which part of the model produced a forecast row.
public enum ForecastMethod: String, Sendable, Equatable {
    /// The rate model (level, trend, holiday month), with the known months of the window.
    case trend
    /// As `trend`, and the month is in progress: items already decided in it are counted as they are, and
    /// its open items are forecast one by one.
    case trendWithKnown = "trend+known"
    /// As `trend`, with open items whose deadline falls in the month forecast one by one from the series'
    /// completion-time history.
    case trendWithPipeline = "trend+pipeline"
    /// The series' long-run level moved by its provider's conditions at the KPI's lag (the DocC article
    /// "Forecasting", step 7): a provider's staffing and backlogs, seen first in its short-deadline KPIs.
    case conditions
    /// Fewer than three months of data in the history: the pooled rate, shrunk toward the national rate.
    case level
    /// No measured item in the history: no forecast.
    case none
}

/// One forecast line: a series' expected rate over one window ending in one forecast month.
public struct ForecastRow: Sendable, Equatable {
    public var providerID: String
    public var contract: String
    public var kpi: String
    public var month: Month
    public var window: ReportWindow
    /// Expected rate (0…1), or `nil` when there is nothing to forecast from.
    public var expectedRate: Double?
    /// The 80% interval (10th and 90th percentiles) of the rate.
    public var lower: Double?
    public var upper: Double?
    /// The probability that the window's rate ends below target.
    public var pBelowTarget: Double?
    /// Expected measured items (met + missed) in the window.
    public var expectedVolume: Double
    /// How many more missed items the window can take, at the expected volume, before it falls below
    /// target; negative: the expected shortfall.
    public var headroom: Int?
    public var method: ForecastMethod
    public var target: BasisPoints
    /// Index of the series in ``KPIEvaluation/series``.
    public var seriesIndex: Int
}

/// Next-month KPI risk for every series at once.
///
/// Rule (the DocC article "Forecasting" has the whole model): a recency-weighted fit of level, trend and a
/// holiday-month effect for every series in one LAPACK least-squares call, shrunk toward the national rate;
/// items already decided in the month in progress count as they are; open items with deadlines in the month
/// get their own chance from the series' completion-time history when they are a material share of it;
/// beta-binomial noise with fitted over-dispersion; `p_below_target` summed exactly for small windows.
///
/// ```swift
/// let evaluation = KPIEvaluation(dataset: dataset, catalog: .builtIn, asOf: day, collectingPipeline: true)
/// let forecast = try RiskForecast(evaluation)
/// forecast.rows.filter { ($0.pBelowTarget ?? 0) > 0.5 }   // likely breaches
/// ```
public struct RiskForecast: Sendable {
    public let evaluation: KPIEvaluation
    /// The forecast months: the as-of month while it is in progress, then the month after it.
    public let months: [Month]
    public let rows: [ForecastRow]

    /// Months of history the trend is fitted on.
    public static let historyMonths = 24

    public init(_ evaluation: KPIEvaluation) throws(LinearAlgebraError) {
        self.evaluation = evaluation
        let asOfMonth = Month(containing: evaluation.asOf)
        let inProgress = evaluation.asOf < asOfMonth.lastDay
        let lastComplete = inProgress ? asOfMonth.advanced(by: -1) : asOfMonth
        months = inProgress ? [asOfMonth, asOfMonth.advanced(by: 1)] : [asOfMonth.advanced(by: 1)]
        rows = try _ForecastModel(evaluation: evaluation, lastComplete: lastComplete,
                                  inProgress: inProgress ? asOfMonth : nil).rows(months: months)
    }
}
