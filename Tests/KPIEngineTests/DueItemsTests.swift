import CaseData
import KPIEngine
import Testing
import WorkingDays

/// As of Friday 27 November 2026. P1 (England and Wales) has 99 HA cases referred in November and acknowledged and
/// booked the same day (98 on the 9th, P1-C on the 20th), one (P1-late, 9th) acknowledged and booked on the 16th
/// (HA-1 and HA-2 missed), and two still open: P1-A referred Thursday 26th, P1-B Friday 27th. P2 (Scotland) has
/// P2-D referred Friday 27th, open; Monday 30 November is St Andrew's Day there, not in England.
private func dueDataset() throws -> (Dataset, KPIEvaluation) {
    var cases = [Header.haCases]
    for i in 0..<98 { cases.append("P1-m\(i),P1,atw-ha,2026-11-09,2026-11-09,2026-11-09,virtual_standard,") }
    cases.append("P1-C,P1,atw-ha,2026-11-20,2026-11-20,2026-11-20,virtual_standard,")
    cases.append("P1-late,P1,atw-ha,2026-11-09,2026-11-16,2026-11-16,virtual_standard,")
    cases.append("P1-A,P1,atw-ha,2026-11-26,,,virtual_standard,")
    cases.append("P1-B,P1,atw-ha,2026-11-27,,,virtual_standard,")
    cases.append("P2-D,P2,atw-ha,2026-11-27,,,virtual_standard,")
    let data = try dataset([
        .providers: [Header.providers, "P1,atw-ha,2026-10-01,england-and-wales,North",
                     "P2,atw-ha,2026-10-01,scotland,North"],
        .cases: cases,
        .reports: [Header.reports],
    ])
    return (data, KPIEvaluation(dataset: data, catalog: try ContractCatalog.builtIn, asOf: Day("2026-11-27")!))
}

private func summary(_ due: DueItems) -> [String] {
    due.items.map { "\($0.providerID) \($0.kpi) \($0.item.caseID!) \($0.item.deadline!) \($0.workingDaysLeft) \($0.month) "
        + "\($0.headroom.map(String.init) ?? "-")\($0.critical ? " critical" : "")\($0.criticalWithDue ? " with-due" : "")" }
}

@Suite("Items due")
struct DueItemsTests {
    @Test func openItemsDueWithinTwoWorkingDaysInTheirOwnDivisionWithTheirHeadroom() throws {
        let (data, evaluation) = try dueDataset()
        let due = DueItems(evaluation: evaluation, dataset: data, within: 2)
        // England and Wales: the window ends Tuesday 1 December; Scotland: Wednesday 2 December (30 November is a
        // holiday there). P1-C's HA-3 (8 working days from the 20th: 2 December) is not due in England yet.
        // P1-A HA-1, due today, counts in November if missed: 99 met, 1 missed, the other pending item P1-B's
        // HA-1: V = 102, ⌊102 × 1%⌋ − 1 = 0: critical, and with the other items due in November (itself) too.
        // P1-B HA-1 (due 30 Nov) counts in December if missed: nothing decided there yet, V = November's 100
        // measured, ⌊100 × 1%⌋ − 0 = 1. HA-2 (96%): V = 100, ⌊100 × 4%⌋ = 4. P2-D: no month before, V = 1:
        // HA-1 ⌊1 × 1%⌋ = 0, HA-2 ⌊1 × 4%⌋ = 0, both critical. Same deadline: critical first, then by series.
        #expect(summary(due) == [
            "P1 HA-1 P1-A 2026-11-27 0 2026-11 0 critical with-due",
            "P1 HA-1 P1-B 2026-11-30 1 2026-12 1",
            "P1 HA-2 P1-A 2026-11-30 1 2026-12 4",
            "P2 HA-1 P2-D 2026-12-01 1 2026-12 0 critical with-due",
            "P1 HA-2 P1-B 2026-12-01 2 2026-12 4",
            "P2 HA-2 P2-D 2026-12-02 2 2026-12 0 critical with-due",
        ])
        // Rates if missed: P1-A's HA-1 in November 99 / (99 + 1 + 1); P1-B's HA-1 in December 0 / 1, and over
        // October to December 99 / 101.
        #expect(due.items[0].inMonthRateIfMissed == 99.0 / 101 && due.items[0].rolling3RateIfMissed == 99.0 / 101)
        #expect(due.items[1].inMonthRateIfMissed == 0 && due.items[1].rolling3RateIfMissed == 99.0 / 101)
    }

    @Test func theWindowAndTheFiltersNarrowTheList() throws {
        let (data, evaluation) = try dueDataset()
        #expect(summary(DueItems(evaluation: evaluation, dataset: data, within: 0)) == ["P1 HA-1 P1-A 2026-11-27 0 2026-11 0 critical with-due"])
        #expect(summary(DueItems(evaluation: evaluation, dataset: data, within: 2, providers: ["P2"])).count == 2)
        #expect(summary(DueItems(evaluation: evaluation, dataset: data, within: 2, kpi: "HA-2")).count == 3)
        // Three working days in England reach Wednesday 2 December: P1-C's HA-3 (8 WD from the 20th) is due.
        let three = summary(DueItems(evaluation: evaluation, dataset: data, within: 3, providers: ["P1"]))
        // It counts in December if missed; November measured 99 HA-3 items (all missed: no report by the 19th's
        // deadline), so V = 99 and the headroom ⌊99 × 4%⌋ − 0 = 3.
        #expect(three.last == "P1 HA-3 P1-C 2026-12-02 3 2026-12 3")
        #expect(three.count == 5)
    }
}
