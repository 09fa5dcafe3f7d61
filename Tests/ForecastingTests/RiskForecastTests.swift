import Foundation
import CaseData
@testable import Forecasting
import KPIEngine
import Testing
import WorkingDays

/// Two HA providers through 2025, 100 cases referred on the 10th of every month. HA-1 (acknowledged within
/// 1 working day, target 99%): P1 acknowledges 95 the same day every month (95%), P2 85 (85%), so the national
/// rate is 90% every month. Cases never acknowledged are missed the day after their deadline, still in the
/// referral month (no bank holiday near the 10th). With more `pairs`, P3 is like P1, P4 like P2, and so on.
private func twoProviders(openOnNewYearsEve: Int = 0, pairs: Int = 1) throws -> Dataset {
    var cases = ["case_id,provider_id,contract,referral_received,acknowledged,assessment_type"]
    // Optionally, P1 cases referred on 31 December 2025 and not yet acknowledged: their deadline is 2 January
    // 2026 (1 January is a bank holiday), one working day after the as-of date.
    for i in 0..<openOnNewYearsEve { cases.append("P1-open-\(i),P1,atw-ha,2025-12-31,,enhanced") }
    let providers = (1...(2 * pairs)).map { "P\($0)" }
    for month in 1...12 {
        let day = String(format: "2025-%02d-10", month)
        for (k, provider) in providers.enumerated() {
            let acknowledged = k % 2 == 0 ? 95 : 85
            for i in 0..<100 {
                cases.append("\(provider)-\(month)-\(i),\(provider),atw-ha,\(day),\(i < acknowledged ? day : ""),enhanced")
            }
        }
    }
    return try load(providers: providers, cases: cases)
}

/// One HA provider through 2024 and 2025 with 200 cases a month: HA-1 met by 160 in January 2024, one more
/// each month, to 183 in December 2025 (80% rising by half a point a month to 91.5%).
private func risingProvider() throws -> Dataset {
    var cases = ["case_id,provider_id,contract,referral_received,acknowledged,assessment_type"]
    for t in 0..<24 {
        let day = String(format: "%04d-%02d-10", 2024 + t / 12, t % 12 + 1)
        for i in 0..<200 { cases.append("P9-\(t)-\(i),P9,atw-ha,\(day),\(i < 160 + t ? day : ""),enhanced") }
    }
    return try load(providers: ["P9"], cases: cases, start: "2024-01-01")
}

private func load(providers: [String], cases: [String], start: String = "2025-01-01") throws -> Dataset {
    let rows = providers.map { "\($0),atw-ha,\(start),england-and-wales" }
    let providerCSV = (["provider_id,contract,service_start,division"] + rows).joined(separator: "\n") + "\n"
    let dataset = try Dataset.load(contents: [.providers: Array(providerCSV.utf8),
                                              .cases: Array((cases.joined(separator: "\n") + "\n").utf8)])
    #expect(dataset.rejections.isEmpty)
    return dataset
}

/// The rate model's forecast (these tests work its steps by hand; the selection has tests of its own).
private func forecast(_ dataset: Dataset, asOf: String, pipeline: Bool = false) throws -> RiskForecast {
    try RiskForecast(KPIEvaluation(dataset: dataset, catalog: try ContractCatalog.builtIn, asOf: Day(asOf)!,
                                   collectingPipeline: pipeline), method: .model)
}

private func forecast(asOf: String, open: Int = 0, pipeline: Bool = false) throws -> RiskForecast {
    try forecast(try twoProviders(openOnNewYearsEve: open), asOf: asOf, pipeline: pipeline)
}

private func row(_ f: RiskForecast, _ provider: String, _ month: String, _ window: ReportWindow) throws -> ForecastRow {
    try #require(f.rows.first { $0.providerID == provider && $0.kpi == "HA-1" && $0.month == Month(month)! && $0.window == window })
}

/// Σ λ^age over `months` months of equal volume: the recency-weighted items of a history.
private func weightedItems(_ perMonth: Double, months: Int) -> Double {
    (0..<months).reduce(0) { $0 + perMonth * pow(0.9, Double($1)) }
}

