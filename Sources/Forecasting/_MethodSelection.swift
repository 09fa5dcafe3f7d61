import CaseData
import Foundation
import KPIEngine
import LinearAlgebra
import WorkingDays
import _ATWUtilities

/// A method's forecast of one series for the forecast months, with its shared noise.
struct _CandidateForecast {
    var candidate: ForecastCandidate
    /// The rate one and two months after the last complete month.
    var rates: (Double, Double)
    /// The beta-binomial ρ of the items still to be decided, from the method's backtest errors.
    var rho: Double
    /// The items expected in a month: the smoothed volume (``_MethodSelection/volumePastWeight``).
    var volume: Double

    func rate(ahead: Int) -> Double { ahead >= 2 ? rates.1 : rates.0 }
}

extension ForecastCandidate {
    /// The candidate's place in ``ForecastCandidate/allCases``.
    var rawIndex: Int { Self.allCases.firstIndex(of: self)! }
}

/// The inner backtest on the months before the forecast: every candidate's one-step forecasts, their scores,
/// the noise they show, and the leading indicators' effects fitted on the blend's errors.
///
/// Rule (the DocC article "Forecasting", "The blend and the inner backtest", has it with its reasons):
/// - Inner origins: the 12 complete months before the last complete month L (fewer when the axis is shorter).
///   At each origin o every candidate forecasts month o + 1 from the month counts up to o only (the model
///   refitted at o without the pipeline) and is scored on o + 1's in-month rate by n·(r − p)² / p(1−p). All
///   counts are those of the evaluation as of the as-of date, so nothing after it is seen.
/// - The smoothers' weights are chosen per family (contract × KPI × provider, region or national) at each
///   origin, from the grid ``_SmootherGrid``, by the smallest Σ n·(r − forecast)² of their one-step forecasts
///   of months up to that origin.
/// - Noise: a candidate's items vary beyond the binomial by the beta-binomial ρ of its inner errors, per
///   family: ρ = Σ((m − p·n)² − n·p(1−p)) / Σ n(n−1)·p(1−p), within 0…0.5; the model's own variance is
///   scaled per family by κ = Σ(m − p·n)² / Σ V, within 1…4, V its variance at the outcome's volume.
/// - Method: every series with three months of data or more is forecast by ``method``, the blend of the model
///   and the local level; one with fewer keeps the model. (Choosing per series the candidate its inner scores
///   favour, as earlier versions did, scored worse on the backtests of twenty datasets: the choice among close
///   scores is mostly noise.) The scores, shrunk toward the family's with ``familyWeight`` rows' weight, are
///   kept for `kpi forecast --explain`.
///
/// Example: a provider whose rate wanders as a random walk scores the local level lower than the model's
/// trend and the long-run rate; its forecast is still the blend, half of which is that local level.
struct _MethodSelection {
    static let innerOrigins = 12

    /// The method of every series with three months of data or more.
    static let method = ForecastCandidate.blend
    /// Rows' weight of a family's mean score in each series' shrunk score (`--explain`).
    static let familyWeight = 24.0
    /// The weight on the past of the candidates' smoothed volume (their expected items next month).
    static let volumePastWeight = 0.4
    static let maximumRho = 0.5
    static let inflationRange = 1.0...4.0

    /// Per series: the method used, and the forecast of every candidate but the model (`nil`: none).
    var chosen: [ForecastCandidate]
    var forecasts: [[_CandidateForecast?]]
    /// Per series: the model's variance factor κ (its family's).
    var inflation: [Double]
    /// Per series and candidate: the shrunk inner score the choice compared (`nil`: not scored).
    var scores: [[Double?]]
    /// Per series: its own scored inner origins.
    var scoredOrigins: [Int]
    /// The inner origins.
    var origins: [Month]

    /// Per series: whether it has enough data for a choice (three months with items and a forecast).
    var choosable: [Bool]

