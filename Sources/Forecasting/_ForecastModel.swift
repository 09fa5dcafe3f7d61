import Foundation
import KPIEngine
import LinearAlgebra
import WorkingDays

/// The forecast of one series for one month: expected met, its variance, and the measured volume.
struct _MonthForecast {
    var met: Double
    var variance: Double
    var volume: Double
    /// Open items forecast one by one from the completion-time history.
    var open: Double
}

/// The fitted model of every series, and the rows it produces.
struct _ForecastModel {
    let evaluation: KPIEvaluation
    let lastComplete: Month
    let inProgress: Month?
    /// Per series: forecast rate (level + damped trend step per month ahead), fitted pieces.
    var level: [Double] = []
    var slope: [Double] = []
    var slopeWeight: [Double] = []
    var history: [Double] = []      // measured items in the history window
    var monthsWithData: [Int] = []
    var volume: [Double] = []       // expected items per month
    var dispersion: [Double] = []   // beta-binomial ρ
    /// Provider series whose pipeline each series holds (itself, or a pool's members).
    var memberSeries: [[Int]] = []

    static let slopePrior = 400.0, levelPrior = 50.0, maximumTrendStep = 0.10

    init(evaluation: KPIEvaluation, lastComplete: Month, inProgress: Month?) throws(LinearAlgebraError) {
        self.evaluation = evaluation
        self.lastComplete = lastComplete
        self.inProgress = inProgress
        let series = evaluation.series, counts = evaluation.counts
        let h = RiskForecast.historyMonths
        let historyMonths = (0..<h).map { lastComplete.advanced(by: $0 - (h - 1)) }
        let count = series.count
        // Pooled history rates, then the national rate of each contract × KPI.
        var met = [Double](repeating: 0, count: count), measured = met
        var monthly = [[(met: Double, measured: Double)]](repeating: [], count: count)
        for s in 0..<count {
            for month in historyMonths {
                let m = counts[series: s, status: .met, month: month], x = counts[series: s, status: .missed, month: month]
                monthly[s].append((m, m + x))
                met[s] += m
                measured[s] += m + x
            }
        }
        var national: [Int: Double] = [:]
        for (s, item) in series.enumerated() where item.scope == .national && measured[s] > 0 {
            national[item.contractIndex * 1000 + item.kpiIndex] = met[s] / measured[s]
        }
        // Right-hand sides: monthly rates, months without items at the series' pooled rate.
        var design = Matrix(rows: h, columns: 2)
        for t in 0..<h {
            design[t, 0] = 1
            design[t, 1] = Double(t) - Double(h - 1) / 2
        }
        var rates = Matrix(rows: h, columns: count)
        var pooled = [Double](repeating: 0, count: count)
        for s in 0..<count {
            let target = Double(Self.kpi(evaluation, s).target.rawValue) / 10_000
            pooled[s] = measured[s] > 0 ? met[s] / measured[s]
                : national[series[s].contractIndex * 1000 + series[s].kpiIndex] ?? target
            for t in 0..<h {
                let (m, n) = monthly[s][t]
                rates[t, s] = n > 0 ? m / n : pooled[s]
            }
        }
        let fit = try Matrix.leastSquares(design, rates)
        var providerSeries: [Int: Int] = [:]   // provider row × 1000 + KPI → series
        for (s, item) in series.enumerated() {
            if case .provider(let row) = item.scope { providerSeries[row * 1000 + item.kpiIndex] = s }
        }
        memberSeries = series.map { item in item.members.compactMap { providerSeries[$0 * 1000 + item.kpiIndex] } }
        for s in 0..<count {
            let n = measured[s]
            let withData = monthly[s].filter { $0.measured > 0 }.count
            let nationalRate = national[series[s].contractIndex * 1000 + series[s].kpiIndex] ?? pooled[s]
            level.append((n * pooled[s] + Self.levelPrior * nationalRate) / (n + Self.levelPrior))
            slope.append(fit[1, s])
            slopeWeight.append(withData >= 3 ? n / (n + Self.slopePrior) : 0)
            history.append(n)
            monthsWithData.append(withData)
            let recent = monthly[s].suffix(3).filter { $0.measured > 0 }
            volume.append(recent.isEmpty ? 0 : recent.reduce(0) { $0 + $1.measured } / Double(recent.count))
            // Over-dispersion from the residuals: Var(rate) = p(1-p)/n · (1 + (n-1)ρ).
            var ratio = 0.0, items = 0.0, used = 0.0
            let p = min(max(pooled[s], 0.001), 0.999)
            for t in 0..<h where monthly[s][t].measured > 0 {
                let (m, x) = monthly[s][t]
                let fitted = fit[0, s] + fit[1, s] * design[t, 1]
                let residual = m / x - fitted
                ratio += residual * residual / (p * (1 - p) / x)
                items += x
                used += 1
            }
            if used >= 3 && items / used > 1 {
                let phi = ratio / (used - 2)   // two fitted coefficients
                dispersion.append(min(max((phi - 1) / (items / used - 1), 0), 0.5))
            } else {
                dispersion.append(0)
            }
        }
    }

    static func kpi(_ evaluation: KPIEvaluation, _ s: Int) -> KPIDefinition {
        let item = evaluation.series[s]
        return evaluation.catalog.definitions[item.contractIndex].kpis[item.kpiIndex]
    }