/// P(X ≤ k) for the beta-binomial, summed term by term from log-gamma functions: a reference computed apart from the
/// forecast's own cumulative (``_BetaBinomial/cumulative()``, by ratios of successive terms).
private func betaBinomialCDF(_ k: Int, n: Int, p: Double, rho: Double) -> Double {
    func logBeta(_ a: Double, _ b: Double) -> Double { lgamma(a) + lgamma(b) - lgamma(a + b) }
    let strength = 1 / rho - 1, a = p * strength, b = (1 - p) * strength
    var total = 0.0
    for x in 0...k {
        let choose = lgamma(Double(n + 1)) - lgamma(Double(x + 1)) - lgamma(Double(n - x + 1))
        total += exp(choose + logBeta(Double(x) + a, Double(n - x) + b) - logBeta(a, b))
    }
    return min(total, 1)
}

@Suite("Next-month risk forecast")
struct RiskForecastTests {
    @Test func aFinishedMonthForecastsTheNextOneFromTheLevelShrunkTowardTheNationalRate() throws {
        let f = try forecast(asOf: "2025-12-31")
        #expect(f.months == [Month("2026-01")!])
        // P1: flat 95% (2024, before the service start, takes the same pooled rate), so the weighted fit is
        // exactly 95% with no slope and no holiday effect; national 90% likewise. The level weighs P1's
        // recency-weighted items n = Σ 100·0.9^age over 12 months = 717.57 against 50 at the national rate:
        // (717.57·0.95 + 50·0.90) / 767.57 = 0.946743.
        let n = weightedItems(100, months: 12)
        let p = (n * 0.95 + 50 * 0.90) / (n + 50)
        let p1 = try row(f, "P1", "2026-01", .inMonth)
        #expect(abs(p1.expectedRate! - p) < 1e-9)
        #expect(abs(p1.expectedRate! - 0.946743) < 1e-6)
        // Volume 100 (the latest month). Variance: binomial 100·p(1−p) = 5.0427, residuals 0 so no
        // over-dispersion, level uncertainty 100²·p(1−p)/(n + 50) = 0.6563: 5.6990. Below 99% ⇔ at most 98
        // met; summed exactly over the beta-binomial with that variance (ρ = 0.001316): 0.96504.
        #expect(abs(p1.pBelowTarget! - 0.965035) < 1e-5)
        // The interval from the same distribution: the least k with P(X ≤ k) ≥ 0.1 is 92 items, ≥ 0.9 is 98.
        #expect(p1.lower == 0.92 && p1.upper == 0.98)
        #expect(p1.expectedVolume == 100 && p1.headroom == -5 && p1.method == .trend)
        let p2 = try row(f, "P2", "2026-01", .inMonth)
        #expect(abs(p2.expectedRate! - (n * 0.85 + 50 * 0.90) / (n + 50)) < 1e-9)
    }

    @Test func theVolumeIsTheLatestMonths() throws {
        // 100 HA-1 cases a month through 2025, 60 in December: January is forecast at 60 items (not the
        // three months' mean of 86.7), for the provider and for the national pool it is the only member of.
        var cases = ["case_id,provider_id,contract,referral_received,acknowledged,assessment_type"]
        for month in 1...12 {
            let day = String(format: "2025-%02d-10", month)
            for i in 0..<(month == 12 ? 60 : 100) { cases.append("P1-\(month)-\(i),P1,atw-ha,\(day),\(i < 95 ? day : ""),enhanced") }
        }
        let f = try forecast(try load(providers: ["P1"], cases: cases), asOf: "2025-12-31")
        #expect(try row(f, "P1", "2026-01", .inMonth).expectedVolume == 60)
        #expect(try row(f, "NATIONAL", "2026-01", .inMonth).expectedVolume == 60)
    }

    @Test func theTrendIsFittedByWeightedLeastSquaresAndCountsByVolume() throws {
        // P9 rises exactly half a point a month to 91.5% in December 2025: the fit is that line (slope 0.005,
        // level 0.915 at the last month); the pool is the same provider, so no shrinkage moves the level. The
        // slope counts with weight n / (n + 400), n = Σ 200·0.9^age over 24 months = 1840.47: 0.82147; one
        // month ahead: 0.915 + 0.82147·0.005 = 0.919107.
        let f = try forecast(try risingProvider(), asOf: "2025-12-31")
        let n = weightedItems(200, months: 24)
        let january = try row(f, "P9", "2026-01", .inMonth)
        #expect(abs(january.expectedRate! - (0.915 + n / (n + 400) * 0.005)) < 1e-9)
        #expect(abs(january.expectedRate! - 0.919107) < 1e-6)
    }

