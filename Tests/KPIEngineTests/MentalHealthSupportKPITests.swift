import CaseData
import KPIEngine
import Testing
import WorkingDays

/// MH-1 to MH-12, each worked by hand from the SPEC's rules and worked examples.
@Suite("Mental Health Support Service KPIs")
struct MentalHealthSupportKPITests {
    let providers = [Header.providers, "P1,atw-mhss,2025-03-01,england-and-wales,"]

    @Test func contactDeadlineCountsTheReceiptDayAsDayOne() throws {
        // SPEC example 3: referral Tue 22 Dec 2026, day-1 rule: deadline Wed 23 Dec. MH-1 ends at the later of
        // initial_contact and appointment_made. C1 both by the 23rd: met. C2 appointment on the 24th: missed.
        // C3 never made the appointment: pending as of the deadline day, missed after it.
        let files: [DatasetFile: [String]] = [.providers: providers, .cases: [
            Header.mhssCases,
            "C1,P1,atw-mhss,2026-12-22,2026-12-22,2026-12-23,,,",
            "C2,P1,atw-mhss,2026-12-22,2026-12-22,2026-12-24,,,",
            "C3,P1,atw-mhss,2026-12-22,2026-12-22,,,,",
        ]]
        #expect(try report(files, asOf: "2026-12-31").counts("P1", "MH-1", "2026-12") == [1, 2, 0, 0])
        #expect(try report(files, asOf: "2026-12-23").counts("P1", "MH-1", "2026-12") == [1, 0, 2, 0])
    }

    @Test func oneCalendarMonthFrom31JanuaryEndsOnFebruarysLastDay() throws {
        // SPEC example 4 (MH-2): 31 Jan 2027 → 28 Feb 2027; 31 Jan 2028 → 29 Feb 2028 (leap year).
        let files: [DatasetFile: [String]] = [.providers: providers, .cases: [
            Header.mhssCases,
            "C1,P1,atw-mhss,2027-01-31,2027-02-01,2027-02-01,,,",
            "C2,P1,atw-mhss,2027-01-31,2027-02-01,2027-02-01,,,",
            "C3,P1,atw-mhss,2028-01-31,2028-02-01,2028-02-01,,,",
        ], .reports: [
            Header.reports,
            "C1,support_plan,1,2027-02-28,accepted,2027-03-02,",
            "C2,support_plan,1,2027-03-01,accepted,2027-03-02,",
            "C3,support_plan,1,2028-02-29,accepted,2028-03-02,",
        ]]
        let r = try report(files, asOf: "2028-03-31")
        #expect(r.counts("P1", "MH-2", "2027-02") == [1, 0, 0, 0])
        #expect(r.counts("P1", "MH-2", "2027-03") == [0, 1, 0, 0])   // missed: counted 1 Mar 2027
        #expect(r.counts("P1", "MH-2", "2028-02") == [1, 0, 0, 0])
    }

    @Test func sixMonthAndExitReportsRunFromThePlannedEndDates() throws {
        // MH-4: support_period_end Tue 30 Jun 2026 + 10 WD = Tue 14 Jul; report on the 14th: met (July).
        // MH-6: sustainment_end Fri 31 Jul 2026 + 10 WD = Fri 14 Aug; report Mon 17 Aug: missed (15 Aug).
        // C2's support period ends after the as-of date: no MH-4 item yet.
        let r = try report([.providers: providers, .cases: [
            Header.mhssCases,
            "C1,P1,atw-mhss,2026-01-05,2026-01-05,2026-01-05,2026-06-30,2026-07-31,",
            "C2,P1,atw-mhss,2026-06-01,2026-06-01,2026-06-01,2026-12-01,,",
        ], .reports: [
            Header.reports,
            "C1,six_month_report,1,2026-07-14,,,",
            "C1,exit_report,1,2026-08-17,,,",
        ]], asOf: "2026-08-31")
        #expect(r.counts("P1", "MH-4", "2026-07") == [1, 0, 0, 0])
        #expect(r.counts("P1", "MH-6", "2026-08") == [0, 1, 0, 0])
        #expect(r.row("P1", "MH-4", "2026-08", .cumulative).map { $0.met + $0.missed + $0.pending } == 1)
    }

    @Test func reworksOfEachDocumentAreSeparateKPIs() throws {
        // MH-3/5/7: rejections decided Fri 5 Jun 2026, deadline Mon 8 Jun.
        let r = try report([.providers: providers, .cases: [
            Header.mhssCases, "C1,P1,atw-mhss,2026-01-05,2026-01-05,2026-01-05,2026-05-01,2026-05-15,"],
        .reports: [
            Header.reports,
            "C1,support_plan,1,2026-06-01,rejected,2026-06-05,",
            "C1,support_plan,2,2026-06-08,,,",
            "C1,six_month_report,1,2026-06-01,rejected,2026-06-05,",
            "C1,six_month_report,2,2026-06-09,,,",
            "C1,exit_report,1,2026-06-01,rejected,2026-06-05,",
        ]], asOf: "2026-06-30")
        #expect(r.counts("P1", "MH-3", "2026-06") == [1, 0, 0, 0])
        #expect(r.counts("P1", "MH-5", "2026-06") == [0, 1, 0, 0])
        #expect(r.counts("P1", "MH-7", "2026-06") == [0, 1, 0, 0])
        // MH-8 pools first submissions of all three documents: three rejected first submissions.
        #expect(r.counts("P1", "MH-8", "2026-06") == [0, 3, 0, 0])
    }

