import CaseData
import KPIEngine
import Testing
import WorkingDays

/// HA-1 to HA-6, each worked by hand from the SPEC's rules and worked examples.
@Suite("Holistic Assessment KPIs")
struct HolisticAssessmentKPITests {
    let providers = [Header.providers,
                     "P1,atw-ha,2024-01-01,england-and-wales,North",
                     "P2,atw-ha,2024-01-01,scotland,"]

    @Test func easterBankHolidaysMoveTheDeadlineButNotInScotland() throws {
        // SPEC example 1: referral Thu 2 Apr 2026, acknowledged Tue 7 Apr. England and Wales: Good Friday and
        // Easter Monday skipped, deadline Tue 7 Apr: met. Scotland has no Easter Monday: deadline Mon 6 Apr:
        // missed, counted in April (the day after the deadline is 7 Apr).
        let r = try report([.providers: providers, .cases: [
            Header.haCases,
            "C1,P1,atw-ha,2026-04-02,2026-04-07,,virtual_standard,",
            "C2,P2,atw-ha,2026-04-02,2026-04-07,,virtual_standard,",
        ]], asOf: "2026-04-30")
        #expect(r.counts("P1", "HA-1", "2026-04") == [1, 0, 0, 0])
        #expect(r.counts("P2", "HA-1", "2026-04") == [0, 1, 0, 0])
    }

    @Test func weekendReceiptCountsFromTheNextWorkingDay() throws {
        // SPEC example 2: referral Sat 11 Apr 2026 → receipt Mon 13 Apr → deadline Tue 14 Apr.
        let r = try report([.providers: providers, .cases: [
            Header.haCases,
            "C1,P1,atw-ha,2026-04-11,2026-04-14,,virtual_standard,",
            "C2,P1,atw-ha,2026-04-11,2026-04-15,,virtual_standard,",
        ]], asOf: "2026-04-30")
        #expect(r.counts("P1", "HA-1", "2026-04") == [1, 1, 0, 0])
    }

    @Test func saturdayCompletionAfterAFridayDeadlineIsLateAndPendingUntilThen() throws {
        // SPEC example 5: referral Thu 14 May 2026, deadline Fri 15 May, acknowledged Sat 16 May: missed,
        // counted in May. As of 15 May the acknowledgement has not happened and the deadline is not past:
        // pending, counted in the deadline's month.
        let files: [DatasetFile: [String]] = [.providers: providers, .cases: [
            Header.haCases, "C1,P1,atw-ha,2026-05-14,2026-05-16,,virtual_standard,"]]
        #expect(try report(files, asOf: "2026-05-31").counts("P1", "HA-1", "2026-05") == [0, 1, 0, 0])
        #expect(try report(files, asOf: "2026-05-15").counts("P1", "HA-1", "2026-05") == [0, 0, 1, 0])
        // The day after the deadline, with still nothing recorded: missed.
        #expect(try report(files, asOf: "2026-05-16").counts("P1", "HA-1", "2026-05") == [0, 1, 0, 0])
    }

    @Test func aMissIsCountedInTheMonthOfTheDayAfterTheDeadline() throws {
        // SPEC example 6: HA-2, referral Wed 28 Oct 2026, booked Mon 2 Nov; deadline Fri 30 Oct: missed,
        // counted in October (31 Oct), not in November when the booking happened.
        let r = try report([.providers: providers, .cases: [
            Header.haCases, "C1,P1,atw-ha,2026-10-28,2026-10-29,2026-11-02,virtual_standard,"]], asOf: "2026-11-30")
        #expect(r.counts("P1", "HA-2", "2026-10") == [0, 1, 0, 0])
        #expect(r.counts("P1", "HA-2", "2026-11") == [0, 0, 0, 0])
    }

    @Test func reportDeadlineDependsOnTheAssessmentTypeAndWithdrawalExcludesOnlyBeforeIt() throws {
        // Referral Mon 7 Sep 2026 (no bank holidays): 8 WD → Thu 17 Sep, 10 WD → Mon 21 Sep, 12 WD → Wed 23 Sep.
        // SPEC example 7: no report, withdrawn 10 Sep → excluded (September); withdrawn 21 Sep → missed.
        let r = try report([.providers: providers, .cases: [
            Header.haCases,
            "C1,P1,atw-ha,2026-09-07,2026-09-07,2026-09-07,virtual_standard,2026-09-10",
            "C2,P1,atw-ha,2026-09-07,2026-09-07,2026-09-07,virtual_standard,2026-09-21",
            "C3,P1,atw-ha,2026-09-07,2026-09-07,2026-09-07,f2f_standard,",
            "C4,P1,atw-ha,2026-09-07,2026-09-07,2026-09-07,enhanced,",
            "C5,P1,atw-ha,2026-09-07,2026-09-07,2026-09-07,enhanced,",
        ], .reports: [
            Header.reports,
            "C3,ha_report,1,2026-09-21,,,",
            "C4,ha_report,1,2026-09-23,,,",
            "C5,ha_report,1,2026-09-24,,,",
        ]], asOf: "2026-09-30")
        // Met: C3 (21 Sep ≤ 21 Sep), C4 (23 ≤ 23). Missed: C2, C5. Excluded: C1.
        #expect(r.counts("P1", "HA-3", "2026-09") == [2, 2, 0, 1])
        // HA-1 and HA-2 were met on the day for all five; the withdrawals do not matter for met items.
        #expect(r.counts("P1", "HA-1", "2026-09") == [5, 0, 0, 0])
    }