    /// The forecast rate of series `s` for `month` (months after the last complete one).
    func rate(_ s: Int, month: Month) -> Double {
        // The level is the history's mean, so the trend steps from the history's centre month.
        let fromCentre = Double(lastComplete.distance(to: month)) + Double(RiskForecast.historyMonths - 1) / 2
        let step = slopeWeight[s] * slope[s] * fromCentre
        let capped = min(max(step, -Self.maximumTrendStep), Self.maximumTrendStep)
        return min(max(level[s] + capped, 0), 1)
    }

    /// Series `s` in `month`: items already decided in it (when it is the month in progress) count as they
    /// are; items still open with their deadline in it each get their own chance of completing in time from
    /// the series' completion-time history (when the evaluation collected its pipeline); the rest of the
    /// expected volume is forecast at the series' rate.
    func monthForecast(_ s: Int, _ month: Month) -> _MonthForecast {
        let counts = evaluation.counts
        var knownMet = 0.0, knownMissed = 0.0
        if month == inProgress {
            knownMet = counts[series: s, status: .met, month: month]
            knownMissed = counts[series: s, status: .missed, month: month]
        }
        let known = knownMet + knownMissed
        let p = rate(s, month: month)
        // Open items with their deadline in the month.
        var openMet = 0.0, openVariance = 0.0, open = 0.0
        let offset = Month(containing: evaluation.asOf).distance(to: month)
        if let pipeline = evaluation.pipeline, offset == 0 || offset == 1, !memberSeries[s].isEmpty {
            let buckets = CompletionPipeline.buckets
            var histogram = [Int32](repeating: 0, count: buckets), left = histogram
            for m in memberSeries[s] {
                for b in 0..<buckets {
                    histogram[b] += pipeline.slack[m * buckets + b]
                    left[b] += pipeline.pending[(m * 2 + offset) * buckets + b]
                }
            }
            for r in 0..<buckets where left[r] > 0 {
                let q = CompletionPipeline.chance(histogram, workingDaysLeft: r, prior: p)
                openMet += Double(left[r]) * q
                openVariance += Double(left[r]) * q * (1 - q)
                open += Double(left[r])
            }
        } else if month == inProgress {
            open = counts[series: s, status: .pending, month: month]
            openMet = open * p
            openVariance = open * p * (1 - p)
        }
        let remaining = max(volume[s] - known - open, 0)
        let rho = dispersion[s]
        let sampling = remaining * p * (1 - p) * (1 + max(remaining - 1, 0) * rho)
        let levelUncertainty = remaining * remaining * p * (1 - p) / (history[s] + Self.levelPrior)
        return _MonthForecast(met: knownMet + openMet + remaining * p,
                              variance: openVariance + sampling + levelUncertainty,
                              volume: known + open + remaining, open: open)
    }

    func rows(months: [Month]) -> [ForecastRow] {
        var rows: [ForecastRow] = []
        let report = KPIReport(evaluation)
        for s in report.orderedSeries() {
            let item = evaluation.series[s]
            let kpi = Self.kpi(evaluation, s)
            if kpi.isQuarterly { continue }
            for month in months where month >= item.firstMonth {
                for window in [ReportWindow.inMonth, .rolling3, .rolling12] {
                    rows.append(row(s, item, kpi, month, window))
                }
            }
        }
        return rows
    }

    func row(_ s: Int, _ item: KPISeries, _ kpi: KPIDefinition, _ month: Month, _ window: ReportWindow) -> ForecastRow {
        let span = window == .rolling3 ? 3 : window == .rolling12 ? 12 : 1
        var met = 0.0, variance = 0.0, volume = 0.0, open = 0.0
        for back in 0..<span {
            let m = month.advanced(by: -back)
            if m < item.firstMonth { break }
            if m <= lastComplete {
                let x = evaluation.counts[series: s, status: .met, month: m]
                met += x
                volume += x + evaluation.counts[series: s, status: .missed, month: m]
            } else {
                let f = monthForecast(s, m)
                met += f.met
                variance += f.variance
                volume += f.volume
                open += f.open
            }
        }
        let target = kpi.target
        var result = ForecastRow(
            providerID: item.providerID, contract: item.contract, kpi: kpi.id, month: month, window: window,
            expectedRate: nil, lower: nil, upper: nil, pBelowTarget: nil, expectedVolume: volume, headroom: nil,
            method: .none, target: target, seriesIndex: s)
        guard volume > 0, history[s] > 0 || month == inProgress else { return result }
        let sd = variance.squareRoot()
        let threshold = Double(target.rawValue) * volume / 10_000
        result.expectedRate = met / volume
        result.lower = min(max((met - _Normal.z90 * sd) / volume, 0), 1)
        result.upper = min(max((met + _Normal.z90 * sd) / volume, 0), 1)
        // Below target ⇔ met < threshold; met is whole, so ⇔ met ≤ ⌈threshold⌉ − 1 (continuity-corrected).
        let lastBelow = threshold.rounded(.up) - 1
        result.pBelowTarget = sd > 0 ? _Normal.cdf((lastBelow + 0.5 - met) / sd) : (met < threshold ? 1 : 0)
        result.headroom = Int((met - threshold).rounded(.down))
        let covered = (0..<span).map { month.advanced(by: -$0) }.contains { $0 == inProgress }
        result.method = monthsWithData[s] < 3 ? .level : covered ? .trendWithKnown : open > 0 ? .trendWithPipeline : .trend
        return result
    }
}

/// The standard normal distribution.
enum _Normal {
    /// The 90th percentile: an 80% central interval is ±1.2816 σ.
    static let z90 = 1.2815515655446004

    /// Φ(x), from the complementary error function.
    static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
}