    @Test func rollingWindowsAddTheKnownMonthsToTheForecastOne() throws {
        let f = try forecast(asOf: "2025-12-31")
        let n = weightedItems(100, months: 12)
        let p = (n * 0.95 + 50 * 0.90) / (n + 50)
        // P1 rolling 3 for January 2026: November and December are known (95 + 95 met of 200), January is
        // forecast (94.67 of 100). Below 99% needs at least 297 met: 107 of January's 100 — certain.
        let r3 = try row(f, "P1", "2026-01", .rolling3)
        #expect(abs(r3.expectedRate! - (190 + 100 * p) / 300) < 1e-9)
        #expect(r3.expectedVolume == 300 && r3.headroom == -13 && r3.pBelowTarget == 1)
        let r12 = try row(f, "P1", "2026-01", .rolling12)
        #expect(abs(r12.expectedRate! - (11 * 95 + 100 * p) / 1200) < 1e-9)
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
        // The pool's own history: 90% flat on 200 items a month, which is also the rate it shrinks toward.
        #expect(national.expectedVolume == 200 && national.method == .trend)
        #expect(abs(national.expectedRate! - 0.90) < 1e-9)
        #expect(!f.rows.contains { $0.kpi == "HA-6" })
    }

    @Test func aPoolOfFewMembersHasTheSumOfTheirVariances() throws {
        // NATIONAL = P1 + P2 (two members, below the 10 that floor a pool's variance): P1's variance 5.6990 as
        // above, P2's at its level q = (717.57·0.85 + 50·0.90) / 767.57 = 0.853257: 100·q(1−q) = 12.5209 plus
        // 100²·q(1−q)/767.57 = 1.6312; in all 19.8512 on 200 items at 90%.
        let f = try forecast(asOf: "2025-12-31")
        let n = weightedItems(100, months: 12)
        let p = (n * 0.95 + 50 * 0.90) / (n + 50), q = (n * 0.85 + 50 * 0.90) / (n + 50)
        let variance = (100 * p * (1 - p) + 10_000 * p * (1 - p) / (n + 50)) + (100 * q * (1 - q) + 10_000 * q * (1 - q) / (n + 50))
        #expect(abs(variance - 19.8512) < 1e-4)
        let national = try row(f, "NATIONAL", "2026-01", .inMonth)
        #expect(abs(national.expectedRate! - 0.90) < 1e-9)
        // 200 items, summed exactly with that variance (ρ = 0.000517): P(X ≤ 173) = 0.0771, P(X ≤ 174) = 0.1114,
        // so the 10th percentile is 174 of 200; the 90th is 186.
        #expect(national.lower == 0.87 && national.upper == 0.93)
    }

    @Test func aPoolOfManyMembersIsNoSurerThanItsOwnHistory() throws {
        // Five pairs like P1 and P2: NATIONAL has 10 members and 1,000 items a month at 90%. The members'
        // variances sum to 5 × 19.8512 = 99.2558; the pool's own history gives more: binomial 1000·0.9·0.1 = 90,
        // no over-dispersion, level uncertainty 1000²·0.09/(Σ 1000·0.9^age over 12 months + 50) =
        // 90000/7225.70 = 12.4555: 102.4555, which sets the interval.
        let f = try forecast(try twoProviders(pairs: 5), asOf: "2025-12-31")
        let own = 90 + 1_000_000 * 0.09 / (weightedItems(1000, months: 12) + 50)
        #expect(abs(own - 102.4555) < 1e-4)
        let national = try row(f, "NATIONAL", "2026-01", .inMonth)
        #expect(national.expectedVolume == 1000 && abs(national.expectedRate! - 0.90) < 1e-9)
        // 1,000 items: the normal with the continuity correction, sd √102.4555 = 10.1220; the least k with
        // Φ((k + ½ − 900)/sd) ≥ 0.1 is ⌈900 − ½ − 1.28155·10.1220⌉ = ⌈886.53⌉ = 887, and ≥ 0.9 is ⌈912.47⌉ = 913.
        #expect(national.lower == 0.887 && national.upper == 0.913)
    }

