import Foundation
import CaseData
import SyntheticData
@testable import Forecasting
import Testing

/// Deviations of several series from their long-run levels, built from known provider conditions.
private struct Scenario {
    var deviations: [[Double]] = [], rates: [[Double]] = [], measured: [[Double]] = []
    var provider: [Int] = [], kpi: [Int] = []

    /// Adds a series of `provider` for `kpi` with deviations `values` (NaN: no items), 100,000 items a month
    /// around a 90% level.
    mutating func add(provider p: Int, kpi k: Int, _ values: [Double]) {
        deviations.append(values)
        rates.append(values.map { $0.isNaN ? .nan : 0.9 + $0 })
        measured.append(values.map { $0.isNaN ? 0 : 100_000 })
        provider.append(p)
        kpi.append(k)
    }

    var fitted: _ProviderConditions {
        _ProviderConditions(deviations: deviations, rates: rates, measured: measured, provider: provider, kpi: kpi)
    }
}

/// Conditions that come and go: c(t) = 1.3·c(t−1) − 0.6·c(t−2) + a seeded shock of up to ±0.4 points.
private func conditions(months: Int, seed: UInt64) -> [Double] {
    var rng = SeededGenerator(seed: seed)
    var c = [0.01, 0.015]
    while c.count < months {
        let shock = (Double(rng.next() % 2001) / 1000 - 1) * 0.004
        c.append(1.3 * c[c.count - 1] - 0.6 * c[c.count - 2] + shock)
    }
    return c
}

/// `values` read `lag` months later, times `loading` (the first `lag` months have no items).
private func lagged(_ values: [Double], by lag: Int, loading: Double) -> [Double] {
    values.indices.map { $0 < lag ? .nan : loading * values[$0 - lag] }
}

@Suite("Provider conditions")
struct ProviderConditionsTests {
    /// Three providers, 24 months. KPIs 0 and 1 follow each provider's conditions in the same month; KPI 2
    /// follows them 3 months later with half the effect; KPI 3 wobbles within binomial noise; series 12 is a
    /// pool (provider −1).
    fileprivate func scenario() -> (Scenario, [[Double]]) {
        var scenario = Scenario()
        let c = (0..<3).map { conditions(months: 24, seed: UInt64(7 + $0)) }
        for p in 0..<3 {
            scenario.add(provider: p, kpi: 0, c[p])
            scenario.add(provider: p, kpi: 1, c[p].map { 1.2 * $0 })
            scenario.add(provider: p, kpi: 2, lagged(c[p], by: 3, loading: 0.5))
            scenario.add(provider: p, kpi: 3, (0..<24).map { $0 % 2 == 0 ? 0.0001 : -0.0001 })
        }
        scenario.add(provider: -1, kpi: 0, c[0])
        return (scenario, c)
    }

    @Test func eachKPIsLagIsFoundAndNoiseAndPoolsAreLeftOut() {
        let (scenario, _) = scenario()
        let fit = scenario.fitted
        for p in 0..<3 {
            #expect(fit.lag[4 * p] == 0 && fit.lag[4 * p + 1] == 0 && fit.lag[4 * p + 2] == 3)
            // Σ n·d² = 100,000 · 24 · 10⁻⁸ against Σ r(1−r) ≈ 24 · 0.09: nothing to follow.
            #expect(fit.lag[4 * p + 3] == nil && fit.deviation(4 * p + 3, ahead: 1) == nil)
        }
        #expect(fit.lag[12] == nil && fit.deviation(12, ahead: 1) == nil)
    }

    @Test func loadingsKeepTheKPIsRelativeEffects() {
        let (scenario, _) = scenario()
        let fit = scenario.fitted
        for p in 0..<3 {
            // KPI 1 moves 1.2 times as much as KPI 0, KPI 2 half as much (3 months later).
            // Two rounds of refinement get the ratios to within 10⁻⁴.
            #expect(abs(fit.loading[4 * p + 1] / fit.loading[4 * p] - 1.2) < 1e-4)
            #expect(abs(fit.loading[4 * p + 2] / fit.loading[4 * p] - 0.5) < 1e-4)
        }
    }

