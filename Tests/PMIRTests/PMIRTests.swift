import Foundation
@testable import PMIR
import Testing
import WorkingDays

/// One KPI's month: below target in-month (`nil`: nothing measured), on rolling 3, lowest rating, rolling rate.
private func k(_ below: Bool?, rolling: Bool? = nil, lowest: Bool = false, rate: Int64? = nil) -> PMIRKPIMonth {
    PMIRKPIMonth(belowInMonth: below, belowRolling3: rolling ?? below.map { _ in false }, lowestRating: lowest,
                 rolling3Rate: rate)
}

private let start = Month("2026-01")!

private func levels(_ months: [[PMIRKPIMonth]], kpis: [String] = ["K"]) throws -> [(level: PMIRLevel, reason: String)] {
    try PMIRStateMachine(kpis: kpis, policy: try PMIRPolicy.strictContract).run(months: months, from: start)
}

@Suite("PMIR escalation under the strict contractual policy")
struct PMIRTests {
    @Test func walksUpEveryLevelAndBackDown() throws {
        let on = k(false, rate: 9_900), below = k(true, rate: 9_000)
        let months: [[PMIRKPIMonth]] = [
            [on],                    // Jan: 1, no trigger
            [below],                 // Feb: 1, one month below
            [below],                 // Mar: 2 (two consecutive months below in-month)
            [below], [below],        // Apr, May: 2, still below (1 and 2 further months)
            [below],                 // Jun: 3 (3 further months at 2 still below)
            [below], [below],        // Jul, Aug: 3 (1, 2 months at 3)
            [below],                 // Sep: 4 (3 months at 3, rolling rate 90% no better than June's 90%)
            [on], [on],              // Oct, Nov: 4, on target 1 and 2 of 3
            [on],                    // Dec: 3 (3 months on target)
            [on], [on], [on],        // 2027 Jan-Mar: 2 in March
            [on], [on], [on],        // Apr-Jun: 1 in June
        ]
        let result = try levels(months)
        #expect(result.map(\.level.rawValue) == [1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 2, 2, 2, 1])
        #expect(result[0].reason == "level 1 (Standard): no trigger")
        #expect(result[1].reason == "held at level 1 (Standard): below target in 2026-02: K")
        #expect(result[2].reason == "escalated to level 2 (Enhanced): K below target in-month in 2026-02 to 2026-03")
        #expect(result[5].reason == "escalated to level 3 (Informal): still below target in-month at level 2 for 3 months (2026-04 to 2026-06; now K)")
        #expect(result[8].reason == "escalated to level 4 (Formal): 3 months at level 3 and K below target in-month with its rolling 3-month rate no better than in 2026-06")
        #expect(result[10].reason == "held at level 4 (Formal): every KPI on target for 2 of the 3 months needed to step down")
        #expect(result[11].reason == "stepped down to level 3 (Informal): every KPI on target in 2026-10 to 2026-12")
        #expect(result[17].reason == "stepped down to level 1 (Standard): every KPI on target in 2027-04 to 2027-06")
    }

    @Test func anImprovingRollingRateHoldsLevelThree() throws {
        // To level 3 by June as above, then rolling rates rise: 90.00, 91.00, 92.00, 93.00 → never no better.
        var months: [[PMIRKPIMonth]] = [[k(false)], [k(true)], [k(true)], [k(true)], [k(true)], [k(true, rate: 9_000)]]
        months += [[k(true, rate: 9_100)], [k(true, rate: 9_200)], [k(true, rate: 9_300)], [k(true, rate: 9_000)]]
        let result = try levels(months)
        #expect(result.map(\.level.rawValue) == [1, 1, 2, 2, 2, 3, 3, 3, 3, 4])
        #expect(result[8].reason == "held at level 3 (Informal): below target in 2026-09: K")
        // October's 90.00% is no better than July's 91.00%: level 4.
        #expect(result[9].reason.hasPrefix("escalated to level 4 (Formal): 4 months at level 3 and K"))
    }

