import Foundation
import KPIEngine
import LinearAlgebra
import WorkingDays

struct _CycleFit {
    static let minimumMonths = 9
    static let maximumErrorShare = 0.8

    let level: Double, holidayEffect: Double
    let a: Double, b: Double
    /// The last two deviations (the last complete month, and the one before).
    let last: Double, previous: Double
    /// Mean squared one-step error beyond the binomial variance, as a rate variance.
    let excessVariance: Double

    init?(months: [(met: Double, measured: Double)], holiday: [Bool], level: Double, holidayEffect: Double) {
        var start = months.count
        while start > 0 && months[start - 1].measured > 0 { start -= 1 }
        guard months.count - start >= Self.minimumMonths else { return nil }
        let rates = (start..<months.count).map { months[$0].met / months[$0].measured }
        let weights = (start..<months.count).map { months[$0].measured }
        let deviations = (start..<months.count).map { t in rates[t - start] - level - (holiday[t] ? holidayEffect : 0) }
        var total = 0.0, noise = 0.0
        for t in 2..<deviations.count {
            total += weights[t] * deviations[t] * deviations[t]
            noise += rates[t] * (1 - rates[t])   // w · the binomial variance of the month's rate
        }
        // Only deviations well beyond binomial noise (twice its size) are worth forecasting, with a stationary
        // fit clear of a unit root (``_Autoregression/coefficients(_:weights:singular:)``), months weighted
        // by their items.
        guard total > 2 * noise,
              let (a, b) = _Autoregression.coefficients(deviations, weights: weights, singular: 1e-9) else { return nil }
        var squaredError = 0.0, excess = 0.0
        for t in 2..<deviations.count {
            let error = deviations[t] - a * deviations[t - 1] - b * deviations[t - 2]
            squaredError += weights[t] * error * error
            excess += error * error - rates[t] * (1 - rates[t]) / weights[t]
        }
        guard squaredError <= Self.maximumErrorShare * total else { return nil }
        self.level = level
        self.holidayEffect = holidayEffect
        self.a = a
        self.b = b
        last = deviations[deviations.count - 1]
        previous = deviations[deviations.count - 2]
        // Mean over the n fitted months, with two coefficients fitted: divide by n − 2, not n.
        excessVariance = max(excess / Double(max(deviations.count - 4, 1)), 0)
    }

    /// The rate `ahead` months after the last complete one.
    func rate(ahead: Int, holiday: Bool) -> Double {
        var d1 = last, d0 = previous
        for _ in 0..<max(ahead, 0) { (d1, d0) = (a * d1 + b * d0, d1) }
        return min(max(level + (holiday ? holidayEffect : 0) + d1, 0), 1)
    }
}

/// The beta-binomial distribution: n trials whose success probability is Beta-distributed with mean p and
/// intra-class correlation ρ (ρ = 0: the binomial).
struct _BetaBinomial {
    let n: Int, p: Double, rho: Double

    /// P(X ≤ k), summed from log-probabilities.
    func cdf(_ k: Int) -> Double {
        if k < 0 { return 0 }
        if k >= n { return 1 }
        var total = 0.0
        for x in 0...k { total += exp(logProbability(x)) }
        return min(total, 1)
    }

    func logProbability(_ x: Int) -> Double {
        let choose = lgamma(Double(n + 1)) - lgamma(Double(x + 1)) - lgamma(Double(n - x + 1))
        if rho < 1e-9 { return choose + Double(x) * log(p) + Double(n - x) * log(1 - p) }
        let strength = 1 / rho - 1
        let a = p * strength, b = (1 - p) * strength
        return choose + logBeta(Double(x) + a, Double(n - x) + b) - logBeta(a, b)
    }

    func logBeta(_ a: Double, _ b: Double) -> Double { lgamma(a) + lgamma(b) - lgamma(a + b) }
}

/// The standard normal distribution.
enum _Normal {
    /// The 90th percentile: an 80% central interval is ±1.2816 σ.
    static let z90 = 1.2815515655446004

