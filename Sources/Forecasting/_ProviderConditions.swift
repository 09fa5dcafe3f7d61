import Foundation

/// Each provider's working conditions month by month (staffing, backlogs), which move all its KPIs, each
/// KPI feeling them a fixed number of months later: its *lag*.
///
/// Rule (the DocC article "Forecasting", step 7, has it with its reasons):
/// - A KPI follows conditions only when its deviations from their long-run levels, pooled over its providers,
///   exceed binomial noise: Σ n·d² > Σ r(1−r). Pools and quarterly KPIs never do.
/// - A provider's condition in month t is the precision-weighted mean of its series' deviations, each series
///   read `lag` months later and divided by its loading: Σ π·b·d(t + lag) / Σ π·b², π = 1 / (p(1−p)/n +
///   the series' excess), p(1−p) at least 0.99 × 0.01.
/// - A KPI's lag (0…12 months, the same for all its providers) is the one at which its series' deviations
///   correlate best, pooled over providers and weighted by items, with the conditions of each provider's
///   *other* series; a best correlation of 0.3 or less: the KPI does not follow.
/// - A series' loading is its deviations regressed on its provider's conditions at the lag (through the
///   origin, at least 0); each provider's loadings are scaled to an item-weighted mean of 1 (at most 5).
/// - Lags 0 and loadings 1 to start; two rounds of lags, loadings, excess and conditions.
///
/// Then a series h months ahead deviates from its long-run level by loading × its provider's condition
/// h − lag months ahead: already seen when the lag is at least h (a long deadline's items were worked on
/// months ago), else carried forward by a cycle or an autoregression of the provider's conditions
/// (``_ConditionsOutlook``). A provider short of staff misses its short deadlines this month and its long
/// ones in the months to come; its high-volume short-deadline KPIs show it first and most clearly.
/// Example: a provider's condition was −2 points in March; MH-4, lagged 6 months with loading 0.5, is
/// forecast 1 point below its level for September.
struct _ProviderConditions {
    static let maximumLag = 12
    static let minimumCorrelation = 0.3
    static let maximumLoading = 5.0
    /// Loadings below this leave the series out of the conditions and the forecast.
    static let minimumLoading = 0.05
    /// Months with measured items a series needs to be forecast from its provider's conditions.
    static let minimumMonths = 6
    /// Rounds of lags, loadings and conditions. More rounds fit the history more closely and forecast worse
    /// (backtest at 2M cases when this was chosen: 26.7% below the better baseline with 2 rounds, 26.2% with 4,
    /// 26.0% with 8).
    static let rounds = 2

    /// Per series: its KPI's lag, or `nil` when it does not follow its provider's conditions (or is a pool).
    let lag: [Int?]
    let loading: [Double]
    /// Per series: its provider's index in ``conditions`` (-1: a pool).
    let provider: [Int]
    /// Per provider: its condition in each history month (NaN: no item to tell).
    let conditions: [[Double]]
    /// Per provider: how its conditions are carried forward, when their trailing run allows it.
    let outlook: [_ConditionsOutlook?]
    /// Per series: its mean squared deviation beyond its share of the conditions and binomial noise.
    let excessVariance: [Double]
    let monthsWithData: [Int]