    @Test func aRolling3BreachOrTwoMonthsInTheLowestRatingEscalate() throws {
        let rolling = try levels([[k(false, rolling: true)]])
        #expect(rolling.map(\.level.rawValue) == [2])
        #expect(rolling[0].reason == "escalated to level 2 (Enhanced): K below target on the rolling 3-month window ending 2026-01")
        // Lowest rating two months running: straight from 1 to 3 (the second KPI is fine).
        let lowest = try levels([[k(true, lowest: true), k(false)], [k(true, lowest: true), k(false)]], kpis: ["A", "B"])
        #expect(lowest.map(\.level.rawValue) == [1, 3])
        #expect(lowest[1].reason == "escalated to level 3 (Informal): A in its lowest rating in-month in 2026-01 to 2026-02")
    }

    @Test func monthsWithNothingMeasuredNeitherFailNorPass() throws {
        // Below, nothing, below: the run of months below target goes on (2) → level 2 in March; then on
        // target, nothing, on target, on target: the third month on target is May's → level 1 in June.
        let result = try levels([[k(true)], [k(nil)], [k(true)], [k(false)], [k(nil)], [k(false)], [k(false)]])
        #expect(result.map(\.level.rawValue) == [1, 1, 2, 2, 2, 2, 1])
    }

    @Test func thePolicyIsDataAndBadFilesNameTheField() throws {
        let policy = try PMIRPolicy.strictContract
        #expect(policy.inMonthBelowTargetMonths == 2 && policy.rolling3BelowTargetMonths == 1 && policy.monthsAtEnhancedStillBelow == 3)
        #expect(!policy.evidence.required && policy.stillBelowWindow == .inMonth && !policy.stillBelowSameKPI)
        #expect(policy.lowestRatingMonths == 2 && policy.monthsAtInformal == 3 && policy.notImprovingOverMonths == 3)
        #expect(policy.stepDownMonths == 3)
        func error(_ text: String) -> String? {
            do { _ = try PMIRPolicy(json: Data(text.utf8), file: "p.json"); return nil } catch { return error.description }
        }
        let good = PMIRPolicy.shippedText("strict-contract")!
        #expect(error(good) == nil)
        #expect(error(good.replacingOccurrences(of: "\"months_at_informal\": 3", with: "\"months_at_informal\": true"))
            == "p.json: to_formal.months_at_informal: expected a whole number of months from 0 to 120, got true")
        #expect(error(good.replacingOccurrences(of: "\"partial_rolling_3_counts\": false", with: "\"partial_rolling_3_counts\": 1"))
            == "p.json: to_enhanced.partial_rolling_3_counts: expected true or false, got 1")
        #expect(error(good.replacingOccurrences(of: "\"confidence\": 0.95", with: "\"confidence\": 95"))
            == "p.json: evidence.confidence: expected a number from 0.5 to below 1 (e.g. 0.95), got 95")
        #expect(error(good.replacingOccurrences(of: "\"still_below_target_window\": \"in_month\"", with: "\"still_below_target_window\": \"cumulative\""))
            == "p.json: to_informal.still_below_target_window: expected one of in_month, rolling_3, got \"cumulative\"")
        #expect(error(good.replacingOccurrences(of: "\"step_down\": {", with: "\"step_down\": {\"typo\": 1, "))?
            .hasPrefix("p.json: step_down.typo: unknown field") == true)
        #expect(error(good.replacingOccurrences(of: "\"format\": 2", with: "\"format\": 3"))
            == "p.json: format: expected 1 or 2 (the formats this version reads)")
        // A stricter policy: one month below target is enough.
        var strict = policy
        strict.inMonthBelowTargetMonths = 1
        #expect(PMIRStateMachine(kpis: ["K"], policy: strict).run(months: [[k(true)]], from: start).map(\.level.rawValue) == [2])
    }
}

@Suite("PMIR levels")
struct PMIRLevelTests {
    @Test func levelsHaveTheirNamesOnce() {
        #expect(PMIRLevel.allCases.map(\.rawValue) == [1, 2, 3, 4])
        #expect(PMIRLevel.allCases.map(\.name) == ["Standard", "Enhanced", "Informal", "Formal"])
        #expect(PMIRLevel.legend == "1 Standard, 2 Enhanced (action plan), 3 Informal (management letter), 4 Formal (notice)")
        #expect(PMIRLevel.informal.label == "level 3 (Informal)" && "\(PMIRLevel.formal)" == "4")
        #expect(PMIRLevel.standard.stepDown == .standard && PMIRLevel.formal.stepDown == .informal)
        #expect(PMIRLevel.enhanced < .informal)
    }
}
