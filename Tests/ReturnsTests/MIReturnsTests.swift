import CaseData
import Foundation
import KPIEngine
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

/// A small HA provider (P1) and MHSS provider (P2) through spring 2025, every record hand-placed.
private func casework() throws -> Dataset {
    func csv(_ lines: String...) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }
    return try Dataset.load(contents: [
        .providers: csv("provider_id,contract,service_start,division",
                        "P1,atw-ha,2025-01-01,england-and-wales", "P2,atw-mhss,2025-01-01,england-and-wales"),
        .cases: csv("case_id,provider_id,contract,referral_received,assessment_type,withdrawn,apprentice,info_source,support_period_end,sustainment_end",
                    "H1,P1,atw-ha,2025-04-02,enhanced,,,,,",
                    "H2,P1,atw-ha,2025-04-20,f2f_standard,,,,,",
                    "H3,P1,atw-ha,2025-03-03,virtual_standard,2025-05-06,,,,",
                    "H4,P1,atw-ha,2025-05-05,enhanced,,,,,",
                    "M1,P2,atw-mhss,2025-05-02,,,true,GP,,",
                    "M2,P2,atw-mhss,2025-05-10,,,false,Charity,,",
                    "M3,P2,atw-mhss,2025-04-01,,,true,GP,2025-05-15,",
                    "M4,P2,atw-mhss,2025-01-10,,2025-05-18,true,,2025-05-20,",
                    "M5,P2,atw-mhss,2025-01-06,,,true,,2025-03-31,2025-05-30"),
        .reports: csv("case_id,document,attempt,submitted,outcome,decided",
                      "H1,ha_report,1,2025-04-10,accepted,2025-04-15", "H4,ha_report,1,2025-05-12,accepted,2025-05-20",
                      "M1,support_plan,1,2025-05-15,accepted,2025-05-20", "M3,six_month_report,1,2025-05-22,accepted,2025-05-28"),
        .cancellations: csv("case_id,cancelled,by,reason,rebooked,contact_attempts,appointments_offered",
                            "H2,2025-04-22,provider,Staff sickness,2025-04-29,2,3",
                            "H3,2025-04-25,customer,Customer unwell,,1,1", "H4,2025-05-07,customer,Customer unwell,,,"),
        .recommendations: csv("case_id,solution", "H1,Screen reader", "H1,Ergonomic chair", "H4,Screen reader"),
        .typeChanges: csv("case_id,changed,from,to,reason", "H2,2025-04-21,virtual_standard,f2f_standard,Needs site visit",
                          "H3,2025-04-26,f2f_standard,virtual_standard,Customer request"),
        .complaints: csv("complaint_id,provider_id,contract,received,about_dwp,resolved,referred_to_dwp",
                         "CP1,P1,atw-ha,2025-04-01,false,2025-04-08,2025-04-09", "CP2,P1,atw-ha,2025-04-14,false,2025-04-24,"),
    ])
}

