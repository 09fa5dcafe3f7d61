import CaseData
import Foundation
import KPIEngine
import LinearAlgebra
import WorkingDays
import _ATWUtilities

/// A rolling-origin backtest of ``RiskForecast``, of each of its candidate methods, and of two baselines and
/// a reference smoother.
///
/// Rule: for each origin month O from `from` through `to`, the dataset is evaluated as of O's last day (so
/// nothing later is visible) and month O + 1 is forecast; the forecast is scored against what happened: the
/// month's figures as of the dataset's latest recorded day. Every series × window (in-month, rolling 3,
/// rolling 12) whose outcome has a measured item, whose forecast has a probability, and whose series had a
/// measured item in the origin month (so both baselines exist) is scored, the same rows for every forecaster:
/// - Brier score: mean of (p_below_target − below)², below 1 when the actual rate fell below target;
/// - MAE: mean |expected rate − actual rate| in percentage points;
/// - calibration: per decile of p_below_target, the mean probability and the observed frequency.
///
/// The forecasters: the forecast as `kpi forecast` makes it (each series by the method its own backtest
/// chose, ``ForecastCandidate``), each candidate method for every series, the baselines (next month's rate
/// is last month's in-month rate, or the series' pooled rate from its service start to the origin, at last
/// month's volume with binomial noise), and a reference smoother: an exponentially weighted moving average
/// of the monthly met and measured counts, 0.4 on the past (M ← 0.4·M + 0.6·met), its rate M / N at its
/// volume N with binomial noise plus 0.5 points of extra spread. Rolling windows add their known months as
/// the forecast does, and every probability is computed the same way (exactly for small volumes). Scores are
/// given overall, per window and per KPI family (contract and KPI, every window).
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

        /// The widest gap between a populated decile's mean probability and its observed frequency.
        public var widestCalibrationGap: Double {
            calibration.filter { $0.rows > 0 }.map { abs($0.meanProbability - $0.observed) }.max() ?? 0
        }
    }

    /// The scores of every forecaster over one group of rows (all, a window, a KPI family).
    public struct Group: Sendable, Equatable {
        /// `all`, `in_month`, `rolling_3`, `rolling_12`, or a family `atw-ha HA-1`.
        public var name: String
        /// In ``forecasters`` order.
        public var scores: [Score]
    }

    /// The forecasters' names, in the order of every group's scores: `forecast`, the candidates,
    /// `last-month-binomial`, `long-run-binomial`, `ewma-reference` (the baselines at binomial noise and the
    /// reference, named apart from the candidates `last-month` and `long-run`).
    public static let forecasters = ["forecast"] + ForecastCandidate.allCases.map(\.rawValue)
        + indicatorAblations.map(\.name) + ["last-month-binomial", "long-run-binomial", "ewma-reference"]

    /// The forecast again with other leading indicators, which measures what each contributes: without any
    /// (`forecast-without-indicators`), without each one it reads (`forecast-without-referrals`, ...), and with each
    /// one it leaves out added (`forecast-with-completion-time`); `change` says which, for the text table.
    public static let indicatorAblations: [(name: String, change: String, used: [LeadingIndicator])] =
        [("forecast-without-indicators", "without any", [])]
        + LeadingIndicator.forecastSet.map { left in
            ("forecast-without-\(left.rawValue)", "without \(left.rawValue)", LeadingIndicator.forecastSet.filter { $0 != left })
        }
        + LeadingIndicator.allCases.filter { !LeadingIndicator.forecastSet.contains($0) }.map { added in
            ("forecast-with-\(added.rawValue)", "with \(added.rawValue)", LeadingIndicator.forecastSet + [added])
        }

    public let origins: [Month]
    public let actualAsOf: Day
    /// Overall, then per window, then per KPI family.
    public let groups: [Group]
    /// The forecast as `kpi forecast` makes it, over every row.
    public var model: Score { groups[0].scores[0] }
    public var lastMonth: Score { groups[0].scores[Self.forecasters.count - 3] }
    public var longRun: Score { groups[0].scores[Self.forecasters.count - 2] }
    public var ewmaReference: Score { groups[0].scores[Self.forecasters.count - 1] }
    /// The model's Brier score relative to the better baseline's (0.75 = 25% lower).
    public var brierRatio: Double { model.brier / min(lastMonth.brier, longRun.brier) }
    /// The group of that name (`all`, a window's CSV name, or a family).
    public func group(_ name: String) -> Group? { groups.first { $0.name == name } }

    /// The reference smoother's weight on the past and its extra spread (a rate's standard deviation).
    static let referencePastWeight = 0.4, referenceSpread = 0.005

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
        let forecasterCount = Self.forecasters.count, candidates = ForecastCandidate.allCases
        var names = ["all"] + [ReportWindow.inMonth, .rolling3, .rolling12].map(\.rawValue)
        var groupIndex = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var tallies = [[_Tally]](repeating: [_Tally](repeating: _Tally(), count: forecasterCount), count: names.count)
        for origin in origins {
            let evaluation = KPIEvaluation(dataset: dataset, catalog: catalog, asOf: origin.lastDay, collectingPipeline: true)
            let parts = try RiskForecast.parts(evaluation)
            let forecast = RiskForecast(evaluation, parts, method: nil)
            // Without any indicator, a forecast that used none is itself.
            let usedNone = parts.selection.effects.allSatisfy(\.isEmpty)
            // The candidates' and the ablations' forecasts are independent: made two at a time.
            let others = _parallelMap(candidates.count + Self.indicatorAblations.count) { i -> RiskForecast in
                if i < candidates.count { return RiskForecast(evaluation, parts, method: candidates[i]) }
                let ablation = Self.indicatorAblations[i - candidates.count]
                return usedNone && ablation.used.isEmpty ? forecast : RiskForecast(evaluation, parts, method: nil, indicators: ablation.used)
            }
            let forecasts = [forecast] + others
            let known = WindowCounts(evaluation)
            let counts = evaluation.counts
            let target = origin.advanced(by: 1)
            for (r, row) in forecasts[0].rows.enumerated() where row.month == target {
                let outcome = actualWindows.counts(series: row.seriesIndex, window: row.window, month: target)
                let measured = outcome.met + outcome.missed
                guard measured > 0, forecasts.allSatisfy({ $0.rows[r].pBelowTarget != nil && $0.rows[r].expectedRate != nil }) else { continue }
                let rate = Double(outcome.met) / Double(measured)
                let below = outcome.met * 10_000 < Int64(row.target.rawValue) * measured
                // Baselines: next month's rate is last month's, or the series' long-run rate (service start to
                // the origin), at last month's volume; the window's other months are known as for the model.
                let s = row.seriesIndex
                let last = known.counts(series: s, window: .inMonth, month: origin)
                let cumulative = known.counts(series: s, window: .cumulative, month: origin)
                let volume = Double(last.met + last.missed), longVolume = Double(cumulative.met + cumulative.missed)
                // Only rows all can forecast are scored, so the scores compare like with like.
                guard volume > 0, longVolume > 0 else { continue }
                let span = row.window == .rolling3 ? 3 : row.window == .rolling12 ? 12 : 1
                var knownMet = 0.0, knownVolume = 0.0
                for back in 1..<span {
                    let c = known.counts(series: s, window: .inMonth, month: target.advanced(by: -back))
                    knownMet += Double(c.met)
                    knownVolume += Double(c.met + c.missed)
                }
                func forecast(_ r: Double, volume: Double, extra: Double = 0) -> (probability: Double, expected: Double) {
                    (_ForecastModel.probabilityBelow(target: row.target, knownMet: knownMet, knownVolume: knownVolume,
                                                     met: r * volume, variance: volume * r * (1 - r) + volume * volume * extra,
                                                     volume: volume),
                     (knownMet + r * volume) / (knownVolume + volume))
                }
                // The reference: counts smoothed from the series' first month to the origin.
                var smoothedMet = 0.0, smoothedMeasured = 0.0, started = false
                var m = evaluation.series[s].firstMonth
                while m <= origin {
                    let met = counts[series: s, status: .met, month: m], n = met + counts[series: s, status: .missed, month: m]
                    if started {
                        smoothedMet = Self.referencePastWeight * smoothedMet + (1 - Self.referencePastWeight) * met
                        smoothedMeasured = Self.referencePastWeight * smoothedMeasured + (1 - Self.referencePastWeight) * n
                    } else if n > 0 {
                        (smoothedMet, smoothedMeasured, started) = (met, n, true)
                    }
                    m = m.advanced(by: 1)
                }
                let lastRate = forecast(Double(last.met) / volume, volume: volume)
                let longRate = forecast(Double(cumulative.met) / longVolume, volume: volume)
                let reference = forecast(smoothedMet / smoothedMeasured, volume: smoothedMeasured,
                                         extra: Self.referenceSpread * Self.referenceSpread)
                let kpi = evaluation.catalog.definitions[evaluation.series[s].contractIndex].kpis[evaluation.series[s].kpiIndex]
                let family = "\(row.contract) \(kpi.id)"
                if groupIndex[family] == nil {
                    groupIndex[family] = names.count
                    names.append(family)
                    tallies.append([_Tally](repeating: _Tally(), count: forecasterCount))
                }
                for g in [0, groupIndex[row.window.rawValue]!, groupIndex[family]!] {
                    for (f, made) in forecasts.enumerated() {
                        tallies[g][f].add(p: made.rows[r].pBelowTarget!, rate: made.rows[r].expectedRate!, actual: rate, below: below)
                    }
                    tallies[g][forecasterCount - 3].add(p: lastRate.probability, rate: lastRate.expected, actual: rate, below: below)
                    tallies[g][forecasterCount - 2].add(p: longRate.probability, rate: longRate.expected, actual: rate, below: below)
                    tallies[g][forecasterCount - 1].add(p: reference.probability, rate: reference.expected, actual: rate, below: below)
                }
            }
        }
        // Families in the catalog's order of contracts and KPIs, after the overall and window groups.
        let order = names.enumerated().sorted { a, b in
            a.offset < 4 || b.offset < 4 ? a.offset < b.offset : a.element.localizedStandardCompare(b.element) == .orderedAscending
        }
        groups = order.map { (g, name) in
            Group(name: name, scores: tallies[g].enumerated().map { $1.score(Self.forecasters[$0]) })
        }
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
