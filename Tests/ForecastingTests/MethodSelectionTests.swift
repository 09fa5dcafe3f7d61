import Foundation
import CaseData
import SyntheticData
@testable import Forecasting
import KPIEngine
import Testing
import WorkingDays

/// One HA provider from January 2024 with `items` cases a month referred on the 10th, of which `met(t)` are
/// acknowledged the same day (HA-1 met) and the rest never (missed), through month `months` − 1.
private func provider(months: Int = 36, items: Int = 400, _ met: (Int) -> Int) throws -> Dataset {
    var cases = ["case_id,provider_id,contract,referral_received,acknowledged,assessment_type"]
    for t in 0..<months {
        let day = String(format: "%04d-%02d-10", 2024 + t / 12, t % 12 + 1)
        let k = met(t)
        for i in 0..<items { cases.append("P1-\(t)-\(i),P1,atw-ha,\(day),\(i < k ? day : ""),enhanced") }
    }
    let providers = "provider_id,contract,service_start,division\nP1,atw-ha,2024-01-01,england-and-wales\n"
    let dataset = try Dataset.load(contents: [.providers: Array(providers.utf8), .cases: Array((cases.joined(separator: "\n") + "\n").utf8)])
    #expect(dataset.rejections.isEmpty)
    return dataset
}

private func evaluation(_ dataset: Dataset, asOf: String) throws -> KPIEvaluation {
    KPIEvaluation(dataset: dataset, catalog: try ContractCatalog.builtIn, asOf: Day(asOf)!, collectingPipeline: true)
}

private func choice(_ forecast: RiskForecast, _ provider: String = "P1") throws -> MethodChoice {
    let series = try #require(forecast.evaluation.series.firstIndex { $0.providerID == provider && forecast.evaluation.catalog.definitions[$0.contractIndex].kpis[$0.kpiIndex].id == "HA-1" })
    return try #require(forecast.choices.first { $0.seriesIndex == series })
}

@Suite("Forecast methods and their choice by backtest")
struct MethodSelectionTests {
    @Test func aLocalLevelStepSmoothsTheCounts() {
        // α = 0.4: M = 90, N = 100 from the first month; then M = 90 + 0.4·(40 − 90) = 70, N = 100 + 0.4·(50 − 100)
        // = 80: 87.5%. A month without items changes nothing.
        var level = _LocalLevel(alpha: 0.4)
        level.observe(met: 90, measured: 100)
        #expect(level.forecast == 0.9)
        level.observe(met: 40, measured: 50)
        #expect(abs(level.forecast - 0.875) < 1e-12)
        level.observe(met: 0, measured: 0)
        #expect(abs(level.forecast - 0.875) < 1e-12)
    }

    @Test func aDampedTrendStepMovesLevelAndTrend() {
        // α = 0.5, β = 0.2, φ = 0.9, rates 90% then 94%: ℓ = 0.5·0.94 + 0.5·(0.90 + 0) = 0.92, b = 0.2·0.02 + 0 =
        // 0.004; one month ahead 0.92 + 0.9·0.004 = 0.9236, two 0.92 + (0.9 + 0.81)·0.004 = 0.92684. A month
        // without items moves ℓ by φ·b = 0.0036 and damps b to 0.0036.
        var trend = _DampedTrend(alpha: 0.5, beta: 0.2, phi: 0.9)
        trend.observe(met: 90, measured: 100)
        trend.observe(met: 47, measured: 50)
        #expect(abs(trend.level - 0.92) < 1e-12 && abs(trend.trend - 0.004) < 1e-12)
        #expect(abs(trend.forecast(ahead: 1) - 0.9236) < 1e-12)
        #expect(abs(trend.forecast(ahead: 2) - 0.92684) < 1e-12)
        trend.observe(met: 0, measured: 0)
        #expect(abs(trend.level - 0.9236) < 1e-12 && abs(trend.trend - 0.0036) < 1e-12)
    }

