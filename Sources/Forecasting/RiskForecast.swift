import KPIEngine
import LinearAlgebra
import WorkingDays

/// The methods a forecast chooses between, by its own backtest (``RiskForecast``).
public enum ForecastCandidate: String, CaseIterable, Sendable, Equatable {
    /// The rate model: trend, cycle or provider conditions (the DocC article "Forecasting", steps 1–8).
    case model
    /// Exponential smoothing of the monthly met and measured counts, its weight chosen per family.
    case localLevel = "local-level"
    /// Holt's damped trend on the monthly rates, its weights chosen per family.
    case dampedTrend = "damped-trend"
    /// The series' pooled rate from its service start (a baseline).
    case longRun = "long-run"
    /// The series' latest month's rate (a baseline).
    case lastMonth = "last-month"
    /// The mean of the model's and the local level's rates.
    case blend
}

/// Which method produced a forecast row, and which layer of known or open items it used.
///
/// Rule: the `method` column is the candidate's name as `--method` takes it (``ForecastCandidate``: `model`,
/// `local-level`, `damped-trend`, `long-run`, `last-month`, `blend`; empty when nothing could be forecast);
/// `model_step` says which step of the rate model forecast a `model` row (`trend`, `cycle`, `conditions`, or
/// `level` for a series with fewer than three months of data); `uses` says whether items already decided in the
/// month in progress (`known`) or open items one by one (`pipeline`) were used.
public struct ForecastMethod: Sendable, Equatable, CustomStringConvertible {
    public enum Base: String, Sendable, Equatable {
        /// The rate model's level, trend and holiday month (steps 1–5).
        case trend
        /// The rate model's autoregression of the series' deviations (step 6).
        case cycle
        /// The series' long-run level moved by its provider's conditions at the KPI's lag (step 7).
        case conditions
        /// Fewer than three months of data: the pooled rate, shrunk toward the national rate.
        case level
        case localLevel = "local-level"
        case dampedTrend = "damped-trend"
        case longRun = "long-run"
        case lastMonth = "last-month"
        case blend
        /// No measured item in the history: no forecast.
        case none
    }
    public enum Layer: String, Sendable, Equatable {
        /// The month is in progress: items already decided in it count as they are.
        case known
        /// Open items whose deadline falls in the month are forecast one by one from the series'
        /// completion-time history.
        case pipeline
    }
    public var base: Base
    public var layer: Layer?

    public init(_ base: Base, _ layer: Layer? = nil) {
        self.base = base
        self.layer = layer
    }

    /// The candidate that made the row (`nil`: nothing to forecast from).
    public var candidate: ForecastCandidate? {
        switch base {
        case .trend, .cycle, .conditions, .level: .model
        case .localLevel: .localLevel
        case .dampedTrend: .dampedTrend
        case .longRun: .longRun
        case .lastMonth: .lastMonth
        case .blend: .blend
        case .none: nil
        }
    }

    /// The rate model's step for a `model` row: `trend`, `cycle`, `conditions` or `level`; else `nil`.
    public var modelStep: String? { candidate == .model ? base.rawValue : nil }

    /// The `method` column: the candidate's name as `--method` takes it, or empty.
    public var rawValue: String { candidate?.rawValue ?? "" }
    public var description: String { rawValue }

    public static let trend = ForecastMethod(.trend)
    public static let trendWithKnown = ForecastMethod(.trend, .known)
    public static let trendWithPipeline = ForecastMethod(.trend, .pipeline)
    public static let conditions = ForecastMethod(.conditions)
    public static let level = ForecastMethod(.level)
    public static let none = ForecastMethod(.none)
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
    /// The probability that the window's rate ends below target: strictly between 0 and 1 unless ``decided``.
    public var pBelowTarget: Double?
    /// Whether the known counts already decide the window: below target however the undecided items go (1), or at
    /// or above it however they go (0), or nothing is left to decide.
    public var decided = false
    /// Why a row has no probability (`nothing measured in the series' history`), else `nil`.
    public var note: String?
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

/// Next-month KPI risk for every series at once: the blend of the rate model and a local level, moved by leading
/// indicators where they have earned their place.
///
/// Rule (the DocC article "Forecasting" has the whole model): six candidates (``ForecastCandidate``: the rate
/// model, a local level, a damped trend, the long-run rate, last month and the blend of model and local level)
/// forecast every series on the 12 months before the as-of month (only the counts recorded by then); their
/// errors there set each one's noise, and the scores are shown by `--explain`. Every series with three months of
/// data is forecast by the blend, moved by its provider's leading indicators (``LeadingIndicator``) in the
/// contracts where those predicted the inner months out of sample. Items already decided in the month in
/// progress count as they are and update the rate of the rest; beta-binomial noise from the backtest's errors;
/// `p_below_target` summed exactly for small windows.
///
/// ```swift
/// let evaluation = KPIEvaluation(dataset: dataset, catalog: .builtIn, asOf: day, collectingPipeline: true)
/// let forecast = try RiskForecast(evaluation)
/// forecast.rows.filter { ($0.pBelowTarget ?? 0) > 0.5 }   // likely breaches
/// forecast.choices.first?.method                          // .blend
/// ```
public struct RiskForecast: Sendable {
    public let evaluation: KPIEvaluation
    /// The forecast months: the as-of month while it is in progress, then the month after it.
    public let months: [Month]
    public let rows: [ForecastRow]

