import CaseData
import Foundation
import KPIEngine
import LinearAlgebra
import WorkingDays

/// A rolling-origin backtest of ``RiskForecast`` against two baselines.
///
/// Rule: for each origin month O from `from` through `to`, the dataset is evaluated as of O's last day (so
/// nothing later is visible) and month O + 1 is forecast; the forecast is scored against what happened: the
/// month's figures as of the dataset's latest recorded day. Every series × window (in-month, rolling 3,
/// rolling 12) whose outcome has a measured item, whose forecast has a probability, and whose series had a
/// measured item in the origin month (so both baselines exist) is scored, the same rows for all three:
/// - Brier score: mean of (p_below_target − below)², below 1 when the actual rate fell below target;
/// - MAE: mean |expected rate − actual rate| in percentage points;
/// - calibration: per decile of p_below_target, the mean probability and the observed frequency.
/// The baselines forecast the month's rate as last month's (in-month) rate or the series' pooled rate from its
/// service start to the origin (long-run rate), at last month's volume with binomial noise; rolling windows
/// add their known months as the model does, and the probability is computed the same way (exactly for small
/// volumes).
///
/// ```swift
/// let backtest = try ForecastBacktest(dataset: dataset, catalog: .builtIn, from: Month("2025-01")!, to: Month("2026-10")!)
/// backtest.model.brier   // vs backtest.lastMonth.brier and backtest.longRun.brier
/// ```
public struct ForecastBacktest: Sendable {
    /// The score of one forecaster over every scored row.
    public struct Score: Sendable, Equatable {
        public var name: String
        public var rows: Int
        public var brier: Double
        /// Mean absolute error of the expected rate, in percentage points.
        public var meanAbsoluteError: Double
        /// Mean of expected − actual rate, in percentage points (negative: forecasts too low).
        public var bias: Double
        /// Ten deciles of p_below_target: rows, mean probability, observed frequency of a breach.
        public var calibration: [(rows: Int, meanProbability: Double, observed: Double)]

        public static func == (a: Score, b: Score) -> Bool {
            a.name == b.name && a.rows == b.rows && a.brier == b.brier && a.meanAbsoluteError == b.meanAbsoluteError
                && a.calibration.map(\.rows) == b.calibration.map(\.rows)
        }
    }

    public let origins: [Month]
    public let actualAsOf: Day
    public let model: Score
    public let lastMonth: Score
    public let longRun: Score
    /// The model's Brier score relative to the better baseline's (0.75 = 25% lower).
    public var brierRatio: Double { model.brier / min(lastMonth.brier, longRun.brier) }

    public init(dataset: Dataset, catalog: ContractCatalog, from: Month, to: Month, actualAsOf: Day? = nil)
        throws(LinearAlgebraError) {
        let latest = actualAsOf ?? dataset.latestRecordedDay ?? to.advanced(by: 1).lastDay
        self.actualAsOf = latest
        let actual = KPIEvaluation(dataset: dataset, catalog: catalog, asOf: latest)
        let actualWindows = WindowCounts(actual)
        var origins: [Month] = []
        var month = from
        while month <= to && month.advanced(by: 1).lastDay <= latest {
            origins.append(month)
            month = month.advanced(by: 1)
        }
        self.origins = origins
        var model = _Tally(), lastMonth = _Tally(), longRun = _Tally()
        for origin in origins {
            let evaluation = KPIEvaluation(dataset: dataset, catalog: catalog, asOf: origin.lastDay, collectingPipeline: true)
            let forecast = try RiskForecast(evaluation)
            let known = WindowCounts(evaluation)
            let target = origin.advanced(by: 1)
            for row in forecast.rows where row.month == target {
                let outcome = actualWindows.counts(series: row.seriesIndex, window: row.window, month: target)
                let measured = outcome.met + outcome.missed
                guard measured > 0, let p = row.pBelowTarget, let expected = row.expectedRate else { continue }
                let rate = Double(outcome.met) / Double(measured)
                let below = outcome.met * 10_000 < Int64(row.target.rawValue) * measured
                // Baselines: next month's rate is last month's, or the series' long-run rate (service start to
                // the origin), at last month's volume; the window's other months are known as for the model.
                let last = known.counts(series: row.seriesIndex, window: .inMonth, month: origin)
                let cumulative = known.counts(series: row.seriesIndex, window: .cumulative, month: origin)
                let volume = Double(last.met + last.missed), longVolume = Double(cumulative.met + cumulative.missed)
                // Only rows all three can forecast are scored, so the scores compare like with like.
                guard volume > 0, longVolume > 0 else { continue }
                let span = row.window == .rolling3 ? 3 : row.window == .rolling12 ? 12 : 1
                var knownMet = 0.0, knownVolume = 0.0
                for back in 1..<span {
                    let c = known.counts(series: row.seriesIndex, window: .inMonth, month: target.advanced(by: -back))
                    knownMet += Double(c.met)
                    knownVolume += Double(c.met + c.missed)
                }
                func baseline(_ r: Double) -> (probability: Double, expected: Double) {
                    (_ForecastModel.probabilityBelow(target: row.target, knownMet: knownMet, knownVolume: knownVolume,
                                                     met: r * volume, variance: volume * r * (1 - r), volume: volume),
                     (knownMet + r * volume) / (knownVolume + volume))
                }
                let lastRate = baseline(Double(last.met) / volume)
                let longRate = baseline(Double(cumulative.met) / longVolume)
                model.add(p: p, rate: expected, actual: rate, below: below)
                lastMonth.add(p: lastRate.probability, rate: lastRate.expected, actual: rate, below: below)
                longRun.add(p: longRate.probability, rate: longRate.expected, actual: rate, below: below)
            }
        }
        self.model = model.score("model")
        self.lastMonth = lastMonth.score("last month")
        self.longRun = longRun.score("long-run rate")
    }

}

/// Running sums for one forecaster's score.
struct _Tally {
    var rows = 0, squaredError = 0.0, absoluteError = 0.0, signedError = 0.0
    var decileRows = [Int](repeating: 0, count: 10)
    var decileProbability = [Double](repeating: 0, count: 10), decileBreaches = [Double](repeating: 0, count: 10)

    mutating func add(p: Double, rate: Double, actual: Double, below: Bool) {
        let y = below ? 1.0 : 0.0
        rows += 1
        squaredError += (p - y) * (p - y)
        absoluteError += abs(rate - actual) * 100
        signedError += (rate - actual) * 100
        let decile = min(9, max(0, Int(p * 10)))
        decileRows[decile] += 1
        decileProbability[decile] += p
        decileBreaches[decile] += y
    }

    func score(_ name: String) -> ForecastBacktest.Score {
        let n = Double(max(rows, 1))
        return ForecastBacktest.Score(
            name: name, rows: rows, brier: squaredError / n, meanAbsoluteError: absoluteError / n, bias: signedError / n,
            calibration: (0..<10).map { d in
                let k = Double(max(decileRows[d], 1))
                return (decileRows[d], decileProbability[d] / k, decileBreaches[d] / k)
            })
    }
}