    @Test func firstSubmissionShareCountsInTheMonthDecidedAndIsPendingUntilThen() throws {
        // HA-4: C1's first report (10 Mar) accepted on 2 Apr; C2's rejected on 3 Apr and its rework accepted
        // (a second attempt is not a first submission). As of 31 Mar both are awaited: pending in March.
        let files: [DatasetFile: [String]] = [.providers: providers, .cases: [
            Header.haCases,
            "C1,P1,atw-ha,2026-03-02,2026-03-02,2026-03-02,virtual_standard,",
            "C2,P1,atw-ha,2026-03-02,2026-03-02,2026-03-02,virtual_standard,",
        ], .reports: [
            Header.reports,
            "C1,ha_report,1,2026-03-10,accepted,2026-04-02,",
            "C2,ha_report,1,2026-03-10,rejected,2026-04-03,",
            "C2,ha_report,2,2026-04-06,accepted,2026-04-08,",
        ]]
        let march = try report(files, asOf: "2026-03-31")
        #expect(march.counts("P1", "HA-4", "2026-03") == [0, 0, 2, 0])
        let april = try report(files, asOf: "2026-04-30")
        #expect(april.counts("P1", "HA-4", "2026-03") == [0, 0, 0, 0])
        #expect(april.counts("P1", "HA-4", "2026-04") == [1, 1, 0, 0])
        // An outcome decided after the as-of date has not happened yet: as of 2 Apr, C2 is still awaited.
        let second = try report(files, asOf: "2026-04-02")
        #expect(second.counts("P1", "HA-4", "2026-04") == [1, 0, 0, 0])
        #expect(second.counts("P1", "HA-4", "2026-03") == [0, 0, 1, 0])
    }

    @Test func reworkWithNoNextAttemptIsPendingThenMissed() throws {
        // HA-5: rejections decided Thu 5 Mar 2026, deadline 1 WD → Fri 6 Mar.
        // C1 resubmitted 6 Mar: met. C2 never resubmitted. C3 resubmitted Mon 9 Mar: missed (counted 7 Mar).
        let files: [DatasetFile: [String]] = [.providers: providers, .cases: [
            Header.haCases,
            "C1,P1,atw-ha,2026-03-02,2026-03-02,2026-03-02,virtual_standard,",
            "C2,P1,atw-ha,2026-03-02,2026-03-02,2026-03-02,virtual_standard,",
            "C3,P1,atw-ha,2026-03-02,2026-03-02,2026-03-02,virtual_standard,",
        ], .reports: [
            Header.reports,
            "C1,ha_report,1,2026-03-03,rejected,2026-03-05,",
            "C1,ha_report,2,2026-03-06,,,",
            "C2,ha_report,1,2026-03-03,rejected,2026-03-05,",
            "C3,ha_report,1,2026-03-03,rejected,2026-03-05,",
            "C3,ha_report,2,2026-03-09,,,",
        ]]
        // As of 6 Mar: C1 met; C2 and C3 pending (deadline is the as-of date).
        #expect(try report(files, asOf: "2026-03-06").counts("P1", "HA-5", "2026-03") == [1, 0, 2, 0])
        // As of 9 Mar: C2 missed (nothing by the deadline), C3 missed (late).
        #expect(try report(files, asOf: "2026-03-09").counts("P1", "HA-5", "2026-03") == [1, 2, 0, 0])
        // As of 4 Mar no rejection is known yet: no HA-5 item exists.
        #expect(try report(files, asOf: "2026-03-04").counts("P1", "HA-5", "2026-03") == [0, 0, 0, 0])
    }

    @Test func workforceShareUsesDecimalFTEExactly() throws {
        // HA-6: Q1 2026 3.015 of 100.5 FTE = exactly 3%: target met, tier 4 (Good ⇔ target met).
        // Q2 2026 2 of 80 = 2.5%: tier 3, target not met. Reported on quarter-end months only.
        let r = try report([.providers: providers, .cases: [Header.haCases], .workforce: [
            Header.workforce,
            "P1,atw-ha,2026-03-31,100.5,3.015",
            "P1,atw-ha,2026-06-30,80,2",
        ]], asOf: "2026-07-31")
        let q1 = try #require(r.row("P1", "HA-6", "2026-03", .quarter))
        #expect(q1.met == 30_150 && q1.missed == 974_850 && q1.unitsPerCount == 10_000)
        #expect(q1.rateText == "3.0000" && q1.targetMet == true && q1.rating == .tier(4))
        let q2 = try #require(r.row("P1", "HA-6", "2026-06", .quarter))
        #expect(q2.rateText == "2.5000" && q2.targetMet == false && q2.rating == .tier(3))
        #expect(r.rows(ReportSelection(month: Month("2026-05")!, provider: "P1")).contains { $0.kpi == "HA-6" } == false)
    }

    @Test func aKPIWhoseFileIsAbsentIsNotMeasured() throws {
        let r = try report([.providers: providers, .cases: [Header.haCases, "C1,P1,atw-ha,2026-03-02,,,enhanced,"]],
                           asOf: "2026-03-31")
        #expect(r.evaluation.notMeasured.map(\.description) == [
            "atw-ha HA-3 not measured: reports.csv is absent from the dataset",
            "atw-ha HA-4 not measured: reports.csv is absent from the dataset",
            "atw-ha HA-5 not measured: reports.csv is absent from the dataset",
            "atw-ha HA-6 not measured: workforce.csv is absent from the dataset",
        ])
        #expect(Set(r.rows().map(\.kpi)) == ["HA-1", "HA-2"])
    }
}
