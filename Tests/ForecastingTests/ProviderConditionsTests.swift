import Foundation
import CaseData
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
            let ar = try #require(fit.autoregression[p])
            let four = try #require(fit.deviation(s, ahead: 4))
            let carried = ar.forecast(steps: 1)
            #expect(four.value == fit.loading[s] * carried.value)
            #expect(four.variance == fit.loading[s] * fit.loading[s] * carried.variance)
        }
    }

    @Test func aKPIWithoutLagFollowsTheConditionsCarriedForward() throws {
        let (scenario, c) = scenario()
        let fit = scenario.fitted
        let ar = try #require(fit.autoregression[0])
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

    @Test func conditionsThatTrendAreLeftToTheTrendModel() {
        // One provider rising steadily: its conditions are a straight line, not a cycle.
        var scenario = Scenario()
        let line = (0..<24).map { Double($0 - 12) * 0.002 }
        scenario.add(provider: 0, kpi: 0, line)
        scenario.add(provider: 0, kpi: 1, line.map { 0.8 * $0 })
        let fit = scenario.fitted
        #expect(fit.autoregression[0] == nil)
        #expect(fit.deviation(0, ahead: 1) == nil && fit.deviation(1, ahead: 1) == nil)
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
