import Foundation
import CaseData
@testable import Forecasting
import KPIEngine
import Testing
import WorkingDays

/// HA providers P1…P`providers` from January 2024: in month t provider p gets `referrals(p, t)` cases on the 10th,
/// each acknowledged the same day; `booked(p, t)` of them have their appointment booked that day (HA-2 met) and
/// the rest ten days later (missed).
private func providers(_ count: Int, months: Int = 36, referrals: (Int, Int) -> Int, booked: (Int, Int, Int) -> Int) throws -> Dataset {
    var cases = ["case_id,provider_id,contract,referral_received,acknowledged,appointment_booked,assessment_type"]
    var rows = ["provider_id,contract,service_start,division"]
    for p in 0..<count {
        rows.append("P\(p + 1),atw-ha,2024-01-01,england-and-wales")
        for t in 0..<months {
            let day = String(format: "%04d-%02d-10", 2024 + t / 12, t % 12 + 1)
            let late = String(format: "%04d-%02d-20", 2024 + t / 12, t % 12 + 1)
            let n = referrals(p, t), k = booked(p, t, n)
            for i in 0..<n { cases.append("P\(p + 1)-\(t)-\(i),P\(p + 1),atw-ha,\(day),\(day),\(i < k ? day : late),enhanced") }
        }
    }
    let dataset = try Dataset.load(contents: [.providers: Array((rows.joined(separator: "\n") + "\n").utf8),
                                              .cases: Array((cases.joined(separator: "\n") + "\n").utf8)])
    #expect(dataset.rejections.isEmpty)
    return dataset
}

private func evaluation(_ dataset: Dataset, asOf: String) throws -> KPIEvaluation {
    KPIEvaluation(dataset: dataset, catalog: try ContractCatalog.builtIn, asOf: Day(asOf)!, collectingPipeline: true)
}

private func series(_ evaluation: KPIEvaluation, _ provider: String, _ kpi: String) throws -> Int {
    try #require(evaluation.series.firstIndex { $0.providerID == provider && evaluation.definition(ofSeries: evaluation.series.firstIndex(of: $0)!).id == kpi })
}

@Suite("Leading indicators")
struct LeadingIndicatorTests {
    @Test func referralsAreReadAgainstTheThreeMonthsBefore() throws {
        // 100 referrals a month, 160 in April 2024 (month 3): log((160 + 1) / (100 + 1)) = 0.46636; in May the
        // surge is last month's, and May's own base holds it: log(101 / (360 / 3 + 1)) = −0.18071.
        let dataset = try providers(1, months: 6, referrals: { _, t in t == 3 ? 160 : 100 }, booked: { _, _, n in n })
        let e = try evaluation(dataset, asOf: "2024-06-30")
        let indicators = try #require(_LeadingIndicators(e))
        let s = try series(e, "P1", "HA-2")
        #expect(indicators.features(s, 2, [.referrals]) == nil)   // three months before it are needed
        #expect(abs(try #require(indicators.features(s, 3, [.referrals]))[0] - log(161.0 / 101)) < 1e-12)
        let may = try #require(indicators.features(s, 4, [.referrals, .referralsLastMonth]))
        #expect(abs(may[0] - log(101.0 / 121)) < 1e-12 && abs(may[1] - log(161.0 / 101)) < 1e-12)
        // No later referral is seen: as of 30 April, May does not exist yet.
        let april = try #require(_LeadingIndicators(try evaluation(dataset, asOf: "2024-04-30")))
        #expect(abs(try #require(april.features(s, 3, [.referrals]))[0] - log(161.0 / 101)) < 1e-12)
    }

    @Test func openItemsAreCountedAtEachMonthsEnd() throws {
        // One case referred 8 March 2024, its appointment booked 4 April: HA-2's item is open at the end of March
        // only. A second case referred 19 April (due 23 April) and never booked is open at the end of April and
        // then stale.
        let csv = """
            case_id,provider_id,contract,referral_received,acknowledged,appointment_booked,assessment_type
            C1,P1,atw-ha,2024-03-08,2024-03-08,2024-04-04,enhanced
            C2,P1,atw-ha,2024-04-19,2024-04-19,,enhanced

            """
        let dataset = try Dataset.load(contents: [.providers: Array("provider_id,contract,service_start,division\nP1,atw-ha,2024-01-01,england-and-wales\n".utf8),
                                                  .cases: Array(csv.utf8)])
        let e = try evaluation(dataset, asOf: "2024-06-15")
        let pipeline = try #require(e.pipeline)
        let s = try series(e, "P1", "HA-2"), months = pipeline.monthCount
        // The axis starts in January 2024: March is month 2.
        #expect((0..<6).map { pipeline.open[s * months + $0] } == [0, 0, 1, 1, 0, 0])
        // Referrals per month of the provider row.
        #expect((0..<6).map { pipeline.referrals[$0] } == [0, 0, 1, 1, 0, 0])
    }