    @Test func theSmoothersWeightIsTheOneWithTheLeastOneStepError() {
        // Rates 50%, 100%, 50%, 100% (100 items each): with α = 1 every one-step error is 0.5; with α = 0.5
        // the forecasts are 0.5, 0.75, 0.625 and the errors 0.5, 0.25, 0.375: less. The choice at each month
        // uses only the errors of months up to it (at month 1 both have erred 0.5: the earlier grid point).
        let h = _MonthlyHistory(met: [50, 100, 50, 100], measured: [100, 100, 100, 100], first: 0)
        let grid = [1.0, 0.5]
        let best = _MethodSelection.chooseParameters([[0]], [h], 4, count: 2) { g, h, step in
            var smoother = _LocalLevel(alpha: grid[g])
            for t in h.first..<h.count {
                if smoother.started && h.measured[t] > 0 { step(t, h.rate(t) - smoother.forecast) }
                smoother.observe(met: h.met[t], measured: h.measured[t])
            }
        }
        #expect(best == [[0, 0, 1, 1]])
    }

    @Test func aRandomWalkScoresTheLocalLevelBestYetEverySeriesIsForecastByTheBlend() throws {
        // A random walk around 85% (steps uniform within ±3 points, a fixed sequence), 1,000 items a month:
        // the recent months say more than the long run, and the trend model's recency-weighted line lags it.
        var generator = SeededGenerator(seed: 2)
        var rate = 0.85
        var path: [Int] = []
        for _ in 0..<36 {
            path.append(Int((rate * 1000).rounded()))
            rate = min(max(rate + (Double(generator.next() % 1000) / 1000 - 0.5) * 0.06, 0.6), 0.98)
        }
        let walk = try RiskForecast(evaluation(try provider(items: 1000) { path[$0] }, asOf: "2026-12-31"))
        let chosen = try choice(walk)
        let scores = Dictionary(uniqueKeysWithValues: chosen.scores.map { ($0.candidate, $0.score) })
        #expect(scores[.localLevel]! < scores[.model]! && scores[.localLevel]! < scores[.longRun]!)
        // The scores inform `--explain`; the method is the blend (choosing by them scored worse on the backtests).
        #expect(chosen.method == .blend, "\(chosen)")
        #expect(walk.rows.first { $0.providerID == "P1" && $0.kpi == "HA-1" && $0.window == .inMonth }?.method == ForecastMethod(.blend))
        // Every candidate scored the same 12 inner origins (2025-12's forecast of 2026-01 … 2026-11's of 2026-12).
        #expect(walk.selectionOrigins.first == Month("2025-12") && walk.selectionOrigins.count == 12 && chosen.scoredOrigins == 12)
        // The same 340 of 400 every month: every candidate but the model forecasts 85% exactly; still the blend.
        let flat = try choice(RiskForecast(evaluation(try provider { _ in 340 }, asOf: "2026-12-31")))
        #expect(flat.method == .blend)
    }

    @Test func aCycleOfDeviationsIsForecastWithTheModelsCycle() throws {
        // Deviations from 88% that swing and turn, d(t) = 1.6·d(t−1) − 0.8·d(t−2) plus a shock uniform within
        // ±1 point (a fixed sequence), 1,000 items a month: the model's autoregression of the deviations (step 6)
        // sees the turn and scores better than the local level; their mean, the blend, scores best of all.
        var generator = SeededGenerator(seed: 6)
        var d = [0.0, 0.03]
        for _ in 2..<36 { d.append(1.6 * d[d.count - 1] - 0.8 * d[d.count - 2] + (Double(generator.next() % 1000) / 1000 - 0.5) * 0.02) }
        let cycle = try RiskForecast(evaluation(try provider(items: 1000) { Int((1000 * min(max(0.88 + d[$0], 0.5), 1)).rounded()) },
                                                asOf: "2026-12-31"))
        let chosen = try choice(cycle)
        let scores = Dictionary(uniqueKeysWithValues: chosen.scores.map { ($0.candidate, $0.score) })
        #expect(scores[.model]! < scores[.localLevel]! && scores[.model]! < scores[.dampedTrend]!)
        #expect(chosen.method == .blend, "\(chosen)")
        let forced = try RiskForecast(evaluation(try provider(items: 1000) { Int((1000 * min(max(0.88 + d[$0], 0.5), 1)).rounded()) },
                                                 asOf: "2026-12-31"), method: .model)
        #expect(forced.rows.first { $0.providerID == "P1" && $0.kpi == "HA-1" && $0.window == .inMonth }?.method.base == .cycle)
    }