    @Test func aLaggedKPIReadsConditionsAlreadySeen() throws {
        let (scenario, c) = scenario()
        let fit = scenario.fitted
        for p in 0..<3 {
            // Next month's KPI 2 items follow the conditions of 2 months before the last: exactly the loading
            // times the fitted condition there, which is 0.5 · c(21) (to within 10⁻⁴ of it).
            let s = 4 * p + 2
            let next = try #require(fit.deviation(s, ahead: 1))
            #expect(next.value == fit.loading[s] * fit.conditions[p][21] && next.variance == 0)
            #expect(abs(next.value - 0.5 * c[p][21]) < 1e-4 * abs(c[p][21]))
            // 3 months ahead it reads the last month; 4 ahead needs the conditions carried one month on.
            #expect(try #require(fit.deviation(s, ahead: 3)).value == fit.loading[s] * fit.conditions[p][23])
            let outlook = try #require(fit.outlook[p])
            let four = try #require(fit.deviation(s, ahead: 4))
            let carried = outlook.forecast(steps: 1)
            #expect(four.value == fit.loading[s] * carried.value)
            #expect(four.variance == fit.loading[s] * fit.loading[s] * carried.variance)
        }
    }

    @Test func aKPIWithoutLagFollowsTheConditionsCarriedForward() throws {
        let (scenario, c) = scenario()
        let fit = scenario.fitted
        // Conditions made by an autoregression are carried forward by one (it fits them better than a cycle).
        guard case .autoregression(let ar) = try #require(fit.outlook[0]) else {
            Issue.record("conditions from an autoregression carried forward by a cycle")
            return
        }
        // The fitted conditions are the simulated ones up to scale, so their autoregression is the same.
        let truth = try #require(_Autoregression(trailingRunOf: c[0]))
        #expect(abs(ar.a - truth.a) < 1e-4 && abs(ar.b - truth.b) < 1e-4)
        let next = try #require(fit.deviation(0, ahead: 1))
        #expect(next.value == fit.loading[0] * ar.forecast(steps: 1).value)
        #expect(next.variance == fit.loading[0] * fit.loading[0] * ar.errorVariance)
    }

    @Test func aLagNeedsSixMonthsOfPairsPerSeries() {
        // 8 months of one series against a reference: lag 7 pairs one month and correlates perfectly (1.0),
        // lag 5 pairs three (0.943); only lags 0–2 pair 6 months or more, and the best of them, lag 1, reaches
        // 0.148, under the 0.3 a lag needs. So the KPI follows nothing.
        let y = [1.0, 1, -1, -1, 1, 1, -1, 1].map { $0 * 0.01 }, c = [1.0, -1, 2, -2, 1.5, -1.5, 0.5, -0.5]
        let lags = _ProviderConditions.lags([y], [Array(repeating: 100.0, count: 8)], kpi: [0], kpis: 1,
                                            material: [true]) { _ in c }
        #expect(lags == [nil])
        // A reference that the series follows one month later is found.
        let follows = _ProviderConditions.lags([[0] + c.dropLast().map { 0.5 * $0 }], [Array(repeating: 100.0, count: 8)],
                                               kpi: [0], kpis: 1, material: [true]) { _ in c }
        #expect(follows == [1])
    }

    @Test func conditionsThatTrendAreCarriedByTheSmoothedLevelNotACycle() {
        // One provider rising steadily: its conditions are a straight line, which neither the autoregression
        // nor the cycle takes; the smoothed level follows it (α = 0.9, the grid's largest below 1) without
        // extending it.
        var scenario = Scenario()
        let line = (0..<24).map { Double($0 - 12) * 0.002 }
        scenario.add(provider: 0, kpi: 0, line)
        scenario.add(provider: 0, kpi: 1, line.map { 0.8 * $0 })
        let fit = scenario.fitted
        guard case .level(let level)? = fit.outlook[0] else {
            Issue.record("a straight line of conditions is not carried by the smoothed level: \(String(describing: fit.outlook[0]))")
            return
        }
        #expect(level.alpha == 0.9)
        #expect(fit.deviation(0, ahead: 1) != nil)
    }
}

@Suite("Autoregression of conditions")
struct AutoregressionTests {
    @Test func anExactDampedCycleIsRecoveredWithItsForecastVariance() throws {
        // x(t) = 1.2·x(t−1) − 0.5·x(t−2) from 3, 2 (a damped cycle): recovered exactly, no error.
        var x = [3.0, 2.0]
        while x.count < 12 { x.append(1.2 * x[x.count - 1] - 0.5 * x[x.count - 2]) }
        let fit = try #require(_Autoregression(trailingRunOf: [.nan, .nan] + x))
        #expect(abs(fit.a - 1.2) < 1e-9 && abs(fit.b + 0.5) < 1e-9 && fit.errorVariance < 1e-20)
        let next = 1.2 * x[11] - 0.5 * x[10]
        #expect(abs(fit.forecast(steps: 1).value - next) < 1e-12)
        #expect(abs(fit.forecast(steps: 2).value - (1.2 * next - 0.5 * x[11])) < 1e-12)
    }

