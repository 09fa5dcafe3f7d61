import CaseData
import Foundation
@testable import Returns
import Testing
import WorkingDays

private func dataset() throws -> Dataset {
    func csv(_ lines: String...) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }
    return try Dataset.load(contents: [
        .providers: csv("provider_id,contract,service_start,division",
                        "P1,atw-ha,2025-01-01,england-and-wales", "P2,atw-mhss,2024-06-10,england-and-wales"),
        .cases: csv("case_id,provider_id,contract,referral_received,assessment_type", "C1,P1,atw-ha,2025-02-03,enhanced"),
        .survey: csv("provider_id,contract,responded,satisfaction",
                     "P1,atw-ha,2025-03-20,very_dissatisfied",
                     "P1,atw-ha,2025-04-02,fairly_satisfied", "P1,atw-ha,2025-04-30,fairly_satisfied",
                     "P1,atw-ha,2025-05-01,very_satisfied", "P1,atw-ha,2025-05-09,very_satisfied",
                     "P1,atw-ha,2025-05-31,very_satisfied", "P1,atw-ha,2025-05-12,fairly_dissatisfied",
                     "P1,atw-ha,2025-06-01,very_dissatisfied"),
        .returns: csv("provider_id,contract,return,period,submitted",
                      "P1,atw-ha,mmir,2025-05,2025-06-03", "P1,atw-ha,customer_insight,2025-05,2025-06-20",
                      "P2,atw-mhss,yearly_mi,2025-06,2025-06-12"),
    ])
}

private func values(_ r: MIReturns, _ provider: String, _ period: String = "in_month") -> [String: String] {
    Dictionary(uniqueKeysWithValues: r.rows.filter { $0.providerID == provider && $0.period == period }.map { ($0.measure, $0.value) })
}

@Suite("MI returns")
struct MIReturnsTests {
    @Test func customerInsightCountsResponsesInTheMonthAndTheFinancialYear() throws {
        let r = MIReturns(dataset: try dataset(), month: Month("2025-05")!, asOf: Day("2025-06-30")!, returns: [.customerInsight])
        // May: 3 very satisfied, 1 fairly dissatisfied → 75.00% satisfied. The 1 June response is June's.
        #expect(values(r, "P1") == ["survey_responses": "4", "very_satisfied": "3", "fairly_satisfied": "0",
                                    "fairly_dissatisfied": "1", "very_dissatisfied": "0", "satisfied_pct": "75.00"])
        // April-May (the financial year from April; March's response is last year's): 3 + 2 of 6 → 83.33%.
        #expect(values(r, "P1", "year_to_date") == ["survey_responses": "6", "very_satisfied": "3", "fairly_satisfied": "2",
                                                    "fairly_dissatisfied": "1", "very_dissatisfied": "0", "satisfied_pct": "83.33"])
        // An MHSS provider owes no customer insight return.
        #expect(values(r, "P2").isEmpty)
        // With the year from January, March's very dissatisfied response joins: 5 of 7 → 71.43%.
        let calendarYear = MIReturns(dataset: try dataset(), month: Month("2025-05")!, asOf: Day("2025-06-30")!,
                                     returns: [.customerInsight], yearStart: 1)
        #expect(values(calendarYear, "P1", "year_to_date")["satisfied_pct"] == "71.43")
        // Nothing after the as-of date: as of 10 May, May has two responses.
        let early = MIReturns(dataset: try dataset(), month: Month("2025-05")!, asOf: Day("2025-05-10")!, returns: [.customerInsight])
        #expect(values(early, "P1")["survey_responses"] == "2")
    }

    @Test func dueDatesFollowTheWorkingDayRules() throws {
        let may = MIReturns(dataset: try dataset(), month: Month("2025-05")!, asOf: Day("2025-06-30")!, returns: [.dueDates])
        // MMIR: 3rd working day of June 2025 (Mon 2, Tue 3, Wed 4); sent 3 June. Customer insight: 15 June is a
        // Sunday, so Monday 16th; sent on the 20th: late. No social value in May.
        #expect(values(may, "P1") == ["mmir_due": "2025-06-04", "mmir_sent": "2025-06-03", "mmir_on_time": "true",
                                      "customer_insight_due": "2025-06-16", "customer_insight_sent": "2025-06-20",
                                      "customer_insight_on_time": "false"])
        // As of 10 June the late return has not been sent yet and is not yet due: pending.
        let early = MIReturns(dataset: try dataset(), month: Month("2025-05")!, asOf: Day("2025-06-10")!, returns: [.dueDates])
        #expect(values(early, "P1")["customer_insight_on_time"] == "pending")
        #expect(values(early, "P1")["customer_insight_sent"] == "")
        // June ends a quarter: social value by Tuesday 15 July. MHSS: monthly MI by the 3rd working day of
        // July (Tue 1, Wed 2, Thu 3); the first anniversary, Tuesday 10 June 2025, puts yearly MI 3 working
        // days later, Friday 13th; sent on the 12th.
        let june = MIReturns(dataset: try dataset(), month: Month("2025-06")!, asOf: Day("2025-07-31")!, returns: [.dueDates])
        #expect(values(june, "P1")["social_value_due"] == "2025-07-15")
        #expect(values(june, "P1")["social_value_on_time"] == "false")
        #expect(values(june, "P2") == ["monthly_mi_due": "2025-07-03", "monthly_mi_sent": "", "monthly_mi_on_time": "false",
                                       "yearly_mi_due": "2025-06-13", "yearly_mi_sent": "2025-06-12", "yearly_mi_on_time": "true"])
    }

    @Test func percentagesRoundHalfUp() {
        #expect(MIReturns.percent(2, of: 3) == "66.67")
        #expect(MIReturns.percent(1, of: 8) == "12.50")
        #expect(MIReturns.percent(1, of: 1) == "100.00")
        #expect(MIReturns.percent(1, of: 200_000) == "0.00" && MIReturns.percent(1, of: 20_000) == "0.01")
    }
}