    /// Months of history the trend is fitted on.
    public static let historyMonths = 24

    /// Per forecast series (quarterly KPIs have none): its method and every candidate's score on the inner backtest.
    public let choices: [MethodChoice]
    /// The inner backtest's origins (the months before the last complete one whose next month was scored).
    public let selectionOrigins: [Month]

    /// Forecasts every series by the blend with the leading indicators that earned their place, or by `method`
    /// (without indicators) for every series with three months of data or more.
    public init(_ evaluation: KPIEvaluation, method: ForecastCandidate? = nil) throws(LinearAlgebraError) {
        let parts = try Self.parts(evaluation)
        self.init(evaluation, parts, method: method)
    }

    /// The model fitted at the last complete month and the selection's backtest, which every method's
    /// forecast shares (the backtest makes one of each per candidate).
    static func parts(_ evaluation: KPIEvaluation) throws(LinearAlgebraError) -> (model: _ForecastModel, selection: _MethodSelection, order: [Int]) {
        let asOfMonth = Month(containing: evaluation.asOf)
        let inProgress = evaluation.asOf < asOfMonth.lastDay
        let lastComplete = inProgress ? asOfMonth.advanced(by: -1) : asOfMonth
        let model = try _ForecastModel(evaluation: evaluation, lastComplete: lastComplete, inProgress: inProgress ? asOfMonth : nil)
        let selection = try _MethodSelection(evaluation: evaluation, lastComplete: lastComplete) { origin throws(LinearAlgebraError) in
            try _ForecastModel(evaluation: evaluation, lastComplete: origin, inProgress: nil, usingPipeline: false)
        }
        // The report's series order, once: every method's rows share it (KPIReport makes the windows too).
        return (model, selection, evaluation.orderedSeries())
    }

    /// With `indicators`, the forecast uses only those leading indicators (the backtest's measure of each one), and
    /// the level correction only with `levelCorrection`.
    init(_ evaluation: KPIEvaluation, _ parts: (model: _ForecastModel, selection: _MethodSelection, order: [Int]),
         method: ForecastCandidate?, indicators: [LeadingIndicator]? = nil, levelCorrection: Bool = true) {
        self.evaluation = evaluation
        var (model, selection, order) = parts
        if let method { selection.force(method) }
        if let indicators { selection.fitIndicators(indicators, levelCorrection: levelCorrection) }
        months = model.inProgress.map { [$0, $0.advanced(by: 1)] } ?? [model.lastComplete.advanced(by: 1)]
        model.use(selection)
        rows = model.rows(months: months, order: order)
        selectionOrigins = selection.origins
        choices = evaluation.series.indices.compactMap { s in
            guard !_ForecastModel.kpi(evaluation, s).isQuarterly else { return nil }
            var scores: [(ForecastCandidate, Double)] = []
            for (c, candidate) in ForecastCandidate.allCases.enumerated() {
                if let score = selection.scores[s][c] { scores.append((candidate, score)) }
            }
            let indicators = selection.indicatorValues(s).map { Array(zip(selection.usedIndicators, $0)) } ?? []
            return MethodChoice(seriesIndex: s, method: selection.chosen[s], scoredOrigins: selection.scoredOrigins[s], scores: scores,
                                indicatorShift: selection.shift[s], indicators: indicators)
        }
    }
}

/// The method of one series, and the inner backtest's score of every candidate.
public struct MethodChoice: Sendable, Equatable {
    /// Index of the series in ``KPIEvaluation/series``.
    public var seriesIndex: Int
    public var method: ForecastCandidate
    /// The series' own scored inner origins (its score is shrunk toward its family's with 24 rows' weight).
    public var scoredOrigins: Int
    /// Each candidate's shrunk mean score n·(r − p)²/p(1−p) (lower is better), in ``ForecastCandidate`` order;
    /// empty when nothing was scored.
    public var scores: [(candidate: ForecastCandidate, score: Double)]
    /// What the leading indicators and the level correction add to the series' rate in the forecast months (0: none
    /// used).
    public var indicatorShift: Double = 0
    /// The indicators' values at the last complete month, when the series' contract uses them.
    public var indicators: [(indicator: LeadingIndicator, value: Double)] = []

    public static func == (a: MethodChoice, b: MethodChoice) -> Bool {
        a.seriesIndex == b.seriesIndex && a.method == b.method && a.scoredOrigins == b.scoredOrigins
            && a.scores.map(\.candidate) == b.scores.map(\.candidate) && a.scores.map(\.score) == b.scores.map(\.score)
            && a.indicatorShift == b.indicatorShift && a.indicators.map(\.indicator) == b.indicators.map(\.indicator)
            && a.indicators.map(\.value) == b.indicators.map(\.value)
    }
}
