import KPIEngine
import LinearAlgebra
import WorkingDays

/// Which part of the model produced a forecast row.
public enum ForecastMethod: String, Sendable, Equatable {
    /// Level and volume-shrunk trend of the monthly rate, with known months of the window.
    case trend
    /// As `trend`, and the month is in progress: items already decided in it are counted as they are, and
    /// its open items are forecast one by one.
    case trendWithKnown = "trend+known"
    /// As `trend`, with open items whose deadline falls in the month forecast one by one from the series'
    /// completion-time history.
    case trendWithPipeline = "trend+pipeline"
    /// Fewer than three months of history: the level only, shrunk toward the national rate.
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
/// Rule (the DocC article "Forecasting" has the whole model):
/// - history: the 12 complete months before the first forecast month (the as-of month when the as-of date is
///   its last day, otherwise the month before it); months with no measured item take the series' pooled rate;
/// - trend: one LAPACK least-squares call (`dgels`) with the shared design [1, t] and every series as a
///   right-hand side; the slope counts with weight n / (n + 400), n the measured items of the history, and
///   its extrapolation is capped at ±10 points;
/// - level: the series' pooled history rate, shrunk toward the contract's national rate with 50 items' weight;
/// - noise: beta-binomial on the expected volume (mean measured of the last three complete months), with
///   over-dispersion fitted from each series' residuals, plus the uncertainty of the level;
/// - the as-of month while in progress: items already decided in it count as they are, and only the rest is
///   forecast; rolling windows add the known months to the forecast ones.
///
/// ```swift
/// let forecast = try RiskForecast(evaluation)
/// forecast.rows.filter { ($0.pBelowTarget ?? 0) > 0.5 }   // likely breaches
/// ```
public struct RiskForecast: Sendable {
    public let evaluation: KPIEvaluation
    /// The forecast months: the as-of month while it is in progress, then the month after it.
    public let months: [Month]
    public let rows: [ForecastRow]

    /// Months of history the trend is fitted on.
    public static let historyMonths = 12

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