    @Test func aSeriesWithoutHistoryHasNoForecast() throws {
        // As of 5 January 2025 nothing has been decided yet: no rate, no probability, method none.
        let f = try forecast(asOf: "2025-01-05")
        let january = try row(f, "P1", "2025-01", .inMonth)
        #expect(january.expectedRate == nil && january.pBelowTarget == nil && january.method == .none)
    }

    @Test func aSeriesStartingThisMonthTakesItsRateFromItsDecidedItems() throws {
        // P1 starts in January 2025. As of Monday 20 January: 20 cases referred on the 10th, all acknowledged the
        // same day (met), and 20 referred on the 20th, still open (due the 21st). No history, so the rate's only
        // evidence is the 20 decided items: it is held ½/(20 + 1) below 100% (97.62%), not at 50%. All 40 must
        // be met to reach 99%, so P(below) = 1 − P(all 20 open met) ≥ 1 − 0.97619^20 = 0.3824 (the binomial; extra
        // spread only lowers P(all met)) and well below the near-certainty a 50% rate gave.
        var cases = ["case_id,provider_id,contract,referral_received,acknowledged,assessment_type"]
        for i in 0..<20 { cases.append("P1-a\(i),P1,atw-ha,2025-01-10,2025-01-10,enhanced") }
        for i in 0..<20 { cases.append("P1-b\(i),P1,atw-ha,2025-01-20,,enhanced") }
        let f = try forecast(try load(providers: ["P1"], cases: cases), asOf: "2025-01-20")
        let january = try row(f, "P1", "2025-01", .inMonth)
        let p = try #require(january.pBelowTarget)
        #expect(!january.decided && p >= 1 - pow(1 - 0.5 / 21, 20) - 1e-12 && p < 0.5)
        #expect(abs(1 - pow(1 - 0.5 / 21, 20) - 0.3824) < 1e-4)
    }

    @Test func theChanceOfAnOpenItemComesFromHowItsSeriesFinished() {
        // 2 missed, 3 met with 0 working days to spare, 5 met with 4 to spare, 1 withdrawn with 0 to spare.
        var met = [Int32](repeating: 0, count: CompletionPipeline.buckets), withdrawn = met
        met[0] = 2; met[1] = 3; met[5] = 5
        withdrawn[0] = 1
        // 1 day left: open-with-1-left were the 2 missed, the 3 met with 0 spare and the 1 withdrawn.
        let one = CompletionPipeline.outlook(met: met, withdrawn: withdrawn, workingDaysLeft: 1, prior: 0.5)
        #expect(one.met == (3 + 1.0) / (6 + 2) && one.excluded == 1.0 / (6 + 2))
        // 5 days left: all 11 were open then; 8 met, 1 excluded.
        let five = CompletionPipeline.outlook(met: met, withdrawn: withdrawn, workingDaysLeft: 5, prior: 0.5)
        #expect(five.met == (8 + 1.0) / (11 + 2) && five.excluded == 1.0 / (11 + 2))
        // 0 days left: an item still open on its deadline's evening has never made it.
        let none = CompletionPipeline.outlook(met: met, withdrawn: withdrawn, workingDaysLeft: 0, prior: 0.5)
        #expect(none.met == 1.0 / (2 + 2) && none.excluded == 0)
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
        let f = try forecast(asOf: "2025-12-31", open: 40, pipeline: true)
        let n = weightedItems(100, months: 12)
        let p = (n * 0.95 + 50 * 0.90) / (n + 50)
        // P1's rate is still p (open items are not in the history). 40 items are open with 1 working day left:
        // 40% of a usual month, so they are forecast one by one. Such an item has historically been met 0
        // times in 30 (the missed ones; the met ones had a day to spare): (0 + 2p) / (30 + 2) = 0.059171.
        // On top come the items a month starts and decides itself: 600 in the last six months, 570 met, at
        // (570 + 20p) / (600 + 20) = 0.949895, 100 a month. January: (40·0.059171 + 100·0.949895) / 140.
        let q = 2 * p / 32, fresh = (570 + 20 * p) / 620
        let january = try row(f, "P1", "2026-01", .inMonth)
        #expect(abs(january.expectedRate! - (40 * q + 100 * fresh) / 140) < 1e-9)
        #expect(abs(january.expectedRate! - 0.695403) < 1e-6)
        #expect(january.method == .trendWithPipeline && january.expectedVolume == 140)
        // Without the pipeline, the open items are part of the usual volume at the series' rate.
        let plain = try row(try forecast(asOf: "2025-12-31", open: 40), "P1", "2026-01", .inMonth)
        #expect(abs(plain.expectedRate! - p) < 1e-9 && plain.method == .trend)
        // The national pool is the sum of its members' forecasts: P1's 140 items as above, and P2's 100 at its
        // own shrunk level (P2 has nothing open).
        let p2 = (n * 0.85 + 50 * 0.90) / (n + 50)
        let national = try row(f, "NATIONAL", "2026-01", .inMonth)
        #expect(abs(national.expectedRate! - (40 * q + 100 * fresh + 100 * p2) / 240) < 1e-9)
        #expect(national.method == .trendWithPipeline && national.expectedVolume == 240)
    }