    @Test func completionTimeIsTheMedianDaysToSpareAgainstTheYearBefore() throws {
        // Ten HA-2 cases a month from January 2024, booked on the day of receipt (2 working days to spare, bucket 3)
        // except in January 2025 (month 12), when 6 of 10 are booked ten days late (missed, bucket 0); no case in
        // February 2025.
        let dataset = try providers(1, months: 14, referrals: { _, t in t == 13 ? 0 : 10 }, booked: { _, t, n in t == 12 ? 4 : n })
        let e = try evaluation(dataset, asOf: "2025-02-28")
        let pipeline = try #require(e.pipeline)
        let s = try series(e, "P1", "HA-2"), months = pipeline.monthCount, buckets = CompletionPipeline.spareBuckets
        func histogram(_ t: Int) -> [Int32] { Array(pipeline.spare[((s * months + t) * buckets)..<((s * months + t + 1) * buckets)]) }
        #expect(histogram(0)[3] == 10 && histogram(0).reduce(0, +) == 10)
        #expect(histogram(12)[0] == 6 && histogram(12)[3] == 4)
        // Medians, each value spread over its unit interval: all at 2 → 2.0; January 2025: half of 10 is reached 5
        // items into the 6 missed: −1 − ½ + 5/6 = −0.6667.
        #expect(_LeadingIndicators.medianSpare(histogram(0)) == 2)
        #expect(abs(try #require(_LeadingIndicators.medianSpare(histogram(12))) - (-1.5 + 5.0 / 6)) < 1e-12)
        #expect(_LeadingIndicators.medianSpare([1, 2, 0, 0, 1]) == 0)   // the doc comment's example
        #expect(_LeadingIndicators.medianSpare([0, 0]) == nil)
        let indicators = try #require(_LeadingIndicators(e))
        // A case received on a Saturday or Sunday (10 February, 10 March, 10 August, 10 November 2024) starts its
        // clock on the Monday: booked on the day, it has 3 working days to spare.
        #expect([1, 2, 7, 10].allSatisfy { histogram($0)[4] == 10 } && [3, 4, 5, 6, 8, 9, 11].allSatisfy { histogram($0)[3] == 10 })
        // Six months with items before it are needed: none for June 2024 (five). July: January to June hold 40 items
        // at 2 and 20 at 3, median 1.5 + 30/40 = 2.25; July's is 2: (2.25 − 2) / (2.25 + 1) = 1/13.
        #expect(indicators.features(s, 5, [.completionTime]) == nil)
        #expect(abs(try #require(indicators.features(s, 6, [.completionTime]))[0] - 1.0 / 13) < 1e-12)
        // January 2025 against 2024 (80 items at 2, 40 at 3: median 1.5 + 60/80 = 2.25): (2.25 + 0.6667) / 3.25 =
        // 0.8974, the work suddenly slower.
        let january = try #require(indicators.features(s, 12, [.completionTime]))[0]
        #expect(abs(january - (2.25 - (-1.5 + 5.0 / 6)) / 3.25) < 1e-12)
        // February 2025 has no decided item: no drift, 0.
        #expect(indicators.features(s, 13, [.completionTime]) == [0])
    }

