import Foundation

/// How a provider's conditions are carried forward: by an autoregression, a cycle or a smoothed level,
/// whichever fits their trailing run best.
///
/// Rule: the autoregression and the cycle need a trailing run of known months that a straight line does not
/// mostly explain (``_cyclicRun(_:minimumMonths:)``): at least ``_Autoregression/minimumRun`` months for the
/// ``_Autoregression``, ``_Oscillation/minimumRun`` for the ``_Oscillation``; the ``_SmoothedLevel`` (conditions
/// that wander, as a random walk or in regime shifts) needs 8 months and takes trending runs too: it follows
/// the latest conditions rather than extending the line. With the trend test the level gained nothing; without
/// it, on random-walk data (120k cases, 9 providers, 8 origins) the forecast's in-month Brier score fell
/// 0.6–3.6%. The one with the smallest mean squared
/// one-step error wins (the autoregression's and the cycle's error sums divided by the months less four: two
/// coefficients and the two months the recursion starts from; a level, two amplitudes and the period; the
/// level's by the months less two). The cycle, when it wins,
/// also reads the months already seen: its fitted value replaces the month's own reading, which carries
/// that month's sampling noise.
///
/// Why: conditions that swing with a period of their own (staffing cycles) are carried through the next
/// month by a cycle; an autoregression fitted to noisy readings of them has its coefficients shrunk toward
/// zero and forecasts too small a swing. In a simulation of a swing of up to 3.5 points with a period of
/// 6–18 months read with 0.3 points of noise, the cycle's one-step error was 0.17–0.23 points against the
/// autoregression's 0.46–0.56 (12 to 33 months of history). Example: readings that swing ±2 points over 14
/// months, with ±0.1 points of noise, are carried by a cycle of period 14 to within 0.1 points of the swing's
/// next month (a test of this module).
enum _ConditionsOutlook {
    case autoregression(_Autoregression)
    case oscillation(_Oscillation)
    case level(_SmoothedLevel)

    init?(trailingRunOf values: [Double]) {
        var fits: [(Double, _ConditionsOutlook)] = []
        if let ar = _Autoregression(trailingRunOf: values) { fits.append((ar.errorVariance, .autoregression(ar))) }
        if let cycle = _Oscillation(trailingRunOf: values) { fits.append((cycle.errorVariance, .oscillation(cycle))) }
        if let level = _SmoothedLevel(trailingRunOf: values) { fits.append((level.errorVariance, .level(level))) }
        guard let best = fits.min(by: { $0.0 < $1.0 }) else { return nil }
        self = best.1
    }

    /// The conditions `steps` months after the last known one, and the forecast's variance.
    func forecast(steps: Int) -> (value: Double, variance: Double) {
        switch self {
        case .autoregression(let fit): fit.forecast(steps: steps)
        case .oscillation(let fit): fit.forecast(steps: steps)
        case .level(let fit): fit.forecast(steps: steps)
        }
    }

    /// The condition `back` months before the last known one as the cycle fits it; `nil` for an
    /// autoregression (the month's own reading stands).
    func smoothed(monthsBeforeLast back: Int) -> Double? {
        guard case .oscillation(let fit) = self else { return nil }
        return fit.forecast(steps: -back).value
    }
}

/// The trailing run of known (non-NaN) values when it is at least `minimumMonths` long, else `nil`.
func _trailingRun(_ values: [Double], minimumMonths: Int) -> [Double]? {
    var start = values.count
    while start > 0 && !values[start - 1].isNaN { start -= 1 }
    return values.count - start >= minimumMonths ? Array(values[start...]) : nil
}

/// The trailing run of known (non-NaN) values when it is at least `minimumMonths` long and a straight line
/// explains at most ``_Autoregression/maximumTrendShare`` of its variance (R²); else `nil`: a run that a line
/// explains for the most part is a trend, which the trend model handles, not conditions that come and go.
func _cyclicRun(_ values: [Double], minimumMonths: Int) -> [Double]? {
    guard let x = _trailingRun(values, minimumMonths: minimumMonths) else { return nil }
    let n = Double(x.count), meanT = (n - 1) / 2, mean = x.reduce(0, +) / n
    var stt = 0.0, sty = 0.0, syy = 0.0
    for (t, value) in x.enumerated() {
        stt += (Double(t) - meanT) * (Double(t) - meanT)
        sty += (Double(t) - meanT) * (value - mean)
        syy += (value - mean) * (value - mean)
    }
    return sty * sty <= _Autoregression.maximumTrendShare * stt * syy ? x : nil
}

/// A second-order autoregression x(t) = a·x(t−1) + b·x(t−2), fitted by least squares over a series' trailing
/// run of known values.
struct _Autoregression {
    static let minimumRun = 8
    /// The largest share of the run's variance a straight line may explain (R²).
    static let maximumTrendShare = 0.5