    @Test func noLaterMonthReachesTheChoiceOrTheForecast() throws {
        // The same provider with its 2026 cases changed beyond recognition: forecasts made at the end of 2025
        // see none of it, so the choice, the scores and every row are the same.
        var generator = SeededGenerator(seed: 5)
        let path = (0..<36).map { _ in 300 + Int(generator.next() % 80) }
        let original = try RiskForecast(evaluation(try provider { path[$0] }, asOf: "2025-12-31"))
        let changed = try RiskForecast(evaluation(try provider { $0 >= 24 ? 400 - path[$0] : path[$0] }, asOf: "2025-12-31"))
        #expect(original.choices == changed.choices && !original.choices.isEmpty)
        #expect(original.rows == changed.rows)
        #expect(original.selectionOrigins.last == Month("2025-11"))
        // As of the end of 2026 the changed months are seen and the forecasts differ.
        let later = try RiskForecast(evaluation(try provider { $0 >= 24 ? 400 - path[$0] : path[$0] }, asOf: "2026-12-31"))
        let again = try RiskForecast(evaluation(try provider { path[$0] }, asOf: "2026-12-31"))
        #expect(later.rows != again.rows)
    }

    @Test func forcingAMethodForecastsEverySeriesByIt() throws {
        let dataset = try provider { t in 320 + (t % 5) * 10 }
        let forced = try RiskForecast(evaluation(dataset, asOf: "2026-12-31"), method: .dampedTrend)
        // KPIs without items have no candidate forecast and keep the model (which has no forecast for them).
        let scored = forced.choices.filter { !$0.scores.isEmpty }
        #expect(scored.count >= 2 && scored.allSatisfy { $0.method == .dampedTrend })
        #expect(forced.choices.filter { $0.scores.isEmpty }.allSatisfy { $0.method == .model })
        #expect(forced.rows.filter { $0.window == .inMonth }.allSatisfy { $0.method.base == .dampedTrend })
    }
}

@Suite("No future month leaks into a forecast")
struct ForecastLeakTests {
    @Test func removingEverythingThatArrivesLaterLeavesTheForecastUnchanged() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("leak-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try SyntheticDataset.write(SyntheticDatasetConfiguration(providers: 4, months: 24, cases: 6_000, seed: 11, drift: .capacity), to: folder)
        let whole = try Dataset.load(folder: folder)
        // A month end and a day in the middle of a month: everything that arrives after the as-of date (cases,
        // reports, complaints, ... of later months) is taken away, and the forecast made as of that date is the same.
        for asOf in [Day("2025-09-30")!, Day("2025-11-15")!] {
            let earlier = whole.split(from: asOf.advanced(by: 1)).before
            #expect(earlier.cases.count < whole.cases.count)
            let a = try RiskForecast(KPIEvaluation(dataset: whole, catalog: .builtIn, asOf: asOf, collectingPipeline: true))
            let b = try RiskForecast(KPIEvaluation(dataset: earlier, catalog: .builtIn, asOf: asOf, collectingPipeline: true))
            #expect(a.rows == b.rows)
            #expect(a.choices == b.choices)
        }
    }
}
