import Foundation

/// One series' monthly met and measured counts on the counts' month axis, up to the last complete month.
struct _MonthlyHistory {
    var met: [Double]
    var measured: [Double]
    /// The index of the series' first month (its service start) on the axis.
    var first: Int

    var count: Int { met.count }
    func rate(_ t: Int) -> Double { met[t] / measured[t] }
}

/// Exponential smoothing of a series' monthly met and measured counts: the local-level method.
///
/// Rule: from the first month with measured items, M = met and N = measured; each later month
/// M ← (1 − α)·M + α·met, N ← (1 − α)·N + α·measured; the forecast for any month ahead is M / N. Smoothing the
/// counts rather than the rates weighs each month by its items; a month without items is skipped. Example: α = 0.4, months 90/100 then 40/50: M = 0.6·90 + 0.4·40 = 70, N = 0.6·100 + 0.4·50 = 80, so
/// the forecast is 87.5%.
struct _LocalLevel {
    var alpha: Double
    private(set) var met = 0.0, measured = 0.0

    init(alpha: Double) { self.alpha = alpha }

    var started: Bool { measured > 0 }
    var forecast: Double { met / measured }

    mutating func observe(met m: Double, measured n: Double) {
        guard n > 0 else { return }
        if measured == 0 {
            met = m
            measured = n
        } else {
            met += alpha * (m - met)
            measured += alpha * (n - measured)
        }
    }
}

/// Holt's damped trend on a series' monthly rates: the damped-trend method.
///
/// Rule: from the first month with measured items, level ℓ = its rate and trend b = 0; each later month with
/// items, with rate r: ℓ′ = α·r + (1 − α)·(ℓ + φ·b), b′ = β·(ℓ′ − ℓ) + (1 − β)·φ·b; a month without items
/// moves ℓ by φ·b and damps b by φ. The forecast h months ahead is ℓ + (φ + φ² + … + φʰ)·b, within 0…1.
/// Example: α = 0.5, β = 0.2, φ = 0.9, rates 90% then 94%: ℓ = 0.5·0.94 + 0.5·0.90 = 0.92,
/// b = 0.2·0.02 = 0.004, so next month is 0.92 + 0.9·0.004 = 92.36%.
struct _DampedTrend {
    var alpha: Double, beta: Double, phi: Double
    private(set) var level = 0.0, trend = 0.0, started = false

    init(alpha: Double, beta: Double, phi: Double) {
        self.alpha = alpha
        self.beta = beta
        self.phi = phi
    }

    mutating func observe(met m: Double, measured n: Double) {
        guard n > 0 else {
            if started {
                level += phi * trend
                trend *= phi
            }
            return
        }
        let r = m / n
        guard started else {
            level = r
            started = true
            return
        }
        let previous = level
        level = alpha * r + (1 - alpha) * (level + phi * trend)
        trend = beta * (level - previous) + (1 - beta) * phi * trend
    }

    func forecast(ahead h: Int) -> Double {
        var damping = 0.0, power = 1.0
        for _ in 0..<max(h, 1) {
            power *= phi
            damping += power
        }
        return min(max(level + damping * trend, 0), 1)
    }
}

/// The parameter grids the smoothers' weights are chosen from, per family, by their one-step errors.
enum _SmootherGrid {
    static let localLevel: [Double] = [0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    static let dampedTrend: [(alpha: Double, beta: Double, phi: Double)] = {
        var grid: [(Double, Double, Double)] = []
        for alpha in [0.05, 0.1, 0.2, 0.3, 0.5, 0.7] {
            for beta in [0.02, 0.05, 0.1, 0.2] {
                for phi in [0.8, 0.9] { grid.append((alpha, beta, phi)) }
            }
        }
        return grid
    }()
}