    @Test func smallWindowsAreScoredExactlyNotByTheNormalCurve() {
        // 10 items at 99% each, target 99%: below target unless all 10 are met: 1 − 0.99¹⁰ = 0.095618.
        let p = _ForecastModel.probabilityBelow(target: BasisPoints(9900), knownMet: 0, knownVolume: 0,
                                                met: 9.9, variance: 10 * 0.99 * 0.01, volume: 10)
        #expect(abs(p - (1 - pow(0.99, 10))) < 1e-12)
        // Known months with 200 met of 202, then 10 more: 99% of 212 is 209.88, so all 10 must be met — the
        // same 0.095618. With 190 met of 202 known, 19.88 would be needed of 10: a certain breach.
        #expect(abs(_ForecastModel.probabilityBelow(target: BasisPoints(9900), knownMet: 200, knownVolume: 202,
                                                    met: 9.9, variance: 0.099, volume: 10) - p) < 1e-12)
        #expect(_ForecastModel.probabilityBelow(target: BasisPoints(9900), knownMet: 190, knownVolume: 202,
                                                met: 9.9, variance: 0.099, volume: 10) == 1)
        // Nothing left to decide: the known counts answer it.
        #expect(_ForecastModel.probabilityBelow(target: BasisPoints(9600), knownMet: 96, knownVolume: 100,
                                                met: 0, variance: 0, volume: 0) == 0)
        // Over-dispersion makes misses come together: with the same mean and a shared ρ = 0.1, a month with no
        // miss at all is likelier, so "at least one miss" is less likely.
        let spread = 10 * 0.99 * 0.01 * (1 + 9 * 0.1)
        let wide = _ForecastModel.probabilityBelow(target: BasisPoints(9900), knownMet: 0, knownVolume: 0,
                                                   met: 9.9, variance: spread, volume: 10)
        #expect(abs(wide - betaBinomialCDF(9, n: 10, p: 0.99, rho: 0.1)) < 1e-12 && wide < p)
    }

    @Test func theNormalDistributionMatchesKnownValues() {
        #expect(abs(_Normal.cdf(0) - 0.5) < 1e-15)
        #expect(abs(_Normal.cdf(1.2815515655446004) - 0.9) < 1e-12)
        #expect(abs(_Normal.cdf(-1.959963984540054) - 0.025) < 1e-12)
    }
}

@Suite("Cyclical deviations")
struct CycleFitTests {
    /// Twelve months around a long-run level of 90% with a million items each, whose deviations follow
    /// d(t) = 1.2·d(t−1) − 0.5·d(t−2) exactly from d = 3, 2 points (a damped cycle).
    func cycle(months count: Int = 12) -> [(met: Double, measured: Double)] {
        var d = [0.03, 0.02]
        while d.count < count { d.append(1.2 * d[d.count - 1] - 0.5 * d[d.count - 2]) }
        return d.map { ((0.9 + $0) * 1_000_000, 1_000_000) }
    }