    /// One candidate's forecasts of one inner origin's next month, and what happened.
    struct InnerRow {
        var series: Int
        /// The origin's index on the month axis.
        var origin: Int
        /// Every candidate's rate, in ``ForecastCandidate`` order.
        var rates: [Double]
        var modelVariance: Double
        var met: Double
        var measured: Double
    }
    var rows: [InnerRow] = []
    /// Per series: its family (contract × KPI × provider, region or national), −1 when not forecast.
    var familyOf: [Int] = []
    var familyContract: [Int] = []
    var familyIsProvider: [Bool] = []
    /// The last complete month's index on the month axis.
    var lastIndex = 0
    var indicators: _LeadingIndicators?
    /// Per series: what its leading indicators add to its rate in the forecast months (0: none).
    var shift: [Double] = []
    /// Per family: the indicators' fitted effects, in the order of ``usedIndicators`` (empty: not used).
    var effects: [[Double]] = []
    var usedIndicators: [LeadingIndicator] = []

    /// Every series with a choice takes `candidate` (the backtest's comparison of every method).
    mutating func force(_ candidate: ForecastCandidate) {
        for s in chosen.indices where choosable[s] { chosen[s] = candidate }
        fitIndicators([], levelCorrection: false)
    }

    /// Every candidate is forecast and scored, the noise measured and the indicators fitted.
    init(evaluation: KPIEvaluation, lastComplete: Month,
         model modelAt: @Sendable (Month) throws(LinearAlgebraError) -> _ForecastModel) throws(LinearAlgebraError) {
        let series = evaluation.series, counts = evaluation.counts
        let seriesCount = series.count, candidates = ForecastCandidate.allCases
        let modelIndex = ForecastCandidate.model.rawIndex, blendIndex = ForecastCandidate.blend.rawIndex
        let levelIndex = ForecastCandidate.localLevel.rawIndex
        chosen = [ForecastCandidate](repeating: .model, count: seriesCount)
        forecasts = [[_CandidateForecast?]](repeating: [_CandidateForecast?](repeating: nil, count: candidates.count), count: seriesCount)
        inflation = [Double](repeating: 1, count: seriesCount)
        scores = [[Double?]](repeating: [Double?](repeating: nil, count: candidates.count), count: seriesCount)
        scoredOrigins = [Int](repeating: 0, count: seriesCount)
        choosable = [Bool](repeating: false, count: seriesCount)
        origins = []
        shift = [Double](repeating: 0, count: seriesCount)
        let last = counts.firstMonth.distance(to: lastComplete)
        guard last >= 0, seriesCount > 0 else { return }
        let length = min(last + 1, counts.monthCount)
        // Histories on the axis, up to the last complete month.
        var histories: [_MonthlyHistory] = []
        histories.reserveCapacity(seriesCount)
        var forecastable: [Bool] = []
        for s in 0..<seriesCount {
            let kpi = _ForecastModel.kpi(evaluation, s)
            let base = (s * 4) * counts.monthCount
            let met = Array(counts.values[base..<(base + length)])
            let missed = counts.values[(base + counts.monthCount)..<(base + counts.monthCount + length)]
            let measured = zip(met, missed).map { $0 + $1 }
            histories.append(_MonthlyHistory(met: met, measured: measured, first: max(counts.firstMonth.distance(to: series[s].firstMonth), 0)))
            forecastable.append(!kpi.isQuarterly)
        }
        // Families: contract × KPI × scope kind.
        var familyOf = [Int](repeating: -1, count: seriesCount)
        var familyKeys: [Int: Int] = [:]
        for (s, item) in series.enumerated() where forecastable[s] {
            let kind: Int
            switch item.scope {
            case .provider: kind = 0
            case .national: kind = 2
            default: kind = 1
            }
            let key = (item.contractIndex * 1000 + item.kpiIndex) * 4 + kind
            if familyKeys[key] == nil { familyKeys[key] = familyKeys.count }
            familyOf[s] = familyKeys[key]!
        }
        let families = familyKeys.count
        var members = [[Int]](repeating: [], count: families)
        for s in 0..<seriesCount where familyOf[s] >= 0 { members[familyOf[s]].append(s) }
        // The smoothers' one-step losses per family, grid point and month: the weight at origin o is the one
        // with the least loss over months up to o.
        let levelParameters = Self.chooseParameters(members, histories, length, count: _SmootherGrid.localLevel.count) { g, h, step in
            var smoother = _LocalLevel(alpha: _SmootherGrid.localLevel[g])
            for t in h.first..<h.count {
                if smoother.started && h.measured[t] > 0 { step(t, h.rate(t) - smoother.forecast) }
                smoother.observe(met: h.met[t], measured: h.measured[t])
            }
        }
        let trendParameters = Self.chooseParameters(members, histories, length, count: _SmootherGrid.dampedTrend.count) { g, h, step in
            let (alpha, beta, phi) = _SmootherGrid.dampedTrend[g]
            var smoother = _DampedTrend(alpha: alpha, beta: beta, phi: phi)
            for t in h.first..<h.count {
                if smoother.started && h.measured[t] > 0 { step(t, h.rate(t) - smoother.forecast(ahead: 1)) }
                smoother.observe(met: h.met[t], measured: h.measured[t])
            }
        }
        /// Every candidate but the model for series `s` from months up to index `o`: the rates one and two months
        /// ahead (the model's and the blend's left at 0: the blend adds the model's), and the smoothed volume.
        func simple(_ s: Int, _ o: Int) -> (rates: [(Double, Double)], volume: Double)? {
            let h = histories[s], f = familyOf[s]
            guard f >= 0, o >= h.first else { return nil }
            var level = _LocalLevel(alpha: _SmootherGrid.localLevel[levelParameters[f][o]])
            let (alpha, beta, phi) = _SmootherGrid.dampedTrend[trendParameters[f][o]]
            var trend = _DampedTrend(alpha: alpha, beta: beta, phi: phi)
            var volume: Double?   // every month counts, one without items too
            var met = 0.0, measured = 0.0, latest = 0.0
            for t in h.first...o {
                level.observe(met: h.met[t], measured: h.measured[t])
                trend.observe(met: h.met[t], measured: h.measured[t])
                volume = volume.map { $0 + (1 - Self.volumePastWeight) * (h.measured[t] - $0) } ?? h.measured[t]
                met += h.met[t]
                measured += h.measured[t]
                if h.measured[t] > 0 { latest = h.rate(t) }
            }
            guard measured > 0 else { return nil }
            // Each candidate's rates one and two months ahead; the model's is the caller's, and so is the
            // model's half of the blend (here the local level's half).
            var rates = [(Double, Double)](repeating: (0, 0), count: candidates.count)
            rates[levelIndex] = (level.forecast, level.forecast)
            rates[ForecastCandidate.dampedTrend.rawIndex] = (trend.forecast(ahead: 1), trend.forecast(ahead: 2))
            rates[ForecastCandidate.longRun.rawIndex] = (met / measured, met / measured)
            rates[ForecastCandidate.lastMonth.rawIndex] = (latest, latest)
            rates[blendIndex] = (level.forecast, level.forecast)
            return (rates, volume ?? 0)
        }
        // Inner origins: forecasts of o + 1 by every candidate, kept for the noise and then the scores.
        var rows: [InnerRow] = []
        let firstOrigin = max(last - Self.innerOrigins, 0)
        let innerIndexes = (firstOrigin..<last).filter { $0 + 1 < length }
        origins = innerIndexes.map { counts.firstMonth.advanced(by: $0) }
        // The model refitted at every inner origin, on all cores (the fits are independent).
        let innerOrigins = origins
        let models = _parallelMap(innerOrigins.count) { i in
            Result { () throws(LinearAlgebraError) -> _ForecastModel in try modelAt(innerOrigins[i]) }
        }
        for (i, o) in innerIndexes.enumerated() {
            let model = try models[i].get()
            let target = counts.firstMonth.advanced(by: o + 1)
            for s in 0..<seriesCount where familyOf[s] >= 0 {
                let h = histories[s]
                guard o >= h.first, h.measured[o + 1] > 0, let others = simple(s, o) else { continue }
                let forecast = model.monthForecast(s, target)
                guard forecast.volume > 0, model.history[s] > 0 else { continue }
                let p = forecast.met / forecast.volume
                let scale = h.measured[o + 1] / forecast.volume
                var rates = others.rates.map(\.0)
                rates[modelIndex] = p
                rates[blendIndex] = (p + rates[blendIndex]) / 2
                rows.append(InnerRow(series: s, origin: o, rates: rates, modelVariance: forecast.variance * scale * scale,
                                     met: h.met[o + 1], measured: h.measured[o + 1]))
            }
        }
        // Scores: each candidate's squared error of the rate over its binomial variance, n·(r − p)² / p(1−p).
        var own = [[Double]](repeating: [Double](repeating: 0, count: candidates.count), count: seriesCount)
        var family = [[Double]](repeating: [Double](repeating: 0, count: candidates.count), count: families)
        var familyRows = [Int](repeating: 0, count: families)
        for row in rows {
            let s = row.series, f = familyOf[s]
            for c in 0..<candidates.count {
                let p = row.rates[c], e = row.met / row.measured - p
                let score = row.measured * e * e / max(p * (1 - p), _ForecastModel.minimumSpread)
                own[s][c] += score
                family[f][c] += score
            }
            scoredOrigins[s] += 1
            familyRows[f] += 1
        }
        // The forecasts from the last complete month (their noise is set by ``fitIndicators(_:levelCorrection:)``), and the method.
        for s in 0..<seriesCount where familyOf[s] >= 0 {
            let f = familyOf[s]
            let h = histories[s]
            if let made = simple(s, last) {
                for c in candidates.indices where c != modelIndex {
                    forecasts[s][c] = _CandidateForecast(candidate: candidates[c], rates: made.rates[c], rho: 0,
                                                         volume: made.volume)
                }
            }
            let monthsWithData = h.first < h.count ? h.measured[h.first...].filter { $0 > 0 }.count : 0
            guard monthsWithData >= 3, forecasts[s][levelIndex] != nil else { continue }
            choosable[s] = true
            if familyRows[f] > 0 {
                let n = Double(scoredOrigins[s]), w = Self.familyWeight
                for c in 0..<candidates.count {
                    let ownMean = n > 0 ? own[s][c] / n : 0
                    scores[s][c] = (n * ownMean + w * family[f][c] / Double(familyRows[f])) / (n + w)
                }
                chosen[s] = Self.method
            }
        }
        self.rows = rows
        self.familyOf = familyOf
        self.lastIndex = last
        familyContract = [Int](repeating: -1, count: families)
        familyIsProvider = [Bool](repeating: false, count: families)
        for (key, f) in familyKeys {
            familyContract[f] = key / 4 / 1000
            familyIsProvider[f] = key % 4 == 0
        }
        indicators = _LeadingIndicators(evaluation)
        fitIndicators(LeadingIndicator.forecastSet)
    }

    /// Per family and month index: the grid point with the least one-step loss Σ n·error² over the family's
    /// months up to that index (ties: the earlier grid point).
    static func chooseParameters(_ members: [[Int]], _ histories: [_MonthlyHistory], _ length: Int, count: Int,
                                 run: (Int, _MonthlyHistory, (Int, Double) -> Void) -> Void) -> [[Int]] {
        members.map { family in
            var loss = [Double](repeating: 0, count: count * length)
            for g in 0..<count {
                for s in family {
                    let h = histories[s]
                    run(g, h) { t, error in loss[g * length + t] += h.measured[t] * error * error }
                }
            }
            var best = [Int](repeating: 0, count: length), total = [Double](repeating: 0, count: count)
            for t in 0..<length {
                for g in 0..<count { total[g] += loss[g * length + t] }
                var b = 0
                for g in 1..<count where total[g] < total[b] { b = g }
                best[t] = b
            }
            return best
        }
    }
}
