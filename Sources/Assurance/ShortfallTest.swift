import Foundation

/// A one-sided test that a KPI's true rate is below its target, from the items measured.
///
/// Rule: with n items measured and m met, the p-value is the exact binomial chance of m or fewer met if the
/// true rate were the target t: P(X ≤ m), X ~ Binomial(n, t). The shortfall is *significant* at confidence
/// c when the p-value is at most 1 − c and n is at least the minimum number of items. A rate at or above the
/// target has nothing to test (p-value 1). A 100% target is missed for certain by a single missed item
/// (p-value 0).
///
/// Example: 279 of 300 met (93%) against 96%: P(X ≤ 279 | 300, 0.96) = 0.0101, significant at 95% but not
/// at 99%; 93 of 100 (93%) against 96%: p = 0.1064, not significant at 95%.
public struct ShortfallTest: Sendable, Equatable {
    /// e.g. 0.95.
    public var confidence: Double
    /// Fewer measured items than this are never significant.
    public var minimumItems: Int64

    public init(confidence: Double = 0.95, minimumItems: Int64 = 30) {
        self.confidence = confidence
        self.minimumItems = minimumItems
    }

    /// P(X ≤ met) for X ~ Binomial(measured, target); 1 when the rate is at or above the target.
    public static func pValue(met: Int64, measured: Int64, target: Double) -> Double {
        guard measured > 0, met >= 0, Double(met) < target * Double(measured) else { return 1 }
        if target >= 1 { return met < measured ? 0 : 1 }
        guard target > 0 else { return 1 }
        let n = Double(measured)
        let logP = log(target), logQ = log1p(-target), logNFactorial = _logFactorial(n)
        func logTerm(_ i: Double) -> Double { logNFactorial - _logFactorial(i) - _logFactorial(n - i) + i * logP + (n - i) * logQ }
        // Below the mean the terms fall as i falls: sum from m down until they no longer matter.
        let top = logTerm(Double(met))
        var sum = 0.0
        var i = met
        while i >= 0 {
            let term = exp(logTerm(Double(i)) - top)
            sum += term
            if term < 1e-17 * sum { break }
            i -= 1
        }
        return min(1, exp(top) * sum)
    }

    /// Whether `met` of `measured` is significantly below `target`, and the p-value.
    ///
    /// With `dispersion` φ > 1 (months that vary more than binomial chance, ``SPCPoint/dispersion``), the
    /// items weigh as n/φ: the test runs on ⌊met/φ⌉ of ⌊n/φ⌉ (rounded), the quasi-binomial effective sample.
    /// The minimum number of items applies to the items actually measured.
    public func test(met: Int64, measured: Int64, target: Double, dispersion: Double = 1) -> (significant: Bool, pValue: Double) {
        var (m, n) = (met, measured)
        if dispersion > 1 && dispersion.isFinite {
            n = Int64((Double(measured) / dispersion).rounded())
            m = min(n, Int64((Double(met) / dispersion).rounded()))
        }
        let p = Self.pValue(met: m, measured: n, target: target)
        return (measured >= minimumItems && p <= 1 - confidence, p)
    }
}

/// log(x!) for a whole x ≥ 0.
@inline(__always) func _logFactorial(_ x: Double) -> Double {
    let value: Double = lgamma(x + 1)
    return value
}