    /// - Parameters:
    ///   - deviations: per series and history month, the monthly rate minus the long-run level (NaN: no items).
    ///   - rates: the monthly rates, `measured` their items.
    ///   - provider: per series, a dense provider index (-1: a pool, left out).
    ///   - kpi: per series, a dense KPI index.
    init(deviations d: [[Double]], rates: [[Double]], measured w: [[Double]], provider: [Int], kpi: [Int]) {
        let count = d.count, h = d.first?.count ?? 0
        let providers = (provider.max() ?? -1) + 1, kpis = (kpi.max() ?? -1) + 1
        // KPIs whose deviations are more than binomial noise.
        var energy = [Double](repeating: 0, count: kpis), noise = energy
        for s in 0..<count where provider[s] >= 0 {
            for t in 0..<h where !d[s][t].isNaN {
                energy[kpi[s]] += w[s][t] * d[s][t] * d[s][t]
                noise[kpi[s]] += rates[s][t] * (1 - rates[s][t])
            }
        }
        let material = (0..<kpis).map { energy[$0] > noise[$0] }
        var lagOfKPI = (0..<kpis).map { material[$0] ? 0 : nil as Int? }
        func lagOf(_ s: Int) -> Int? { provider[s] < 0 ? nil : lagOfKPI[kpi[s]] }
        var loading = [Double](repeating: 1, count: count)
        var excess = [Double](repeating: 0, count: count)
        let spread = (0..<count).map { s -> Double in
            var items = 0.0, met = 0.0
            for t in 0..<h where !d[s][t].isNaN {
                items += w[s][t]
                met += w[s][t] * rates[s][t]
            }
            let p = items > 0 ? met / items : 0
            return max(p * (1 - p), 0.99 * 0.01)
        }
        /// π: 1 / (binomial variance + the series' excess).
        func precision(_ s: Int, _ t: Int) -> Double { 1 / (spread[s] / w[s][t] + excess[s]) }
        var sum = [[Double]](repeating: [Double](repeating: 0, count: h), count: providers)
        var weight = sum
        var conditions: [[Double]] = []
        /// Adds (or with `sign` −1 takes off) series `s`'s part of its provider's conditions.
        func add(_ s: Int, sign: Double, sum: inout [Double], weight: inout [Double]) {
            guard let lag = lagOf(s), loading[s] >= Self.minimumLoading else { return }
            let b = loading[s]
            for t in 0..<max(h - lag, 0) where !d[s][t + lag].isNaN {
                let pi = precision(s, t + lag)
                sum[t] += sign * pi * b * d[s][t + lag]
                weight[t] += sign * pi * b * b
            }
        }
        func combine() {
            sum = [[Double]](repeating: [Double](repeating: 0, count: h), count: providers)
            weight = sum
            for s in 0..<count where provider[s] >= 0 { add(s, sign: 1, sum: &sum[provider[s]], weight: &weight[provider[s]]) }
            conditions = (0..<providers).map { p in (0..<h).map { weight[p][$0] > 0 ? sum[p][$0] / weight[p][$0] : .nan } }
        }
        /// The conditions of series `s`'s provider without `s` itself (a series is not its own evidence).
        func others(_ s: Int) -> [Double] {
            var partSum = sum[provider[s]], partWeight = weight[provider[s]]
            add(s, sign: -1, sum: &partSum, weight: &partWeight)
            return (0..<h).map { partWeight[$0] > 1e-9 * weight[provider[s]][$0] ? partSum[$0] / partWeight[$0] : .nan }
        }
        combine()
        for _ in 0..<Self.rounds {
            lagOfKPI = Self.lags(d, w, kpi: kpi, kpis: kpis, material: material) { provider[$0] >= 0 ? others($0) : nil }
            for s in 0..<count {
                guard let lag = lagOf(s) else { loading[s] = 0; continue }
                let c = conditions[provider[s]]
                var sxy = 0.0, sxx = 0.0
                for t in lag..<max(h, lag) where !d[s][t].isNaN && !c[t - lag].isNaN {
                    let pi = precision(s, t)
                    sxy += pi * c[t - lag] * d[s][t]
                    sxx += pi * c[t - lag] * c[t - lag]
                }
                loading[s] = sxx > 0 ? max(sxy / sxx, 0) : 0
            }
            // The conditions' scale is free (loading × condition is what counts): scaled so that they read as
            // the provider's typical KPI's deviation.
            var loadingSum = [Double](repeating: 0, count: providers), itemSum = loadingSum
            for s in 0..<count where lagOf(s) != nil {
                let items = w[s].reduce(0, +)
                loadingSum[provider[s]] += items * loading[s]
                itemSum[provider[s]] += items
            }
            for s in 0..<count where lagOf(s) != nil && loadingSum[provider[s]] > 0 {
                loading[s] = min(loading[s] * itemSum[provider[s]] / loadingSum[provider[s]], Self.maximumLoading)
            }
            combine()
            for s in 0..<count { excess[s] = Self.excess(s, lag: lagOf(s), loading[s], d, rates, w, provider[s] >= 0 ? conditions[provider[s]] : nil) }
            combine()
        }
        self.lag = (0..<count).map(lagOf)
        self.loading = loading
        self.provider = provider
        self.conditions = conditions
        outlook = conditions.map { _ConditionsOutlook(trailingRunOf: $0) }
        monthsWithData = d.map { $0.filter { !$0.isNaN }.count }
        excessVariance = excess
    }