    @Test func acceptedReportsMustBeOnPRaPWithinFiveWorkingDays() throws {
        // MH-9a: accepted Fri 1 May 2026; 4 May is a bank holiday, so 5 WD → Mon 11 May.
        // C1 recorded 11 May: met. C2 recorded 12 May: missed. C3's plan was rejected: no MH-9a item.
        let r = try report([.providers: providers, .cases: [
            Header.mhssCases,
            "C1,P1,atw-mhss,2026-04-01,2026-04-01,2026-04-01,,,",
            "C2,P1,atw-mhss,2026-04-01,2026-04-01,2026-04-01,,,",
            "C3,P1,atw-mhss,2026-04-01,2026-04-01,2026-04-01,,,",
        ], .reports: [
            Header.reports,
            "C1,support_plan,1,2026-04-28,accepted,2026-05-01,2026-05-11",
            "C2,support_plan,1,2026-04-28,accepted,2026-05-01,2026-05-12",
            "C3,support_plan,1,2026-04-28,rejected,2026-05-01,",
        ]], asOf: "2026-05-31")
        #expect(r.counts("P1", "MH-9a", "2026-05") == [1, 1, 0, 0])
        #expect(r.counts("P1", "MH-9b", "2026-05") == [0, 0, 0, 0])
    }

    @Test func monthlyAndYearlyReturnsAreDueOnWorkingDays() throws {
        // MH-10, service start Sun 1 Mar 2025. Yearly MI: anniversary Sun 1 Mar 2026 → day 0 Mon 2 Mar → 3 WD
        // → Thu 5 Mar; sent 5 Mar: met (March). February 2026's monthly MI: due the 3rd WD of March (Wed 4
        // Mar), never sent: missed (5 Mar, March). March 2026's: due Tue 7 Apr (SPEC example 8), sent on
        // the 7th: met (April). April 2026's: due Wed 6 May (4 May is a bank holiday), never sent: pending
        // as of 6 May, missed as of 31 May (7 May). May's period has not ended by 31 May: no item yet.
        let files: [DatasetFile: [String]] = [.providers: providers, .cases: [Header.mhssCases], .returns: [
            Header.returns,
            "P1,atw-mhss,yearly_mi,2026-03,2026-03-05",
            "P1,atw-mhss,monthly_mi,2026-03,2026-04-07",
        ]]
        let r = try report(files, asOf: "2026-05-31")
        #expect(r.counts("P1", "MH-10", "2026-03") == [1, 1, 0, 0])
        #expect(r.counts("P1", "MH-10", "2026-04") == [1, 0, 0, 0])
        #expect(r.counts("P1", "MH-10", "2026-05") == [0, 1, 0, 0])
        #expect(try report(files, asOf: "2026-05-06").counts("P1", "MH-10", "2026-05") == [0, 0, 1, 0])
        // G = 100, else R. March-May: 2 met, 2 missed (February's and April's monthly returns missed).
        #expect(r.counts("P1", "MH-10", "2026-05", .rolling3) == [2, 2, 0, 0])
        let quarter = try #require(r.row("P1", "MH-10", "2026-05", .rolling3))
        #expect(quarter.rating == .red && quarter.rateText == "50.0000")
        // Every monthly return from March 2025 to January 2026 is missing too: 11 missed before March 2026.
        #expect(r.counts("P1", "MH-10", "2026-02", .cumulative) == [0, 11, 0, 0])
    }

    @Test func complaintsAreForwardedByWhetherTheyConcernDWP() throws {
        // Received Mon 1 Jun 2026. MH-11 (not about DWP, 5 WD → Mon 8 Jun): K1 forwarded the 8th: met; K3 not
        // forwarded, its case withdrawn on 2 Jun: excluded. MH-12 (about DWP, 2 WD → Wed 3 Jun): K2 forwarded
        // on the 4th: missed (counted 4 Jun).
        let r = try report([.providers: providers, .cases: [
            Header.mhssCases, "C1,P1,atw-mhss,2026-05-01,2026-05-01,2026-05-01,,,2026-06-02"],
        .complaints: [
            Header.complaints,
            "K1,P1,atw-mhss,2026-06-01,,false,2026-06-08",
            "K2,P1,atw-mhss,2026-06-01,,true,2026-06-04",
            "K3,P1,atw-mhss,2026-06-01,C1,,",
        ]], asOf: "2026-06-30")
        #expect(r.counts("P1", "MH-11", "2026-06") == [1, 0, 0, 1])
        #expect(r.counts("P1", "MH-12", "2026-06") == [0, 1, 0, 0])
    }
}