    let a: Double, b: Double
    /// The last two values (the latest first).
    let last: Double, previous: Double
    /// Mean squared one-step error (two coefficients fitted).
    let errorVariance: Double
}

extension _Autoregression {
    /// `nil` when the trailing run of non-NaN values is shorter than ``minimumRun``, is mostly a straight line
    /// (a trend, which the trend model handles), or its fit is singular, not stationary or near a unit root
    /// (a + b ≥ 0.98).
    init?(trailingRunOf values: [Double]) {
        guard let x = _cyclicRun(values, minimumMonths: Self.minimumRun),
              let (a, b) = Self.coefficients(x, singular: 1e-12) else { return nil }
        var squared = 0.0
        for t in 2..<x.count {
            let e = x[t] - a * x[t - 1] - b * x[t - 2]
            squared += e * e
        }
        self.a = a
        self.b = b
        last = x[x.count - 1]
        previous = x[x.count - 2]
        errorVariance = squared / Double(max(x.count - 4, 1))
    }

    /// The least-squares a and b of x(t) = a·x(t−1) + b·x(t−2) over `x` (t ≥ 2), month t weighted by
    /// `weights[t]` (alike without them); `nil` when the normal equations are singular (determinant at most
    /// `singular` × Σx(t−1)²·Σx(t−2)²) or the fit is not stationary with both roots of z² − a·z − b inside the
    /// unit circle and clearly away from a unit root at 1: |b| < 1, a + b < 0.98, b − a < 1 (a + b = 1 is a
    /// straight trend or a random walk, which the trend model handles).
    static func coefficients(_ x: [Double], weights: [Double]? = nil, singular: Double) -> (a: Double, b: Double)? {
        var s11 = 0.0, s12 = 0.0, s22 = 0.0, r1 = 0.0, r2 = 0.0
        for t in 2..<max(x.count, 2) {
            let w = weights?[t] ?? 1, x1 = x[t - 1], x2 = x[t - 2], y = x[t]
            s11 += w * x1 * x1; s12 += w * x1 * x2; s22 += w * x2 * x2
            r1 += w * x1 * y; r2 += w * x2 * y
        }
        let determinant = s11 * s22 - s12 * s12
        guard determinant > singular * s11 * s22 else { return nil }
        let a = (r1 * s22 - r2 * s12) / determinant, b = (r2 * s11 - r1 * s12) / determinant
        guard abs(b) < 1, a + b < 0.98, b - a < 1 else { return nil }
        return (a, b)
    }

    /// The value `steps` ahead and its forecast variance, σ²·Σψⱼ² over the first `steps` weights of the
    /// recursion (ψ₀ = 1, ψ₁ = a, ψⱼ = a·ψⱼ₋₁ + b·ψⱼ₋₂).
    func forecast(steps: Int) -> (value: Double, variance: Double) {
        var x1 = last, x0 = previous
        var psi1 = 1.0, psi0 = 0.0, weights = 0.0
        for _ in 0..<max(steps, 0) {
            (x1, x0) = (a * x1 + b * x0, x1)
            weights += psi1 * psi1
            (psi1, psi0) = (a * psi1 + b * psi0, psi1)
        }
        return (x1, errorVariance * weights)
    }
}

/// A cycle with a period of its own, x(t) = c + A·sin(2πt/P) + B·cos(2πt/P), fitted by least squares over a
/// series' trailing run of known values.
///
/// Rule: the run (``_cyclicRun(_:minimumMonths:)``, at least ``minimumRun`` months: half of the longest
/// period) is fitted for each period P of ``periods``, 4 to 24 months by quarter months; the period with the
/// smallest squared error is kept, with its level c and amplitudes A and B. Month t (t = 0 the run's first,
/// t = n the month after its last) is forecast as the cycle's value there, with the variance σ²·(1 + f·(FᵀF)⁻¹·f):
/// σ² the mean squared error (n − 4: level, amplitudes, period), f = (1, sin, cos) at t, F the run's design.
/// Example: 12 months of 0.01·sin(2πt/8) are fitted exactly with P = 8, and month 12 is forecast as
/// 0.01·sin(3π) = 0.
struct _Oscillation: Equatable {
    static let minimumRun = 12
    /// The periods tried, in months.
    static let periods = Array(stride(from: 4.0, through: 24.0, by: 0.25))

    let level: Double, sine: Double, cosine: Double, period: Double
    /// The run's length n: the month after its last value is t = n.
    let count: Int
    /// Mean squared error of the fit (four things fitted).
    let errorVariance: Double
    /// (FᵀF)⁻¹ at the chosen period.
    let inverse: _Matrix3
}