    /// Each KPI's lag: the one (0…``maximumLag``) at which its series' deviations correlate best with
    /// `reference(s)` read `lag` months earlier, pooled over the KPI's series and weighted by items; `nil`
    /// when the KPI is not `material` or its best correlation is at most ``minimumCorrelation``. A lag is
    /// considered only when it pairs at least ``minimumMonths`` months per series on average: with one or two
    /// pairs any lag can correlate perfectly by chance (a short history chose lags of 11 and 12 months for
    /// HA-5 and MH-12 that way; backtest at 2M, seed 1: 27.9% → 28.7% below the better baseline, seed 2
    /// 27.4% → 27.5%, seed 3 22.9% → 22.6%, 200k 3.7% → 4.5%).
    static func lags(_ d: [[Double]], _ w: [[Double]], kpi: [Int], kpis: Int, material: [Bool],
                     reference: (Int) -> [Double]?) -> [Int?] {
        let h = d.first?.count ?? 0
        var xy = [[Double]](repeating: [Double](repeating: 0, count: maximumLag + 1), count: kpis)
        var xx = xy, yy = xy
        var pairs = [[Int]](repeating: [Int](repeating: 0, count: maximumLag + 1), count: kpis)
        var seriesOfKPI = [Int](repeating: 0, count: kpis)
        for s in d.indices {
            guard let c = reference(s) else { continue }
            let k = kpi[s]
            seriesOfKPI[k] += 1
            for lag in 0...min(maximumLag, max(h - 1, 0)) {
                for t in lag..<h where !d[s][t].isNaN && !c[t - lag].isNaN {
                    let x = c[t - lag], y = d[s][t]
                    xy[k][lag] += w[s][t] * x * y
                    xx[k][lag] += w[s][t] * x * x
                    yy[k][lag] += w[s][t] * y * y
                    pairs[k][lag] += 1
                }
            }
        }
        return (0..<kpis).map { k in
            var best: (correlation: Double, lag: Int)?
            for lag in 0...maximumLag where xx[k][lag] > 0 && yy[k][lag] > 0 && pairs[k][lag] >= minimumMonths * seriesOfKPI[k] {
                let correlation = xy[k][lag] / (xx[k][lag] * yy[k][lag]).squareRoot()
                if correlation > best?.correlation ?? -.infinity { best = (correlation, lag) }
            }
            guard material[k], let best, best.correlation > minimumCorrelation else { return nil }
            return best.lag
        }
    }

    /// Series `s`'s mean squared deviation beyond `loading` × its provider's conditions and binomial noise
    /// (three things fitted: level, holiday effect, loading); 0 when it does not follow.
    static func excess(_ s: Int, lag: Int?, _ loading: Double, _ d: [[Double]], _ rates: [[Double]], _ w: [[Double]],
                       _ conditions: [Double]?) -> Double {
        guard let lag, let c = conditions else { return 0 }
        var total = 0.0, months = 0
        for t in lag..<max(d[s].count, lag) where !d[s][t].isNaN {
            let x = c[t - lag].isNaN ? 0 : c[t - lag], r = d[s][t] - loading * x
            total += r * r - rates[s][t] * (1 - rates[s][t]) / w[s][t]
            months += 1
        }
        return max(total / Double(max(months - 3, 1)), 0)
    }

    /// Series `s`'s deviation from its long-run level `ahead` months after the last complete one, and the
    /// variance of that forecast beyond the series' own excess; `nil` when the series does not follow its
    /// provider's conditions or they cannot be carried that far.
    func deviation(_ s: Int, ahead: Int) -> (value: Double, variance: Double)? {
        guard let lag = lag[s], loading[s] >= Self.minimumLoading, monthsWithData[s] >= Self.minimumMonths,
              let outlook = outlook[provider[s]] else { return nil }
        let c = conditions[provider[s]], b = loading[s]
        if lag >= ahead {
            if let smoothed = outlook.smoothed(monthsBeforeLast: lag - ahead) { return (b * smoothed, 0) }
            let x = c[c.count - 1 - (lag - ahead)]
            return x.isNaN ? nil : (b * x, 0)
        }
        let (value, variance) = outlook.forecast(steps: ahead - lag)
        return (b * value, b * b * variance)
    }
}
