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
