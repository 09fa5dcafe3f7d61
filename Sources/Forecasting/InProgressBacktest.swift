import CaseData
import Foundation
import KPIEngine
import LinearAlgebra
import WorkingDays

/// A backtest of the forecast of the month in progress, made on a chosen day of each month, beside the naive
/// forecast from the items decided so far.
///
/// Rule (the DocC article "Forecasting", "The month in progress"): for each month O from `from` through `to`
/// whose last day is on or before the actuals date, the dataset is evaluated as of O's day `day` (so nothing later
/// is visible) and O's in-month window is forecast; every series with a measured item in O's actual figures
/// (as of the actuals date), a forecast probability and an item decided by the origin or a measured item in the
/// month before is scored, the same rows for both forecasters:
/// - `forecast`: as `kpi forecast` makes it on that day (decided items as they are, open items one by one from the
///   forecast's method, the rest at its rate updated by the items decided so far);
/// - `so-far`: the rate of the items decided so far in O (last month's rate when none is decided yet) for the
///   forecast's remaining volume, with binomial noise.
/// Scores: Brier score of p_below_target, mean absolute error and bias of the expected rate, calibration by decile.
///
/// ```swift
/// let backtest = try InProgressBacktest(dataset: dataset, catalog: .builtIn, from: Month("2026-01")!, to: Month("2026-09")!, day: 15)
/// backtest.forecast.brier / backtest.soFar.brier   // below 1: the forecast reads more than the decided items
/// ```
public struct InProgressBacktest: Sendable {
    /// The forecasters, in the order of ``scores``.
    public static let forecasters = ["forecast", "so-far"]

    /// The day of each month the forecast is made on.
    public let day: Int
    /// The months forecast while in progress.
    public let origins: [Month]
    public let actualAsOf: Day
    /// In ``forecasters`` order.
    public let scores: [ForecastBacktest.Score]

    public var forecast: ForecastBacktest.Score { scores[0] }
    public var soFar: ForecastBacktest.Score { scores[1] }

    public init(dataset: Dataset, catalog: ContractCatalog, from: Month, to: Month, day: Int, actualAsOf: Day? = nil)
        throws(LinearAlgebraError) {
        let latest = actualAsOf ?? dataset.latestRecordedDay ?? to.lastDay
        self.day = day
        self.actualAsOf = latest
        let actual = WindowCounts(KPIEvaluation(dataset: dataset, catalog: catalog, asOf: latest))
        var origins: [Month] = []
        var month = from
        while month <= to && month.lastDay <= latest {
            if day <= Day.daysIn(month: month.month, year: month.year) { origins.append(month) }
            month = month.advanced(by: 1)
        }
        self.origins = origins
        var tallies = [_Tally](repeating: _Tally(), count: Self.forecasters.count)
        for origin in origins {
            let asOf = origin.firstDay.advanced(by: day - 1)
            let evaluation = KPIEvaluation(dataset: dataset, catalog: catalog, asOf: asOf, collectingPipeline: true)
            let made = try RiskForecast(evaluation)
            let counts = evaluation.counts
            for row in made.rows where row.month == origin && row.window == .inMonth {
                let s = row.seriesIndex
                let outcome = actual.counts(series: s, window: .inMonth, month: origin)
                let measured = outcome.met + outcome.missed
                guard measured > 0, let p = row.pBelowTarget, let expected = row.expectedRate else { continue }
                // What is decided so far, and the naive rate for the rest.
                let metSoFar = counts[series: s, status: .met, month: origin]
                let decided = metSoFar + counts[series: s, status: .missed, month: origin]
                let previousMet = counts[series: s, status: .met, month: origin.advanced(by: -1)]
                let previous = previousMet + counts[series: s, status: .missed, month: origin.advanced(by: -1)]
                let naiveRate: Double
                if decided > 0 { naiveRate = metSoFar / decided } else if previous > 0 { naiveRate = previousMet / previous } else { continue }
                let remaining = max(row.expectedVolume - decided, 0)
                let naiveP = _ForecastModel.probabilityBelow(target: row.target, knownMet: metSoFar, knownVolume: decided,
                                                             met: naiveRate * remaining, variance: remaining * naiveRate * (1 - naiveRate),
                                                             volume: remaining)
                let naiveExpected = (metSoFar + naiveRate * remaining) / max(decided + remaining, 1e-12)
                let rate = Double(outcome.met) / Double(measured)
                let below = outcome.met * 10_000 < Int64(row.target.rawValue) * measured
                tallies[0].add(p: p, rate: expected, actual: rate, below: below)
                tallies[1].add(p: naiveP, rate: naiveExpected, actual: rate, below: below)
            }
        }
        scores = tallies.enumerated().map { $1.score(Self.forecasters[$0]) }
    }
}