@Suite("MI returns: MMIR and MHSS monthly")
struct CaseworkReturnsTests {
    @Test func mmirCountsCancellationsComplaintsTypeChangesAndOpenCases() throws {
        let data = try casework()
        #expect(data.rejections.isEmpty, "\(data.rejections)")
        let r = MIReturns(dataset: data, month: Month("2025-05")!, asOf: Day("2025-06-30")!, returns: [.mmir])
        // May: H4's cancellation (customer); nothing else. Open at 31 May: only H2 (H1 and H4 accepted, H3
        // withdrawn 6 May), referred 20 April: 41 days.
        #expect(values(r, "P1") == [
            "cancellations_by_provider": "0", "cancellations_by_customer": "1", "cancellations_rebooked": "0",
            "contact_attempts": "0", "appointments_offered": "0", "complaints_handled": "0",
            "complaint_resolution_working_days_mean": "", "complaints_referred_to_dwp": "0",
            "type_changes_to_virtual": "0", "type_changes_to_face_to_face": "0",
            "top_solutions": "Screen reader=1", "cancellation_reasons": "Customer unwell=1", "type_change_reasons": "",
            "open_cases_month_end": "1", "oldest_open_case_days": "41"])
        // April-May. Complaints: CP1 took 5 working days (2-8 April), CP2 6 (15-24 April without Good Friday
        // and Easter Monday): 5.50 on average; CP1 went to DWP.
        #expect(values(r, "P1", "year_to_date") == [
            "cancellations_by_provider": "1", "cancellations_by_customer": "2", "cancellations_rebooked": "1",
            "contact_attempts": "3", "appointments_offered": "4", "complaints_handled": "2",
            "complaint_resolution_working_days_mean": "5.50", "complaints_referred_to_dwp": "1",
            "type_changes_to_virtual": "1", "type_changes_to_face_to_face": "1",
            "top_solutions": "Screen reader=2; Ergonomic chair=1", "cancellation_reasons": "Customer unwell=2; Staff sickness=1",
            "type_change_reasons": "Customer request=1; Needs site visit=1"])
        let list = r.rows.first { $0.measure == "top_solutions" && $0.period == "year_to_date" }?.list
        #expect(list == [MIListEntry(name: "Screen reader", count: 2), MIListEntry(name: "Ergonomic chair", count: 1)])
    }

    @Test func mhssMonthlyCountsReferralsCompletionsWithdrawalsRetentionAndLateReports() throws {
        let data = try casework()
        let asOf = Day("2025-06-30")!
        let evaluation = KPIEvaluation(dataset: data, catalog: try ContractCatalog.builtIn, asOf: asOf)
        let r = MIReturns(dataset: data, month: Month("2025-05")!, asOf: asOf, returns: [.mhssMonthly], evaluation: evaluation)
        // May: M1 (apprentice) and M2 referred; M1's support plan and M3's six-month report accepted; M4
        // withdrawn on 18 May before its six-month point (20 May). Apprentices at their six-month point in May:
        // M3 (still in) and M4 (withdrawn): 50%; at exit: M5 (still in): 100%. Late: M3's support plan was due
        // 1 May (one calendar month) and never came: missed on the 2nd, May's. No exit report was measured.
        #expect(values(r, "P2") == [
            "referrals": "2", "apprentice_referrals": "1", "support_plans_completed": "1", "six_month_reports_completed": "1",
            "withdrawals_before_six_months": "1", "apprentice_retention_six_month_pct": "50.00",
            "apprentice_retention_exit_pct": "100.00", "complaints_handled": "0", "complaints_referred_to_dwp": "0",
            "support_plans_late": "1", "six_month_reports_late": "0", "exit_reports_late": "0", "exit_reports_late_pct": "",
            "information_sources": "Charity=1; GP=1"])
        // April-May: M3 was referred 1 April too. M5's six-month report was due 14 April (10 working days after
        // 31 March) and never came: late in April.
        let ytd = values(r, "P2", "year_to_date")
        #expect(ytd["referrals"] == "3" && ytd["apprentice_referrals"] == "2" && ytd["information_sources"] == "GP=2; Charity=1")
        #expect(ytd["six_month_reports_late"] == "1" && ytd["support_plans_late"] == "1")
        // Without an evaluation the late-report measures are left out, nothing else changes.
        let plain = MIReturns(dataset: data, month: Month("2025-05")!, asOf: asOf, returns: [.mhssMonthly])
        #expect(values(plain, "P2")["support_plans_late"] == nil && values(plain, "P2")["referrals"] == "2")
    }

    @Test func mhssYearlyCoversTheContractYearEndingBeforeTheAnniversary() throws {
        let data = try casework()
        let asOf = Day("2026-01-31")!
        let evaluation = KPIEvaluation(dataset: data, catalog: try ContractCatalog.builtIn, asOf: asOf)
        // P2 started on 1 January 2025: the first anniversary, 1 January 2026, closes the year 2025.
        let r = MIReturns(dataset: data, month: Month("2026-01")!, asOf: asOf, returns: [.mhssYearly], evaluation: evaluation)
        let year = values(r, "P2", "contract_year")
        #expect(year["year_from"] == "2025-01-01" && year["year_to"] == "2025-12-31")
        // All five cases were referred in 2025, four of them apprentices. Apprentices at their six-month point:
        // M5 (31 March) and M3 (15 May) stayed, M4 had withdrawn: 2 of 3.
        #expect(year["referrals"] == "5" && year["apprentice_referrals"] == "4")
        #expect(year["withdrawals_before_six_months"] == "1" && year["apprentice_retention_six_month_pct"] == "66.67")
        #expect(year["apprentice_retention_exit_pct"] == "100.00")
        // Late support plans: M2, M3, M4 and M5 never sent one (M1's came in time); six-month reports: M5's;
        // exit reports: M5's, the only one measured.
        #expect(year["support_plans_late"] == "4" && year["six_month_reports_late"] == "1")
        #expect(year["exit_reports_late"] == "1" && year["exit_reports_late_pct"] == "100.00")
        #expect(year["information_sources"] == "(not recorded)=2; GP=2; Charity=1")
        // No anniversary in December 2025: no yearly return.
        #expect(MIReturns(dataset: data, month: Month("2025-12")!, asOf: asOf, returns: [.mhssYearly]).rows.isEmpty)
    }
}
