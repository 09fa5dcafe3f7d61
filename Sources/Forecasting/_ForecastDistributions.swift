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

    /// P(X ≤ k) for k = 0...n, the last exactly 1, by the ratio of successive probabilities
    /// P(x + 1) / P(x) = (n − x) / (x + 1) · (x + a) / (n − x − 1 + b), with a = p(1/ρ − 1), b = (1 − p)(1/ρ − 1)
    /// (for ρ = 0, (n − x) / (x + 1) · p / (1 − p)): from 1 at the mean's item outwards, then divided by their sum
    /// (terms far in a tail underflow to 0 rather than the sum overflowing).
    func cumulative() -> [Double] {
        var result: [Double] = []
        cumulative(appendingTo: &result)
        return result
    }

    /// ``cumulative()`` appended to `buffer` (one allocation for many distributions).
    func cumulative(appendingTo buffer: inout [Double]) {
        let strength = rho < 1e-9 ? Double.infinity : 1 / rho - 1
        let a = p * strength, b = (1 - p) * strength
        func ratio(_ x: Int) -> Double {   // P(x + 1) / P(x)
            let items = Double(n - x) / Double(x + 1)
            return strength.isInfinite ? items * (p / (1 - p)) : items * ((Double(x) + a) / (Double(n - x - 1) + b))
        }
        let base = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: n + 1))
        let start = min(max(Int((p * Double(n)).rounded()), 0), n)
        buffer[base + start] = 1
        if start < n { for x in start..<n { buffer[base + x + 1] = buffer[base + x] * ratio(x) } }
        if start > 0 { for x in stride(from: start - 1, through: 0, by: -1) { buffer[base + x] = buffer[base + x + 1] / ratio(x) } }
        var total = 0.0
        for x in 0...n { total += buffer[base + x] }
        var running = 0.0
        for x in 0...n {
            running += buffer[base + x]
            buffer[base + x] = min(running / total, 1)
        }
        buffer[base + n] = 1
    }
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
///
/// A small window turns on its exact number of items (at 90%, one miss in 9 items is on target, in 8 below), and
/// the items still to arrive are a count, not a certainty. So when at most ``mixedArrivals`` are expected (and the
/// beta-binomial applies) and their count varies more than chance (index of dispersion φ > 1,
/// ``_ForecastModel/volumeDispersion(series:measured:)``), their count N′ is negative binomial with mean μ and
/// variance φμ; the undecided items are the open ones plus N′, each
/// count beta-binomial with the same rate and ρ, and both P(below) and the interval's quantiles (of the window's
/// rate) are taken over that mixture, given that the window measures an item.
///
/// Example: 3 items known, all met, and 2 expected to arrive at 90% with no over-dispersion, target 90%. With k
/// arriving the window is below target after one miss while k ≤ 6 (1 − 0.9ᵏ), after two from k = 7; summed over
/// Poisson(2) counts (the limit φ → 1) P(below) = 0.1796, where exactly 2 arriving would give 0.19.
struct _Predictive {
    let n: Int
    let mean: Double
    let sd: Double
    private let exact: [Double]?   // P(X ≤ k), k = 0...n, when summed exactly
    /// When the count of items still to arrive is uncertain: per count N of undecided items, its probability and
    /// P(X ≤ k | N) for k = 0...N.
    private var mixture: _ArrivalMixture? = nil
    /// Up to this many items expected to arrive, their count's uncertainty is summed over.
    static let mixedArrivals = 30.0