    @Test func anExactCycleIsRecoveredAndCarriedForward() throws {
        let months = cycle()
        let fit = try #require(_CycleFit(months: months, holiday: Array(repeating: false, count: 12), level: 0.9, holidayEffect: 0))
        #expect(abs(fit.a - 1.2) < 1e-9 && abs(fit.b + 0.5) < 1e-9)
        let d = months.map { $0.met / $0.measured - 0.9 }
        let next = 1.2 * d[11] - 0.5 * d[10]
        #expect(abs(fit.rate(ahead: 1, holiday: false) - (0.9 + next)) < 1e-12)
        #expect(abs(fit.rate(ahead: 2, holiday: false) - (0.9 + 1.2 * next - 0.5 * d[11])) < 1e-12)
        // In a holiday month the series' holiday effect comes on top; no error beyond the binomial remains.
        let withHoliday = try #require(_CycleFit(months: months, holiday: Array(repeating: false, count: 12), level: 0.9, holidayEffect: -0.01))
        #expect(abs(withHoliday.rate(ahead: 1, holiday: true) - (0.9 - 0.01 + next)) < 1e-12)
        #expect(fit.excessVariance == 0)
    }

    @Test func flatShortTrendingOrNoisySeriesKeepTheTrendModel() {
        let none = Array(repeating: false, count: 12)
        // Flat: nothing to forecast beyond the level.
        #expect(_CycleFit(months: Array(repeating: (900_000, 1_000_000), count: 12), holiday: none, level: 0.9, holidayEffect: 0) == nil)
        // Eight months of data are too few (nine are needed).
        #expect(_CycleFit(months: Array(cycle().suffix(8)), holiday: Array(none.suffix(8)), level: 0.9, holidayEffect: 0) == nil)
        // A month without items breaks the run: only the three after it count.
        var broken = cycle()
        broken[8] = (0, 0)
        #expect(_CycleFit(months: broken, holiday: none, level: 0.9, holidayEffect: 0) == nil)
        // A straight rise is a unit root (a + b = 1), for the trend model.
        let line = (0..<12).map { t in ((0.85 + 0.005 * Double(t)) * 1_000_000, 1_000_000.0) }
        #expect(_CycleFit(months: line, holiday: none, level: 0.8775, holidayEffect: 0) == nil)
        // Deviations within binomial noise (100 items: ±3 points is noise at 90%) are not forecast.
        let small = cycle().map { ($0.met / 10_000, 100.0) }
        #expect(_CycleFit(months: small, holiday: none, level: 0.9, holidayEffect: 0) == nil)
    }
}

