import Foundation
import KPIEngine
@testable import PMIR
import Testing
import WorkingDays

/// One KPI's month under the default policy: below target in-month and on rolling 3 (`nil`: nothing
/// measured), with or without evidence, and the rolling rate for "not improving".
private func m(_ inMonth: Bool?, rolling: Bool? = nil, evidence: String? = nil, lowest: Bool = false,
               rate: Int64? = nil) -> PMIRKPIMonth {
    PMIRKPIMonth(belowInMonth: inMonth, belowRolling3: rolling ?? inMonth, lowestRating: lowest, rolling3Rate: rate,
                 evidence: evidence)
}

private let start = Month("2026-01")!
private let proof = "one-sided test"

private func levels(_ months: [[PMIRKPIMonth]], kpis: [String] = ["K"]) throws -> [(level: PMIRLevel, reason: String)] {
    try PMIRStateMachine(kpis: kpis, policy: try PMIRPolicy.default).run(months: months, from: start)
}

@Suite("PMIR escalation under the default (evidence) policy")
struct EvidencePolicyTests {
    @Test func theDefaultPolicyNeedsEvidenceAtNinetyNinePercent() throws {
        let policy = try PMIRPolicy.default
        #expect(policy.evidence == PMIREvidence(required: true, testWindow: .rolling3, confidence: 0.99, minimumItems: 30,
                                                spcConcern: false, assuranceFail: true))
        #expect(policy.inMonthBelowTargetMonths == 0 && policy.rolling3BelowTargetMonths == 2 && policy.partialRolling3Counts)
        #expect(policy.monthsAtEnhancedStillBelow == 2 && policy.stillBelowWindow == .rolling3 && policy.stillBelowSameKPI)
        #expect(policy.lowestRatingMonths == 3 && policy.monthsAtInformal == 3 && policy.stepDownMonths == 3)
    }

    @Test func belowTargetWithoutEvidenceNeverEscalates() throws {
        let result = try levels(Array(repeating: [m(true, lowest: true)], count: 12))
        #expect(result.allSatisfy { $0.level == .standard })
        #expect(result[5].reason == "level 1 (Standard): no trigger (below target without evidence: K)")
    }

    @Test func twoMonthsBelowOnRollingThreeWithEvidenceInTheSecondEscalate() throws {
        let below = PMIRKPIMonth(belowInMonth: true, belowRolling3: true,
                                 inMonth: RateComparison(met: 92, measured: 100), rolling3: RateComparison(met: 279, measured: 300),
                                 target: BasisPoints(9_600), evidence: proof)
        // Evidence in the first month only is not enough: the run must be 2 months long when it is found.
        #expect(try levels([[m(true, evidence: proof)], [m(true)]]).map(\.level.rawValue) == [1, 1])
        let result = try levels([[m(true)], [below]])
        #expect(result.map(\.level.rawValue) == [1, 2])
        #expect(result[1].reason == "escalated to level 2 (Enhanced): K below target on the rolling 3-month window in 2026-01 to 2026-02: 93.0% of 300 items against 96% in the 3 months to 2026-02, one-sided test")
    }

    @Test func levelThreeNeedsTheSameKPIStillBelowWithEvidence() throws {
        // A to 2 in February; then A and B take turns below target: no KPI is below for 2 months at level 2.
        let turns: [[PMIRKPIMonth]] = [
            [m(true), m(false)], [m(true, evidence: proof), m(false)],
            [m(false), m(true, evidence: proof)], [m(true, evidence: proof), m(false)], [m(false), m(true, evidence: proof)],
        ]
        #expect(try levels(turns, kpis: ["A", "B"]).map(\.level.rawValue) == [1, 2, 2, 2, 2])
        // A below in March and April with evidence in April: level 3.
        let same: [[PMIRKPIMonth]] = [[m(true), m(false)], [m(true, evidence: proof), m(false)], [m(true), m(false)],
                                      [m(true, evidence: proof), m(false)]]
        let result = try levels(same, kpis: ["A", "B"])
        #expect(result.map(\.level.rawValue) == [1, 2, 2, 3])
        #expect(result[3].reason == "escalated to level 3 (Informal): A still below target on the rolling 3-month window at level 2 for 2 months (2026-03 to 2026-04), one-sided test")
    }

    @Test func levelFourWhenTheRollingRateDoesNotImprove() throws {
        var months: [[PMIRKPIMonth]] = [[m(true)], [m(true, evidence: proof)], [m(true)], [m(true, evidence: proof, rate: 9_000)]]
        months += [[m(true, evidence: proof, rate: 9_100)], [m(true, evidence: proof, rate: 9_000)], [m(true, evidence: proof, rate: 9_000)]]
        let result = try levels(months)
        #expect(result.map(\.level.rawValue) == [1, 2, 2, 3, 3, 3, 4])
        #expect(result[6].reason.hasPrefix("escalated to level 4 (Formal): 3 months at level 3 and K below target on the rolling 3-month window with its rolling 3-month rate no better than in 2026-04"))
    }

    @Test func aProviderAtTargetStepsDownEvenWhenSomeMonthsAreBelow() throws {
        // To 2 in February; then below target without evidence for three months: down to 1 in May.
        let result = try levels([[m(true)], [m(true, evidence: proof)], [m(true)], [m(false)], [m(true)]])
        #expect(result.map(\.level.rawValue) == [1, 2, 2, 2, 1])
        #expect(result[3].reason == "held at level 2 (Enhanced): no KPI materially below target for 2 of the 3 months needed to step down")
        #expect(result[4].reason == "stepped down to level 1 (Standard): no KPI materially below target in 2026-03 to 2026-05")
    }

    @Test func threeMonthsInTheLowestRatingWithEvidenceJumpToThree() throws {
        let lowest = m(true, rolling: false, lowest: true)
        let result = try levels([[lowest], [lowest], [m(true, rolling: false, evidence: proof, lowest: true)]])
        #expect(result.map(\.level.rawValue) == [1, 1, 3])
        #expect(result[2].reason == "escalated to level 3 (Informal): K in its lowest rating in-month in 2026-01 to 2026-03, one-sided test")
    }

    @Test func formatOneFilesAreReadAsStrictPolicies() throws {
        let text = """
            {"format": 1, "name": "old", "to_enhanced": {"in_month_below_target_consecutive_months": 2, "rolling_3_below_target": true},
             "to_informal": {"months_at_enhanced_still_below_target": 3, "lowest_rating_consecutive_months": 2},
             "to_formal": {"months_at_informal": 3, "rolling_3_not_improving_over_months": 3},
             "step_down": {"months_every_kpi_on_target": 3}}
            """
        var old = try PMIRPolicy(json: Data(text.utf8), file: "old.json")
        old.name = try PMIRPolicy.strictContract.name
        #expect(old == (try PMIRPolicy.strictContract))
    }
}