    /// `historyWeight` infinite: no floor on the rate (the backtest's baselines, which are binomial at last month's
    /// rate as they stand). `arriving` of the `volume` items are still to arrive, their count's variance
    /// `arrivingVariance`.
    init(met: Double, variance: Double, volume: Double, historyWeight: Double, arriving: Double = 0, arrivingVariance: Double = 0) {
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
            // The sum reaches 1 up to rounding; the last point is 1 by definition.
            exact = _BetaBinomial(n: n, p: p, rho: rho).cumulative()
            if arriving > 0.5 && arriving <= Self.mixedArrivals && arrivingVariance > arriving {
                let fixed = max(n - Int(arriving.rounded()), 0)
                let masses = _CountDistribution(mean: arriving, variance: arrivingVariance).masses()
                var parts = _ArrivalMixture(capacity: masses.count, items: masses.reduce(0) { $0 + fixed + $1.0 + 1 })
                for (m, w) in masses {
                    let count = fixed + m
                    parts.append(count: count, weight: w, distribution: count > 0 ? _BetaBinomial(n: count, p: p, rho: rho) : nil)
                }
                mixture = parts
            }
        } else {
            exact = nil
        }
    }

    /// P(the window ends below target) summed over the count of items still to arrive, given that the window
    /// measures at least one item, and whether the known counts decide it whatever that count (every count ends
    /// below, or none does); `nil` when the count is taken as known.
    func probabilityBelow(target: BasisPoints, knownMet: Double, knownVolume: Double) -> (p: Double, decided: Bool)? {
        guard let mixture else { return nil }
        let t = Double(target.rawValue)
        var below = 0.0, measured = 0.0, canEndBelow = false, canEndAbove = false
        for i in mixture.counts.indices where knownVolume + Double(mixture.counts[i]) > 0 {
            let count = mixture.counts[i], weight = mixture.weights[i]
            measured += weight
            // Below target ⇔ X ≤ lastBelow (``_ForecastModel/probabilityBelow(target:knownMet:knownVolume:_:)``).
            let lastBelow = Int(((t * (knownVolume + Double(count)) - 10_000 * knownMet) / 10_000).rounded(.up)) - 1
            if lastBelow >= 0 { canEndBelow = true }
            if lastBelow < count { canEndAbove = true }
            below += weight * (lastBelow < 0 ? 0 : mixture.cdf[mixture.starts[i] + min(lastBelow, count)])
        }
        guard measured > 0 else { return nil }
        if !canEndAbove { return (1, true) }
        if !canEndBelow { return (0, true) }
        return (below / measured, false)
    }

    /// The rate's quantile q of the window, known items and undecided ones together: the least rate r with
    /// P(rate ≤ r) ≥ q, the rate (known met + X) / (known measured + N).
    func rateQuantile(_ q: Double, knownMet: Double, knownVolume: Double) -> Double {
        let plain = { (knownMet + Double(self.quantile(q))) / (knownVolume + Double(self.n)) }
        guard let mixture else { return plain() }
        // Counts that leave the window measuring an item, and their total probability.
        let measured = mixture.counts.indices.reduce(0.0) { total, i in
            knownVolume + Double(mixture.counts[i]) > 0 ? total + mixture.weights[i] : total
        }
        guard measured > 0 else { return plain() }
        // The most met items of count N with a rate at most r, and P(rate ≤ r).
        func most(_ i: Int, _ r: Double) -> Int {
            Int((r * (knownVolume + Double(mixture.counts[i])) - knownMet + 1e-9).rounded(.down))
        }
        func distribution(_ r: Double) -> Double {
            var total = 0.0
            for i in mixture.counts.indices where knownVolume + Double(mixture.counts[i]) > 0 {
                let x = most(i, r)
                if x >= 0 { total += mixture.weights[i] * mixture.cdf[mixture.starts[i] + min(x, mixture.counts[i])] }
            }
            return total / measured
        }
        // P(rate ≤ r) is a step function of r: bisect to the step where it reaches q, then take the least rate
        // of any count there that reaches q.
        var lower = -1e-6, upper = 1.0
        guard distribution(lower) < q else { return 0 }
        while upper - lower > 1e-8 {
            let middle = (lower + upper) / 2
            if distribution(middle) >= q { upper = middle } else { lower = middle }
        }
        var least = Double.infinity
        for i in mixture.counts.indices where knownVolume + Double(mixture.counts[i]) > 0 {
            let x = most(i, lower), count = mixture.counts[i]
            for y in x...(x + 1) where y >= 0 && y <= count {
                let rate = (knownMet + Double(y)) / (knownVolume + Double(count))
                if rate < least && distribution(rate) >= q { least = rate }
            }
        }
        return least.isFinite ? least : upper
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

/// The predictive distribution over the count of undecided items: per count, its probability and
/// P(X ≤ k | count) for k = 0...count, in flat arrays.
struct _ArrivalMixture {
    var counts: [Int] = [], weights: [Double] = [], starts: [Int] = [], cdf: [Double] = []

    /// Room for `capacity` counts holding `items` points of their distributions in all, allocated once.
    init(capacity: Int, items: Int) {
        counts.reserveCapacity(capacity)
        weights.reserveCapacity(capacity)
        starts.reserveCapacity(capacity)
        cdf.reserveCapacity(items)
    }

    /// Adds a count with its probability and its met items' distribution (none when the count is 0).
    mutating func append(count: Int, weight: Double, distribution: _BetaBinomial?) {
        counts.append(count)
        weights.append(weight)
        starts.append(cdf.count)
        if let distribution { distribution.cumulative(appendingTo: &cdf) } else { cdf.append(1) }
    }
}

/// The count of items still to arrive in a month: Poisson when its variance is its mean, negative binomial when
/// larger.
struct _CountDistribution {
    let mean: Double, variance: Double

    /// The counts with their probabilities, up to a tail of 10⁻⁵, summing to 1.
    func masses() -> [(Int, Double)] {
        var result: [(Int, Double)] = []
        var total = 0.0
        // P(0) and the ratio P(k + 1) / P(k): Poisson e^(−μ) and μ / (k + 1); negative binomial with
        // r = μ² / (v − μ), π = 1 − μ / v: (μ / v)^r and π (k + r) / (k + 1).
        let poisson = variance <= mean * 1.000001
        let r = poisson ? 0 : mean * mean / (variance - mean), pi = poisson ? 0 : 1 - mean / variance
        var log0 = poisson ? -mean : r * log(mean / variance)
        var k = 0
        let limit = Int(mean + 10 * variance.squareRoot()) + 10
        while k <= limit {
            let mass = exp(log0)
            result.append((k, mass))
            total += mass
            if total >= 1 - 1e-5 { break }
            log0 += poisson ? log(mean / Double(k + 1)) : log(pi * (Double(k) + r) / Double(k + 1))
            k += 1
        }
        // A wide count is summed in groups of consecutive counts a third of its standard deviation wide (so about
        // 26 points in all), each group at its mass-weighted mean count; one count is a small share of such a
        // window's items.
        let stride = Int(variance.squareRoot() / 3)
        guard stride > 1 else { return result.map { ($0.0, $0.1 / total) } }
        return Swift.stride(from: 0, to: result.count, by: stride).map { start in
            let group = result[start..<min(start + stride, result.count)]
            let mass = group.reduce(0) { $0 + $1.1 }
            let centre = group.reduce(0) { $0 + Double($1.0) * $1.1 } / max(mass, .leastNormalMagnitude)
            return (Int(centre.rounded()), mass / total)
        }
    }
}