    @Test func ridgeEquationsShrinkTowardTheirPrior() {
        // One predictor: XᵀWX = 10 over 5 rows, XᵀWy = 4; 5 rows' worth of the mean information (10 / 5 · 5 = 10)
        // toward 0: 4 / 20 = 0.2; toward 1: (4 + 10) / 20 = 0.7.
        var equations = _NormalEquations(1)
        for (x, y) in [(1.0, 0.4), (1.0, 0.4), (2.0, 0.8), (1.0, 0.4), (1.0, -0.4)] { equations.add([x], masked: [1], y, 1) }
        #expect(equations.a == [8] && abs(equations.b[0] - 2.4) < 1e-12)
        var worked = _NormalEquations(1)
        worked.a = [10]
        worked.b = [4]
        worked.rows = 5
        #expect(abs(worked.ridge(5, toward: [0])![0] - 0.2) < 1e-12)
        #expect(abs(worked.ridge(5, toward: [1])![0] - 0.7) < 1e-12)
        // Leaving rows out is subtracting their sums.
        var left = worked
        left.subtract(worked)
        #expect(left.ridge(5, toward: [0]) == nil)
    }

    @Test func aSurgeInReferralsLiftsNextMonthsBreachProbability() throws {
        // Eight providers, 100 referrals a month; a surge of 160 whenever (t + 3p) is a multiple of 7. HA-2 (target
        // 96%): 99% booked in time, but only 90% in the month after a surge, when the backlog shows. P1 (p = 0)
        // surges in December 2026 (t = 35); P2 does not.
        let surge = { (p: Int, t: Int) in (t + 3 * p) % 7 == 0 }
        let dataset = try providers(8, referrals: { p, t in surge(p, t) ? 160 : 100 }, booked: { p, t, n in
            Int((Double(n) * (t > 0 && surge(p, t - 1) ? 0.90 : 0.99)).rounded())
        })
        let e = try evaluation(dataset, asOf: "2026-12-31")
        let parts = try RiskForecast.parts(e)
        let with = RiskForecast(e, parts, method: nil)
        let without = RiskForecast(e, parts, method: nil, indicators: [], levelCorrection: false)
        let levelOnly = RiskForecast(e, parts, method: nil, indicators: [])
        let p1 = try series(e, "P1", "HA-2"), p2 = try series(e, "P2", "HA-2")
        func probability(_ forecast: RiskForecast, _ s: Int) throws -> Double {
            try #require(forecast.rows.first { $0.seriesIndex == s && $0.window == .inMonth }?.pBelowTarget)
        }
        let shift = try #require(with.choices.first { $0.seriesIndex == p1 }).indicatorShift
        #expect(shift < -0.05, "the surge should lower P1's January rate by several points, not \(shift)")
        // P2 surged in September (t = 32): its December referrals are below their three-month base, which the fit
        // reads as a month without backlog; it is not lowered.
        #expect(try #require(with.choices.first { $0.seriesIndex == p2 }).indicatorShift >= 0)
        // The plain blend says 0.15; the level correction alone (the blend's mean error on HA-2, which the months
        // after surges pull down) 0.20; with the referrals, 0.99.
        #expect(try probability(with, p1) > 0.5 && probability(without, p1) < 0.2 && probability(levelOnly, p1) < 0.3)
        // The series that did not surge keeps its low risk.
        #expect(try probability(with, p2) < 0.2)
        #expect(try #require(with.choices.first { $0.seriesIndex == p1 }).indicators.map(\.indicator) == LeadingIndicator.forecastSet)
    }
}

@Suite("The count of items still to arrive")
struct ArrivalCountTests {
    @Test func theIndexOfDispersionIsTheSmoothedVolumesSquaredErrorOverItsSum() throws {
        // One provider with 10, 14 and 8 HA-2 items in January to March 2024 (the months before are empty and left
        // out): smoothed with weight 0.6 on the latest, v = 10 then 12.4; errors 4 and −4.4: (16 + 19.36) / 22.4.
        let dataset = try providers(1, months: 3, referrals: { _, t in [10, 14, 8][t] }, booked: { _, _, n in n })
        let e = try evaluation(dataset, asOf: "2024-03-31")
        let model = try _ForecastModel(evaluation: e, lastComplete: Month("2024-03")!, inProgress: nil)
        let s = try series(e, "P1", "HA-2")
        #expect(abs(model.volumeDispersion[s] - 35.36 / 22.4) < 1e-12)
        // The pool has the KPI's figure too.
        let national = try #require(e.series.firstIndex { $0.scope == .national && e.definition(ofSeries: e.series.firstIndex(of: $0)!).id == "HA-2" })
        #expect(model.volumeDispersion[national] == model.volumeDispersion[s])
    }
}
