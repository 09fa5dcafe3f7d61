import CaseData
@testable import Forecasting
import KPIEngine
import Testing
import WorkingDays

/// Two HA providers through 2025, 100 cases referred on the 10th of every month. HA-1 (acknowledged within
/// 1 working day, target 99%): P1 acknowledges 95 the same day every month (95%); P2 acknowledges 80 in
/// January, 81 in February, … 91 in December (a rise of exactly 1 point a month). Cases never acknowledged
/// are missed the day after their deadline, still in the referral month (no bank holiday near the 10th).
private func twoProviders(openOnNewYearsEve: Int = 0) throws -> Dataset {
    var cases = ["case_id,provider_id,contract,referral_received,acknowledged,assessment_type"]
    // Optionally, P1 cases referred on 31 December 2025 and not yet acknowledged: their deadline is 2 January
    // 2026 (1 January is a bank holiday), one working day after the as-of date.
    for i in 0..<openOnNewYearsEve { cases.append("P1-open-\(i),P1,atw-ha,2025-12-31,,enhanced") }
    for month in 1...12 {
        let day = String(format: "2025-%02d-10", month)
        for (provider, acknowledged) in [("P1", 95), ("P2", 79 + month)] {
            for i in 0..<100 {
                cases.append("\(provider)-\(month)-\(i),\(provider),atw-ha,\(day),\(i < acknowledged ? day : ""),enhanced")
            }
        }
    }
    let providers = "provider_id,contract,service_start,division\nP1,atw-ha,2025-01-01,england-and-wales\nP2,atw-ha,2025-01-01,england-and-wales\n"
    let dataset = try Dataset.load(contents: [.providers: Array(providers.utf8),
                                              .cases: Array((cases.joined(separator: "\n") + "\n").utf8)])
    #expect(dataset.rejections.isEmpty)
    return dataset
}

private func forecast(asOf: String, open: Int = 0, pipeline: Bool = false) throws -> RiskForecast {
    try RiskForecast(KPIEvaluation(dataset: try twoProviders(openOnNewYearsEve: open), catalog: try ContractCatalog.builtIn,
                                   asOf: Day(asOf)!, collectingPipeline: pipeline))
}

private func row(_ f: RiskForecast, _ provider: String, _ month: String, _ window: ReportWindow) throws -> ForecastRow {
    try #require(f.rows.first { $0.providerID == provider && $0.kpi == "HA-1" && $0.month == Month(month)! && $0.window == window })
}

@Suite("Next-month risk forecast")
struct RiskForecastTests {
    @Test func aFinishedMonthForecastsTheNextOneFromLevelAndTrend() throws {
        let f = try forecast(asOf: "2025-12-31")
        #expect(f.months == [Month("2026-01")!])
        // National HA-1 history rate: (12·95 + Σ 80…91) / 2400 = (1140 + 1026) / 2400 = 0.9025.
        // P1: level (1200·0.95 + 50·0.9025) / 1250 = 0.9481; slope 0. Volume 100 (last three months).
        // Variance 100·p(1−p) (binomial; residuals 0, so ρ = 0) + 100²·p(1−p)/1250 (level); sd 2.5505…
        // Below 99% ⇔ met ≤ 98: Φ((98.5 − 94.81) / sd) = 0.94528.
        let p1 = try row(f, "P1", "2026-01", .inMonth)
        #expect(abs(p1.expectedRate! - 0.9481) < 1e-9)
        #expect(abs(p1.pBelowTarget! - 0.945276) < 1e-5)
        #expect(abs(p1.lower! - 0.918557) < 1e-5 && abs(p1.upper! - 0.977643) < 1e-5)
        #expect(p1.expectedVolume == 100 && p1.headroom == -5 && p1.method == .trend)
        // P2: level (1026 + 45.125) / 1250 = 0.8569; slope 0.01 a month, weight 1200 / (1200 + 400) = 0.75,
        // from the history's centre (month 5.5) to January 2026 (month 12): 6.5 months → + 0.04875.
        let p2 = try row(f, "P2", "2026-01", .inMonth)
        #expect(abs(p2.expectedRate! - 0.90565) < 1e-9)
        #expect(abs(p2.pBelowTarget! - 0.995500) < 1e-5)
        #expect(p2.headroom == -9)
    }

    @Test func rollingWindowsAddTheKnownMonthsToTheForecastOne() throws {
        let f = try forecast(asOf: "2025-12-31")
        // P1 rolling 3 for January 2026: November and December are known (95 + 95 met of 200), January is
        // forecast (94.81 of 100): 284.81 / 300; below 99% ⇔ met ≤ 296: Φ((296.5 − 284.81) / sd) ≈ 1.
        let r3 = try row(f, "P1", "2026-01", .rolling3)
        #expect(abs(r3.expectedRate! - 284.81 / 300) < 1e-9)
        #expect(r3.expectedVolume == 300 && r3.headroom == -13)
        #expect(r3.pBelowTarget! > 0.99999)
        // P2: 90 + 91 known + 90.565 forecast.
        let p2 = try row(f, "P2", "2026-01", .rolling3)
        #expect(abs(p2.expectedRate! - (181 + 90.565) / 300) < 1e-9 && p2.headroom == -26)
        let r12 = try row(f, "P1", "2026-01", .rolling12)
        #expect(abs(r12.expectedRate! - (11 * 95 + 94.81) / 1200) < 1e-9)
    }