    @Test func theForecastVarianceAddsTheRecursionsWeights() {
        // σ² = 2, a = 0.5, b = 0.25: ψ = 1, 0.5, 0.5·0.5 + 0.25 = 0.5; three steps: 2·(1 + 0.25 + 0.25) = 3.
        let fit = _Autoregression(a: 0.5, b: 0.25, last: 1, previous: 0, errorVariance: 2)
        #expect(fit.forecast(steps: 1).variance == 2)
        #expect(fit.forecast(steps: 3).variance == 3)
        #expect(fit.forecast(steps: 3).value == 0.5 * (0.5 * 0.5 + 0.25) + 0.25 * 0.5)
    }

    @Test func shortRunsTrendsAndUnitRootsAreRefused() {
        var x = [3.0, 2.0]
        while x.count < 12 { x.append(1.2 * x[x.count - 1] - 0.5 * x[x.count - 2]) }
        // A gap leaves a trailing run of 7 months: too short.
        var broken = x
        broken[4] = .nan
        #expect(_Autoregression(trailingRunOf: broken) == nil)
        // A straight line (R² = 1), and a level that alternates for ever (b = 1: roots ±1).
        #expect(_Autoregression(trailingRunOf: (0..<12).map { Double($0) - 5.5 }) == nil)
        #expect(_Autoregression(trailingRunOf: (0..<12).map { $0 % 2 == 0 ? 1.0 : 1.5 }) == nil)
    }
}

/// The largest absolute component.
private func largest(_ v: SIMD3<Double>) -> Double { max(abs(v[0]), abs(v[1]), abs(v[2])) }

@Suite("Cycles of conditions")
struct OscillationTests {
    @Test func anExactCycleIsRecoveredAndCarriedForward() throws {
        // 16 months of 0.002 + 0.01·sin(2πt/8 + 0.5) after a gap: period 8 on the grid, fitted without error.
        let x = (0..<17).map { 0.002 + 0.01 * sin(2 * Double.pi * Double($0) / 8 + 0.5) }
        let fit = try #require(_Oscillation(trailingRunOf: [0.3, .nan] + x.prefix(16)))
        #expect(fit.period == 8 && fit.count == 16 && fit.errorVariance < 1e-20)
        #expect(abs(fit.level - 0.002) < 1e-12)
        #expect(abs((fit.sine * fit.sine + fit.cosine * fit.cosine).squareRoot() - 0.01) < 1e-12)
        #expect(abs(fit.forecast(steps: 1).value - x[16]) < 1e-12)
        // A month of the run, as fitted: the 13th (3 before the last).
        #expect(abs(fit.forecast(steps: -3).value - x[12]) < 1e-12)
    }

    @Test func theForecastVarianceAddsTheFitsOwnUncertainty() throws {
        // Period 4 over 12 months: sin(πt/2) = 0, 1, 0, −1, …, cos = 1, 0, −1, 0, …; FᵀF = diag(12, 6, 6).
        var gram = _Matrix3()
        for t in 0..<12 {
            let f = _Oscillation.design(t, 4)
            gram.r0 += f[0] * f
            gram.r1 += f[1] * f
            gram.r2 += f[2] * f
        }
        let inverse = try #require(gram.inverse)
        let expected = _Matrix3(r0: [1.0 / 12, 0, 0], r1: [0, 1.0 / 6, 0], r2: [0, 0, 1.0 / 6])
        for (row, want) in [(inverse.r0, expected.r0), (inverse.r1, expected.r1), (inverse.r2, expected.r2)] {
            #expect(largest(row - want) < 1e-12)
        }
        // Month 12: f = (1, 0, 1), leverage 1/12 + 1/6 = 1/4; σ² = 2 gives 2 · 1.25 = 2.5.
        let fit = _Oscillation(level: 0.5, sine: 3, cosine: -1, period: 4, count: 12, errorVariance: 2, inverse: inverse)
        let next = fit.forecast(steps: 1)
        #expect(abs(next.value - (0.5 - 1)) < 1e-12 && abs(next.variance - 2.5) < 1e-12)
    }

    @Test func shortRunsTrendsAndSingularDesignsAreRefused() throws {
        let cycle = (0..<12).map { sin(2 * Double.pi * Double($0) / 6) }
        #expect(_Oscillation(trailingRunOf: Array(cycle.dropFirst())) == nil)   // 11 months
        #expect(_Oscillation(trailingRunOf: cycle) != nil)
        // A straight line is a trend, whatever period would fit it.
        #expect(_Oscillation(trailingRunOf: (0..<24).map { Double($0) * 0.001 }) == nil)
        #expect(_Matrix3(r0: [1, 1, 0], r1: [1, 1, 0], r2: [0, 0, 1]).inverse == nil)   // singular
        // A general symmetric matrix times its inverse is the identity.
        let m = _Matrix3(r0: [4, 1, 2], r1: [1, 3, 0.5], r2: [2, 0.5, 5])
        let inverse = try #require(m.inverse)
        for (k, unit) in [SIMD3<Double>(1, 0, 0), [0, 1, 0], [0, 0, 1]].enumerated() {
            #expect(largest(m * (inverse * unit) - unit) < 1e-12, "column \(k)")
        }
    }