    /// Φ(x), from the complementary error function.
    static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
}

/// The predictive distribution of a window's met items among those still to be decided: where both the
/// probability of ending below target and the 80% interval come from (``_ForecastModel/row(_:_:_:_:_:)``).
///
/// Rule: X, the met items among the n = round(volume) undecided, has the forecast's mean and variance (scaled to n
/// items); it is beta-binomial (the over-dispersion ρ solved from the variance) for n ≤ ``_ForecastModel/exactItems``,
/// else normal with the continuity correction, P(X ≤ k) = Φ((k + ½ − mean) / sd). The mean rate is kept within
/// [ε, 1 − ε], ε = ½ / (h + 1) with h the series' history weight: the Jeffreys prior's pull on a rate that has
/// shown no miss (or no hit) yet, so a forecast of 100% still leaves a chance of a miss. Quantiles are the least
/// k with P(X ≤ k) ≥ q, so an 80% interval that holds the target's threshold has P(below) between 0.1 and 0.9.
struct _Predictive {
    let n: Int
    let mean: Double
    let sd: Double
    private let exact: [Double]?   // P(X ≤ k), k = 0...n, when summed exactly

    /// `historyWeight` infinite: no floor on the rate (the backtest's baselines, which are binomial at last month's
    /// rate as they stand).
    init(met: Double, variance: Double, volume: Double, historyWeight: Double) {
        n = max(Int(volume.rounded()), 0)
        guard n > 0, volume > 0 else { mean = 0; sd = 0; exact = nil; return }
        let scale = Double(n) / volume
        let epsilon = historyWeight.isFinite ? 0.5 / (max(historyWeight, 0) + 1) : 0
        let p = min(max(met * scale / Double(n), epsilon), 1 - epsilon)
        mean = p * Double(n)
        if p <= 0 || p >= 1 {
            // A certain rate: every item met (X = n) or none (X = 0).
            sd = 0
            let count = n
            exact = (0...count).map { p >= 1 ? ($0 >= count ? 1 : 0) : 1 }
            return
        }
        let binomial = Double(n) * p * (1 - p)
        let spread = max(variance * scale * scale, binomial)
        sd = spread.squareRoot()
        if n <= _ForecastModel.exactItems {
            let rho = n > 1 ? min(max((spread / binomial - 1) / Double(n - 1), 0), 0.99) : 0
            let beta = _BetaBinomial(n: n, p: p, rho: rho)
            var total = 0.0, cumulative: [Double] = []
            cumulative.reserveCapacity(n + 1)
            for x in 0...n {
                total += exp(beta.logProbability(x))
                cumulative.append(min(total, 1))
            }
            // The sum reaches 1 up to rounding; the last point is 1 by definition.
            cumulative[n] = 1
            exact = cumulative
        } else {
            exact = nil
        }
    }

    /// P(X ≤ k).
    func cdf(_ k: Int) -> Double {
        if k < 0 { return 0 }
        if k >= n { return 1 }
        if let exact { return exact[k] }
        return _Normal.cdf((Double(k) + 0.5 - mean) / sd)
    }

    /// The least k in 0...n with P(X ≤ k) ≥ q.
    func quantile(_ q: Double) -> Int {
        guard n > 0 else { return 0 }
        if let exact { return exact.firstIndex { $0 >= q } ?? n }
        var k = Int((mean + _Normal.quantile(q) * sd - 0.5).rounded(.up))
        k = min(max(k, 0), n)
        while k > 0 && cdf(k - 1) >= q { k -= 1 }
        while k < n && cdf(k) < q { k += 1 }
        return k
    }
}

extension _Normal {
    /// The standard normal quantile (Acklam's rational approximation, refined by one Newton step on ``cdf(_:)``).
    static func quantile(_ p: Double) -> Double {
        guard p > 0 && p < 1 else { return p <= 0 ? -.infinity : .infinity }
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                 -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                 -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log(1 - p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let e = cdf(x) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        return x - u / (1 + x * u / 2)
    }
}