@Suite("Probabilities a manager can trust")
struct ForecastTrustTests {
    @Test func theIntervalAndTheProbabilityComeFromOneDistribution() {
        // Across volumes (exact and normal), rates, over-dispersion and known months: when the 80% interval holds
        // the target's threshold, P(below) lies between its tail masses.
        var checked = 0
        for n in [5, 12, 40, 150, 399, 401, 900, 3_000] {
            for rate in [0.8, 0.9, 0.95, 0.97, 0.99] {
                for extra in [1.0, 1.5, 3.0] {
                    for (knownMet, knownVolume) in [(0.0, 0.0), (190.0, 200.0), (96.0, 100.0)] {
                        for target in [BasisPoints(9000), BasisPoints(9600), BasisPoints(9900)] {
                            // The items' count known, or (up to 30 of them) still to arrive: Poisson, or over-dispersed.
                            for dispersion in n <= 30 ? [0.0, 1.5, 3.0] : [0.0] {
                                let volume = Double(n), met = rate * volume, variance = volume * rate * (1 - rate) * extra
                                let predictive = _Predictive(met: met, variance: variance, volume: volume, historyWeight: 500,
                                                             arriving: dispersion > 0 ? volume : 0, arrivingVariance: volume * dispersion)
                                let below = _ForecastModel.probabilityBelow(target: target, knownMet: knownMet, knownVolume: knownVolume, predictive)
                                let lower = predictive.rateQuantile(0.1, knownMet: knownMet, knownVolume: knownVolume)
                                let upper = predictive.rateQuantile(0.9, knownMet: knownMet, knownVolume: knownVolume)
                                if dispersion == 0 {
                                    #expect(lower == (knownMet + Double(predictive.quantile(0.1))) / (knownVolume + volume))
                                }
                                let t = Double(target.rawValue) / 10_000
                                if lower < t && t <= upper {
                                    #expect(below.p >= 0.1 && below.p < 0.9, "n \(n) rate \(rate) target \(target) dispersion \(dispersion): [\(lower), \(upper)] p \(below.p)")
                                    checked += 1
                                }
                                // Never exactly 0 or 1 unless the known counts decide it.
                                if !below.decided { #expect(below.p > 0 && below.p < 1) }
                            }
                        }
                    }
                }
            }
        }
        #expect(checked > 50)
    }

    @Test func aForecastOfOneHundredPercentStillLeavesAChanceOfAMiss() {
        // Rate forecast 100% over 10 items, the series' history weighing 99 items: the Jeffreys floor puts the rate
        // at 1 − ½/100 = 0.995, so a 99% target (all 10 must be met) is missed with 1 − 0.995¹⁰ = 0.048890.
        let predictive = _Predictive(met: 10, variance: 0, volume: 10, historyWeight: 99)
        let below = _ForecastModel.probabilityBelow(target: BasisPoints(9900), knownMet: 0, knownVolume: 0, predictive)
        #expect(!below.decided)
        #expect(abs(below.p - (1 - pow(0.995, 10))) < 1e-12)
        // Its 80% interval: X = 10 has probability 0.995¹⁰ = 0.9511 > 0.9, so both quantiles are 10 items: 100%.
        #expect(predictive.quantile(0.1) == 10 && predictive.quantile(0.9) == 10)
    }

    @Test func anUncertainCountOfItemsToArriveIsSummedOver() {
        // 3 known, all met; 2 expected to arrive at 90% with no over-dispersion; target 90%. With k arriving, one miss
        // puts the window below target while k ≤ 6 (P = 1 − 0.9ᵏ), two from k = 7. Fixed at 2: 1 − 0.81 = 0.19.
        let fixed = _ForecastModel.probabilityBelow(target: BasisPoints(9000), knownMet: 3, knownVolume: 3,
                                                    _Predictive(met: 1.8, variance: 0, volume: 2, historyWeight: .infinity))
        #expect(abs(fixed.p - 0.19) < 1e-12)
        // Index of dispersion 1.5 (variance 3): negative binomial with r = 2² / (3 − 2) = 4, π = 1 − 2/3, so
        // P(k) = C(k + 3, k) (2/3)⁴ (1/3)ᵏ; Σ P(k) · P(below | k) = 0.169877 (k = 0 adds nothing: 3 of 3 met).
        func choose(_ n: Int, _ k: Int) -> Double { k == 0 ? 1 : choose(n - 1, k - 1) * Double(n) / Double(k) }
        func below(given k: Int) -> Double {
            (0...k).reduce(0.0) { sum, x in
                (3 + x) * 10 < 9 * (3 + k) ? sum + choose(k, x) * pow(0.9, Double(x)) * pow(0.1, Double(k - x)) : sum
            }
        }
        let expected = (0...60).reduce(0.0) { $0 + choose($1 + 3, $1) * pow(2.0 / 3, 4) * pow(1.0 / 3, Double($1)) * below(given: $1) }
        #expect(abs(expected - 0.1698769) < 1e-6)
        let arriving = _Predictive(met: 1.8, variance: 0, volume: 2, historyWeight: .infinity, arriving: 2, arrivingVariance: 3)
        let mixed = _ForecastModel.probabilityBelow(target: BasisPoints(9000), knownMet: 3, knownVolume: 3, arriving)
        #expect(!mixed.decided)
        #expect(abs(mixed.p - expected) < 1e-5)   // the count's tail beyond 1 − 10⁻⁵ is left out
        // The interval of the rate over the same mixture, rates (3 + x) / (3 + k): P(rate ≤ 80%) = 0.0850 and
        // P(rate ≤ 5/6) = 0.1217 (adding one miss of 3), so the 10% quantile is 5/6; P(rate < 100%) = 0.177 < 0.9,
        // so the 90% quantile is 100%.
        #expect(abs(arriving.rateQuantile(0.1, knownMet: 3, knownVolume: 3) - 5.0 / 6.0) < 1e-12)
        #expect(arriving.rateQuantile(0.9, knownMet: 3, knownVolume: 3) == 1)
        // Counts steadier than chance (variance at most the mean): the count is taken as forecast.
        let steady = _Predictive(met: 1.8, variance: 0, volume: 2, historyWeight: .infinity, arriving: 2, arrivingVariance: 2)
        #expect(_ForecastModel.probabilityBelow(target: BasisPoints(9000), knownMet: 3, knownVolume: 3, steady).p == fixed.p)
        // 3000 met of 3000 known: even the largest arrival count with mass (under 60) all missed stays above 90%.
        let safe = _ForecastModel.probabilityBelow(target: BasisPoints(9000), knownMet: 3_000, knownVolume: 3_000,
                                                   _Predictive(met: 1, variance: 0.5, volume: 2, historyWeight: .infinity,
                                                               arriving: 2, arrivingVariance: 3))
        #expect(safe.decided && safe.p == 0)
    }

    @Test func aWindowTheKnownCountsDecideIsReportedAsDecided() {
        // 190 met of 202 known and 10 to come against 99%: 209.88 met needed of 212, at most 200 possible.
        let certain = _Predictive(met: 9.9, variance: 0.099, volume: 10, historyWeight: 1_000)
        let breach = _ForecastModel.probabilityBelow(target: BasisPoints(9900), knownMet: 190, knownVolume: 202, certain)
        #expect(breach.decided && breach.p == 1)
        // 300 met of 300 known and 2 to come against 96%: 289.92 needed of 302, at least 300 certain.
        let safe = _ForecastModel.probabilityBelow(target: BasisPoints(9600), knownMet: 300, knownVolume: 300,
                                                   _Predictive(met: 1, variance: 0.5, volume: 2, historyWeight: 10))
        #expect(safe.decided && safe.p == 0)
        // A window with nothing left to decide.
        let over = _ForecastModel.probabilityBelow(target: BasisPoints(9600), knownMet: 95, knownVolume: 100,
                                                   _Predictive(met: 0, variance: 0, volume: 0, historyWeight: 10))
        #expect(over.decided && over.p == 1)
    }

    @Test func theNormalQuantileInvertsItsDistribution() {
        #expect(abs(_Normal.quantile(0.9) - 1.2815515655446004) < 1e-12)
        #expect(abs(_Normal.quantile(0.025) + 1.959963984540054) < 1e-12)
        #expect(abs(_Normal.quantile(0.5)) < 1e-15)
    }

    @Test func methodNamesAreTheNamesMethodTakes() {
        #expect(ForecastMethod(.cycle, .known).rawValue == "model" && ForecastMethod(.cycle).modelStep == "cycle")
        #expect(ForecastMethod(.localLevel, .known).rawValue == "local-level" && ForecastMethod(.localLevel).modelStep == nil)
        #expect(ForecastMethod.none.rawValue == "" && ForecastMethod.none.candidate == nil)
        for candidate in ForecastCandidate.allCases { #expect(ForecastCandidate(rawValue: candidate.rawValue) == candidate) }
        #expect(Set(ForecastBacktest.forecasters).count == ForecastBacktest.forecasters.count)
        #expect(!ForecastBacktest.forecasters.contains { $0.contains(" ") })
    }
}

@Suite("The month in progress")
struct MonthInProgressTests {
    @Test func theDecidedItemsSoFarUpdateTheMethodsRateByItsOverDispersion() {
        // 90% with ρ = 0.01: a beta of m = 0.99 / 0.01 = 99 items' worth; 40 of the 50 decided so far were met:
        // (99·0.9 + 40) / (99 + 50) = 129.1 / 149, and ρ = 1 / 150 for the items still to come.
        let updated = _ForecastModel.updatedRate(0.9, rho: 0.01, knownMet: 40, known: 50)
        #expect(abs(updated.rate - 129.1 / 149) < 1e-12)
        #expect(abs(updated.rho - 1.0 / 150) < 1e-15)
        // Nothing decided yet: the method's rate stands.
        #expect(abs(_ForecastModel.updatedRate(0.9, rho: 0.01, knownMet: 0, known: 0).rate - 0.9) < 1e-15)
        // Months that swing (ρ = 0.5: one item's worth) follow what this month has shown: 1 of 1 met.
        #expect(abs(_ForecastModel.updatedRate(0.6, rho: 0.5, knownMet: 1, known: 1).rate - 0.8) < 1e-15)
        // No over-dispersion measured: ρ is taken as 0.0001 (9,999 items' worth), the rate barely moves.
        #expect(abs(_ForecastModel.updatedRate(0.9, rho: 0, knownMet: 0, known: 10).rate - 8999.1 / 10009) < 1e-12)
    }
}