    @Test func aSwingIsCarriedByTheCycleAndItsSeenMonthsAreReadFromIt() throws {
        // One provider swinging 2 points with a period of 14 months (longer than the longest lag, so no lag
        // reads the same swing a whole period earlier), read with a seeded noise of up to ±0.1
        // points; KPIs 0 and 2 follow in the same month (KPI 2 1.2 times as much), KPI 1 three months later
        // with half the effect.
        var rng = SeededGenerator(seed: 11)
        let swing = (0..<25).map { 0.02 * sin(2 * Double.pi * Double($0) / 14) }
        let c = swing.prefix(24).map { $0 + (Double(rng.next() % 2001) / 1000 - 1) * 0.001 }
        var scenario = Scenario()
        scenario.add(provider: 0, kpi: 0, c)
        scenario.add(provider: 0, kpi: 1, lagged(c, by: 3, loading: 0.5))
        scenario.add(provider: 0, kpi: 2, c.map { 1.2 * $0 })
        let fit = scenario.fitted
        let outlook = try #require(fit.outlook[0])
        guard case .oscillation(let cycle) = outlook else {
            Issue.record("a swing carried forward by an autoregression")
            return
        }
        #expect(cycle.period == 14)
        let ar = try #require(_Autoregression(trailingRunOf: fit.conditions[0]))
        #expect(cycle.errorVariance < ar.errorVariance)
        // KPI 0 next month: the cycle carried one month on (times the loading), within 0.1 points of the swing.
        let next = try #require(fit.deviation(0, ahead: 1))
        #expect(next.value == fit.loading[0] * cycle.forecast(steps: 1).value)
        #expect(abs(next.value - swing[24]) < 0.001)
        // KPI 1 next month reads the month 2 before the last as the cycle fits it, not its noisy reading.
        let lagged = try #require(fit.deviation(1, ahead: 1))
        #expect(lagged.value == fit.loading[1] * cycle.forecast(steps: -2).value && lagged.variance == 0)
        #expect(lagged.value != fit.loading[1] * fit.conditions[0][21])
    }

    @Test func wanderingConditionsAreCarriedByASmoothedLevel() throws {
        // Eight months of 0, then 1 point: every α errs by exactly 1 point once, so the first of the grid (0.02)
        // is kept: the level is 0.02 points, σ² = 1/6 (the sum over 8 − 2), two months ahead σ²·(1 + 0.02²).
        let step = try #require(_SmoothedLevel(trailingRunOf: [.nan] + Array(repeating: 0, count: 7) + [1]))
        #expect(step.alpha == 0.02 && abs(step.level - 0.02) < 1e-15)
        #expect(abs(step.forecast(steps: 2).variance - (1.0 / 6) * (1 + 0.0004)) < 1e-15)
        #expect(_SmoothedLevel(trailingRunOf: [0, 0, 0, .nan, 1, 2, 3]) == nil)   // a run of 3 months
        // A random walk (steps within ±1 point, a fixed sequence) of 10 months: too short for a cycle; the
        // level with the grid's best α is kept unless the autoregression errs less.
        var generator = SeededGenerator(seed: 4)
        var walk = [0.0]
        for _ in 1..<10 { walk.append(walk[walk.count - 1] + (Double(generator.next() % 1000) / 1000 - 0.5) * 0.02) }
        #expect(_Oscillation(trailingRunOf: walk) == nil)
        let level = try #require(_SmoothedLevel(trailingRunOf: walk))
        var best = (error: Double.infinity, alpha: 0.0)
        for alpha in _SmootherGrid.localLevel where alpha < 1 {
            var l = walk[0], error = 0.0
            for x in walk.dropFirst() {
                error += (x - l) * (x - l)
                l += alpha * (x - l)
            }
            if error < best.error { best = (error, alpha) }
        }
        #expect(level.alpha == best.alpha && abs(level.errorVariance - best.error / 8) < 1e-15)
        let outlook = try #require(_ConditionsOutlook(trailingRunOf: walk))
        if let ar = _Autoregression(trailingRunOf: walk), ar.errorVariance < level.errorVariance {
            guard case .autoregression = outlook else { Issue.record("the better autoregression was not taken"); return }
        } else {
            guard case .level(let taken) = outlook else { Issue.record("the smoothed level was not taken"); return }
            #expect(taken.alpha == level.alpha)
        }
    }
}