    @Test func theMonthInProgressCountsItsDecidedItemsAsTheyAre() throws {
        // As of 20 December, December is in progress: its 100 items are all decided (95 met, 5 missed by the
        // 12th), which is the whole expected volume, so nothing is left to chance: 95%, below 99% for sure.
        let f = try forecast(asOf: "2025-12-20")
        #expect(f.months == [Month("2025-12")!, Month("2026-01")!])
        let december = try row(f, "P1", "2025-12", .inMonth)
        #expect(december.expectedRate == 0.95 && december.pBelowTarget == 1 && december.lower == 0.95)
        #expect(december.method == .trendWithKnown && december.headroom == -4)
        // January's rolling 3 holds November (known), December (known so far) and January (forecast).
        let january = try row(f, "P1", "2026-01", .rolling3)
        #expect(january.method == .trendWithKnown && january.expectedVolume == 300)
    }

    @Test func nationalPoolsAreForecastAndQuarterlyKPIsAreNot() throws {
        let f = try forecast(asOf: "2025-12-31")
        let national = try row(f, "NATIONAL", "2026-01", .inMonth)
        // The pool's own history: 0.9025 flat-ish with slope 0.005; 200 items a month.
        #expect(national.expectedVolume == 200 && national.method == .trend)
        #expect(!f.rows.contains { $0.kpi == "HA-6" })
    }

    @Test func aSeriesWithoutHistoryHasNoForecast() throws {
        // As of 5 January 2025 nothing has been decided yet: no rate, no probability, method none.
        let f = try forecast(asOf: "2025-01-05")
        let january = try row(f, "P1", "2025-01", .inMonth)
        #expect(january.expectedRate == nil && january.pBelowTarget == nil && january.method == .none)
    }

    @Test func theChanceOfAnOpenItemComesFromHowItsSeriesFinished() {
        // 2 missed, 3 met with 0 working days to spare, 5 met with 4 to spare.
        var histogram = [Int32](repeating: 0, count: CompletionPipeline.buckets)
        histogram[0] = 2; histogram[1] = 3; histogram[5] = 5
        // 1 day left: open-with-1-left were the 2 missed and the 3 met with 0 spare; 3 of those 5 were met.
        #expect(CompletionPipeline.chance(histogram, workingDaysLeft: 1, prior: 0.5) == (3 + 1.0) / (5 + 2))
        // 5 days left: all 10 were open then, 8 met.
        #expect(CompletionPipeline.chance(histogram, workingDaysLeft: 5, prior: 0.5) == (8 + 1.0) / (10 + 2))
        // 0 days left: an item still open on its deadline's evening has never made it.
        #expect(CompletionPipeline.chance(histogram, workingDaysLeft: 0, prior: 0.5) == 1.0 / (2 + 2))
    }

    @Test func theEvaluationCollectsTheHistoryAndTheOpenItems() throws {
        let evaluation = KPIEvaluation(dataset: try twoProviders(openOnNewYearsEve: 10), catalog: try ContractCatalog.builtIn,
                                       asOf: Day("2025-12-31")!, collectingPipeline: true)
        let pipeline = try #require(evaluation.pipeline)
        let b = CompletionPipeline.buckets
        // Series 0 is P1 HA-1. The history is the 182 days from 3 July: July to December, 100 items a month,
        // 95 acknowledged the day they came, 5 missed (bucket 0). Acknowledged on the day leaves 1 working day
        // to spare (bucket 2), except on Sunday 10 August: a weekend receipt counts from Monday, so the deadline
        // is Tuesday 12th and 2 working days were to spare (bucket 3).
        #expect(pipeline.slack[0] == 30 && pipeline.slack[2] == 475 && pipeline.slack[3] == 95)
        #expect(pipeline.slack[0..<b].reduce(0, +) == 600)
        // The 10 open items: deadline 2 January (next month), 1 working day left.
        #expect(pipeline.pending[(0 * 2 + 1) * b + 1] == 10)
        #expect(pipeline.pending[0..<(2 * b)].reduce(0, +) == 10)
    }

    @Test func openItemsAreForecastOneByOneFromTheirSeriesHistory() throws {
        let f = try forecast(asOf: "2025-12-31", open: 10, pipeline: true)
        // P1's rate is still 0.9481 (open items are not in the history). An item open with 1 working day left
        // has historically been met 0 times in 30: (0 + 2·0.9481) / (30 + 2) = 0.05925625. January: 10 such
        // items, and 90 more expected at 0.9481: 0.5925625 + 85.329 = 85.9215625 of 100.
        let january = try row(f, "P1", "2026-01", .inMonth)
        #expect(abs(january.expectedRate! - 0.859215625) < 1e-9)
        #expect(january.method == .trendWithPipeline && january.expectedVolume == 100)
        // Without the pipeline, the same items would be forecast at the series' rate.
        let plain = try row(try forecast(asOf: "2025-12-31", open: 10), "P1", "2026-01", .inMonth)
        #expect(abs(plain.expectedRate! - 0.9481) < 1e-9 && plain.method == .trend)
        // The national pool sums its members' histories and open items: P2 has none open, so its January
        // holds the same 10 items at the pooled history's chance.
        let national = try row(f, "NATIONAL", "2026-01", .inMonth)
        #expect(national.method == .trendWithPipeline)
    }

    @Test func theNormalDistributionMatchesKnownValues() {
        #expect(abs(_Normal.cdf(0) - 0.5) < 1e-15)
        #expect(abs(_Normal.cdf(1.2815515655446004) - 0.9) < 1e-12)
        #expect(abs(_Normal.cdf(-1.959963984540054) - 0.025) < 1e-12)
    }
}
