import CaseData
import Testing
import WorkingDays
@testable import KPIEngine

/// The day an item's status can next change (what a live evaluation wakes on), worked out by hand.
@Suite("Item status: the next day it can change")
struct ItemNextChangeTests {
    func day(_ text: String) -> Int32 { Day(text)!.rawValue }

    /// A deadline item started Mon 11 May 2026 with its deadline Fri 15 May.
    func item(end: String? = nil, withdrawn: String? = nil, visible: String = "2026-05-11") -> _Item {
        _Item(series: 0, visible: day(visible), start: day("2026-05-11"), deadline: day("2026-05-15"),
              end: end.map(day) ?? _missing32, withdrawn: withdrawn.map(day) ?? _missing32, division: 0,
              source: _ItemSource(table: .cases, row: 0))
    }

    @Test func anItemNotYetVisibleChangesWhenItBecomesVisible() {
        #expect(item(visible: "2026-05-20").nextChange(after: day("2026-05-14")) == day("2026-05-20"))
    }

    @Test func aPendingItemChangesOnItsEndAWithdrawalOrTheDayAfterItsDeadline() {
        // Pending on Tue 12 May: withdrawn Wed 13 May comes before the day after the deadline (16 May) and the end (18 May).
        #expect(item(end: "2026-05-18", withdrawn: "2026-05-13").nextChange(after: day("2026-05-12")) == day("2026-05-13"))
        #expect(item(end: "2026-05-14").nextChange(after: day("2026-05-12")) == day("2026-05-14"))
        #expect(item().nextChange(after: day("2026-05-12")) == day("2026-05-16"))
        // Pending on the deadline itself: missed the next day.
        #expect(item().nextChange(after: day("2026-05-15")) == day("2026-05-16"))
    }

    @Test func anExcludedItemStaysOpenToAnEndByItsDeadline() {
        // Withdrawn Tue 12 May, excluded as of Wed 13 May.
        #expect(item(withdrawn: "2026-05-12").status(asOf: day("2026-05-13")).status == .excluded)
        // End unknown: an appended report may still bring one by Fri 15 May, so open until Sat 16 May.
        #expect(item(withdrawn: "2026-05-12").nextChange(after: day("2026-05-13")) == day("2026-05-16"))
        #expect(item(withdrawn: "2026-05-12").nextChange(after: day("2026-05-16")) == .max)
        // End known: met on Thu 14 May; an end after the deadline changes nothing.
        #expect(item(end: "2026-05-14", withdrawn: "2026-05-12").nextChange(after: day("2026-05-13")) == day("2026-05-14"))
        #expect(item(end: "2026-05-20", withdrawn: "2026-05-12").nextChange(after: day("2026-05-13")) == .max)
    }

    @Test func metAndMissedItemsAreFinal() {
        #expect(item(end: "2026-05-14").status(asOf: day("2026-05-14")).status == .met)
        #expect(item(end: "2026-05-14").nextChange(after: day("2026-05-14")) == .max)
        // Missed as of Mon 18 May with no end; a late end (20 May) or withdrawal (19 May) cannot undo it.
        #expect(item(end: "2026-05-20", withdrawn: "2026-05-19").status(asOf: day("2026-05-18")).status == .missed)
        #expect(item(end: "2026-05-20", withdrawn: "2026-05-19").nextChange(after: day("2026-05-18")) == .max)
    }

    @Test func aPendingShareItemChangesOnItsDecision() {
        func share(outcome: UInt8, decided: String?) -> _Item {
            _Item(series: 0, visible: day("2026-05-11"), start: day("2026-05-11"), deadline: _missing32, outcome: outcome,
                  decided: decided.map(day) ?? _missing32, division: 0, source: _ItemSource(table: .reports, row: 0))
        }
        #expect(share(outcome: 0, decided: "2026-05-20").nextChange(after: day("2026-05-14")) == day("2026-05-20"))
        #expect(share(outcome: 0, decided: "2026-05-20").nextChange(after: day("2026-05-20")) == .max)
        // No outcome recorded: pending until the data change.
        #expect(share(outcome: _missing8, decided: "2026-05-20").nextChange(after: day("2026-05-14")) == .max)
    }
}