extension _Oscillation {
    /// `nil` when the run is too short or mostly a straight line (``_cyclicRun(_:minimumMonths:)``), or no
    /// period gives a design of full rank.
    init?(trailingRunOf values: [Double]) {
        guard let x = _cyclicRun(values, minimumMonths: Self.minimumRun) else { return nil }
        var best: (error: Double, period: Double, coefficients: SIMD3<Double>, inverse: _Matrix3)?
        for period in Self.periods {
            // Normal equations FᵀF·(c, A, B) = Fᵀx, F's rows (1, sin, cos).
            var gram = _Matrix3(), right = SIMD3<Double>()
            for (t, value) in x.enumerated() {
                let f = Self.design(t, period)
                gram.r0 += f[0] * f
                gram.r1 += f[1] * f
                gram.r2 += f[2] * f
                right += value * f
            }
            guard let inverse = gram.inverse else { continue }
            let coefficients = inverse * right
            var squared = 0.0
            for (t, value) in x.enumerated() {
                let e = value - (coefficients * Self.design(t, period)).sum()
                squared += e * e
            }
            if squared < best?.error ?? .infinity { best = (squared, period, coefficients, inverse) }
        }
        guard let best else { return nil }
        level = best.coefficients[0]
        sine = best.coefficients[1]
        cosine = best.coefficients[2]
        period = best.period
        count = x.count
        errorVariance = best.error / Double(max(x.count - 4, 1))
        inverse = best.inverse
    }

    /// The design row (1, sin 2πt/P, cos 2πt/P).
    static func design(_ t: Int, _ period: Double) -> SIMD3<Double> {
        let angle = 2 * Double.pi * Double(t) / period
        return SIMD3(1, sin(angle), cos(angle))
    }

    /// The value `steps` months after the last of the run (0 or less: a month of the run as fitted), and the
    /// variance of a forecast there.
    func forecast(steps: Int) -> (value: Double, variance: Double) {
        let f = Self.design(count - 1 + steps, period)
        let leverage = (f * (inverse * f)).sum()
        return (level + sine * f[1] + cosine * f[2], errorVariance * (1 + leverage))
    }
}

/// A 3×3 matrix by its rows, for the cycle's normal equations (no allocation per period tried).
struct _Matrix3: Equatable {
    var r0 = SIMD3<Double>(), r1 = SIMD3<Double>(), r2 = SIMD3<Double>()

    static func * (m: _Matrix3, v: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3((m.r0 * v).sum(), (m.r1 * v).sum(), (m.r2 * v).sum())
    }

    /// The inverse by the adjugate; `nil` when the determinant is at most 10⁻⁹ of the product of the
    /// diagonal (near singular; the matrices here are Gram matrices, positive on the diagonal).
    var inverse: _Matrix3? {
        let (a, b, c) = (r0, r1, r2)
        // The rows of the adjugate are the cross products of the columns' pairs; for a symmetric matrix,
        // of the rows' pairs.
        let cofactors = _Matrix3(r0: _cross(b, c), r1: _cross(c, a), r2: _cross(a, b))
        let determinant = (a * cofactors.r0).sum()
        guard determinant > 1e-9 * a[0] * b[1] * c[2] else { return nil }
        return _Matrix3(r0: cofactors.r0 / determinant, r1: cofactors.r1 / determinant, r2: cofactors.r2 / determinant)
    }
}

func _cross(_ u: SIMD3<Double>, _ v: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])
}

/// Conditions that wander: exponential smoothing of the trailing run, its weight the one with the least
/// one-step error.
///
/// Rule: over the trailing run of known values (at least ``minimumRun``), for each α in
/// ``_SmootherGrid/localLevel`` below 1, ℓ starts at the first value and ℓ ← ℓ + α·(x − ℓ); the α with the least
/// Σ (x − ℓ before x)² is kept. The forecast of any month ahead is the last ℓ, with variance
/// σ²·(1 + (h − 1)·α²), σ² the mean squared one-step error (the sum over the run less two).
struct _SmoothedLevel {
    static let minimumRun = 8
    let alpha: Double, level: Double, errorVariance: Double

    init?(trailingRunOf values: [Double]) {
        // No trend test: a wandering run often looks like a line over two years, and refusing those gave the
        // smoothed level no gain (``_ConditionsOutlook``).
        guard let x = _trailingRun(values, minimumMonths: Self.minimumRun) else { return nil }
        var best: (error: Double, alpha: Double, level: Double)?
        for alpha in _SmootherGrid.localLevel where alpha < 1 {
            var level = x[0], error = 0.0
            for value in x.dropFirst() {
                error += (value - level) * (value - level)
                level += alpha * (value - level)
            }
            if error < best?.error ?? .infinity { best = (error, alpha, level) }
        }
        guard let best else { return nil }
        alpha = best.alpha
        level = best.level
        errorVariance = best.error / Double(x.count - 2)
    }

    func forecast(steps: Int) -> (value: Double, variance: Double) {
        (level, errorVariance * (1 + Double(max(steps - 1, 0)) * alpha * alpha))
    }
}
