import CaseData
import Foundation
import SyntheticData
import _TestSupport
import KPIEngine
import Testing
import WorkingDays

/// P1 (HA, from October 2026): ten cases referred on 5 October and acknowledged the same day, and three more:
/// Y referred Tuesday 27 October (HA-1 due the 28th), X Wednesday 28th (due the 29th), W Thursday 29th (due the
/// 30th). The data as they stood on Thursday 29 October held no acknowledgement for any of the three; the data
/// now hold Y's acknowledgement dated 28 October (recorded late), X's on 2 November (late), and W's withdrawal
/// on 30 October.
private func cases(now: Bool) -> [String] {
    var rows = [Header.haCases]
    for i in 0..<10 { rows.append("P1-\(i),P1,atw-ha,2026-10-05,2026-10-05,,virtual_standard,") }
    rows.append("Y,P1,atw-ha,2026-10-27,\(now ? "2026-10-28" : ""),,virtual_standard,")
    rows.append("X,P1,atw-ha,2026-10-28,\(now ? "2026-11-02" : ""),,virtual_standard,")
    rows.append("W,P1,atw-ha,2026-10-29,,,virtual_standard,\(now ? "2026-10-30" : "")")
    return rows
}

private func evaluation(now: Bool, asOf: String) throws -> (Dataset, KPIEvaluation) {
    let data = try dataset([.providers: [Header.providers, "P1,atw-ha,2026-10-01,england-and-wales,North"],
                            .cases: cases(now: now)])
    return (data, KPIEvaluation(dataset: data, catalog: try ContractCatalog.builtIn, asOf: Day(asOf)!))
}

private func counts(_ row: KPIReportRow?) -> [Int64] { row.map { [$0.met, $0.missed, $0.pending, $0.excluded] } ?? [] }

@Suite("Restatements")
struct RestatementsTests {
    @Test func aLateRecordALateAcknowledgementAndAWithdrawalRestateOctober() throws {
        // Before (the data then, as of 29 October): October's HA-1 has 10 met, Y missed (due the 28th, nothing
        // recorded), X and W pending (due the 29th and 30th). Now: Y met (acknowledged on the 28th, recorded
        // since), X missed (acknowledged on 2 November, after its deadline), W excluded (withdrawn on the 30th,
        // by its deadline).
        let (old, before) = try evaluation(now: false, asOf: "2026-10-29")
        let (new, after) = try evaluation(now: true, asOf: "2026-11-30")
        let changes = Restatements(before: before, beforeData: old, after: after, afterData: new,
                                   windows: [.inMonth], provider: "P1", kpi: "HA-1")
        #expect(changes.rows.map { "\($0.providerID) \($0.kpi) \($0.month) \($0.window)" } == ["P1 HA-1 2026-10 in_month"])
        #expect(counts(changes.rows[0].before) == [10, 1, 2, 0] && counts(changes.rows[0].after) == [11, 1, 0, 1])
        #expect(changes.items.map { "\($0.caseID!) \($0.before!.status)→\($0.after!.status): \($0.reason)" } == [
            "Y missed→met: recorded after 2026-10-29",
            "X pending→missed: done late on 2026-11-02, after 2026-10-29",
            "W pending→excluded: withdrawn after 2026-10-29",
        ])
    }

    @Test func theSameDataAsOfAnEarlierDateShowOnlyWhatHappenedSince() throws {
        // The data now, as of 29 October against 30 November: Y was already met on the 28th (its acknowledgement
        // is dated then), so only X and W move; November has no row of HA-1 to compare, since the earlier report
        // ended in October.
        let (data, after) = try evaluation(now: true, asOf: "2026-11-30")
        let before = KPIEvaluation(dataset: data, catalog: try ContractCatalog.builtIn, asOf: Day("2026-10-29")!)
        let changes = Restatements(before: before, beforeData: data, after: after, afterData: data,
                                   windows: [.inMonth], provider: "P1", kpi: "HA-1")
        #expect(counts(changes.rows.first?.before) == [11, 0, 2, 0] && counts(changes.rows.first?.after) == [11, 1, 0, 1])
        #expect(changes.items.map(\.reason) == ["done late on 2026-11-02, after 2026-10-29", "withdrawn after 2026-10-29"])
        // One pass over the items, each as of both dates, finds the same.
        let onePass = Restatements(before: before, beforeData: data, after: after, afterData: data,
                                   windows: [.inMonth], provider: "P1", kpi: "HA-1", sameData: true)
        #expect(onePass.rows == changes.rows && onePass.items == changes.items)
    }

    @Test func anItemThatMovesMonthIsListedUnderTheMonthItReachedAndNothingElseChanges() throws {
        // W's HA-2 (due 2 November) was pending in November as of 29 October; withdrawn on the 30th it now counts
        // in October as excluded. X's and Y's HA-2 (due 30 and 29 October, never booked) went from pending to
        // missed. The ten others were missed all along (never booked).
        let (data, after) = try evaluation(now: true, asOf: "2026-11-30")
        let before = KPIEvaluation(dataset: data, catalog: try ContractCatalog.builtIn, asOf: Day("2026-10-29")!)
        let changes = Restatements(before: before, beforeData: data, after: after, afterData: data,
                                   windows: [.inMonth], provider: "P1", kpi: "HA-2")
        #expect(counts(changes.rows.first?.before) == [0, 10, 2, 0] && counts(changes.rows.first?.after) == [0, 12, 0, 1])
        let w = try #require(changes.items.first { $0.caseID == "W" })
        #expect(w.before?.status == .pending && Month(containing: w.before!.counted) == Month("2026-11")!)
        #expect(w.after?.status == .excluded && w.reason == "withdrawn after 2026-10-29")
        #expect(changes.items.count == 3)
        // Nothing changes between a report and itself.
        #expect(Restatements(before: after, beforeData: data, after: after, afterData: data).rows.isEmpty)
    }
}

extension RestatementsTests {
    @Test func aProviderThatStartsAfterTheEarlierDateHasNothingRestated() throws {
        // P2 starts in December: the earlier report (as of 29 October) held no month of it (this trapped: its
        // months ran from December back to October).
        let rows = cases(now: true) + ["Z,P2,atw-ha,2026-12-02,2026-12-02,,virtual_standard,"]
        let data = try dataset([.providers: [Header.providers, "P1,atw-ha,2026-10-01,england-and-wales,North",
                                             "P2,atw-ha,2026-12-01,england-and-wales,North"], .cases: rows])
        let catalog = try ContractCatalog.builtIn
        let after = KPIEvaluation(dataset: data, catalog: catalog, asOf: Day("2026-12-31")!)
        let before = KPIEvaluation(dataset: data, catalog: catalog, asOf: Day("2026-10-29")!)
        let changes = Restatements(before: before, beforeData: data, after: after, afterData: data, windows: [.inMonth], sameData: true)
        #expect(!changes.rows.isEmpty && !changes.rows.contains { $0.providerID == "P2" })
        #expect(changes.items.allSatisfy { $0.providerID == "P1" })
    }
}

@Suite("Restatements on generated data")
struct RestatementsGeneratedTests {
    @Test func theOnePassAndTheMatchedListsAgreeAndEveryChangedRowIsExplainedByItsItems() throws {
        let folder = try TemporaryFolder.make().path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try SyntheticDataset.write(SyntheticDatasetConfiguration(providers: 4, months: 12, cases: 2_500, seed: 3), to: folder)
        let data = try Dataset.load(folder: folder, rules: .builtIn)
        let now = data.latestRecordedDay!, then = now.advanced(by: -45)
        let catalog = try ContractCatalog.builtIn
        let after = KPIEvaluation(dataset: data, catalog: catalog, asOf: now)
        let before = KPIEvaluation(dataset: data, catalog: catalog, asOf: then)
        let matched = Restatements(before: before, beforeData: data, after: after, afterData: data, windows: [.inMonth])
        let onePass = Restatements(before: before, beforeData: data, after: after, afterData: data, windows: [.inMonth], sameData: true)
        #expect(!matched.rows.isEmpty && onePass.rows == matched.rows)
        #expect(Set(onePass.items.map { "\($0.providerID) \($0.kpi) \($0.caseID ?? "") \($0.item) \($0.reason)" })
                == Set(matched.items.map { "\($0.providerID) \($0.kpi) \($0.caseID ?? "") \($0.item) \($0.reason)" }))
        // Each changed provider row's change is exactly its moved items' (before leaves, after arrives).
        for row in onePass.rows where !row.providerID.hasPrefix("NATIONAL") && !row.providerID.hasPrefix("REGION") {
            var delta = [Int64](repeating: 0, count: 4)
            for item in onePass.items where item.providerID == row.providerID && item.kpi == row.kpi {
                if let was = item.before, Month(containing: was.counted) == row.month { delta[Int(was.status.rawValue)] -= 1 }
                if let now = item.after, Month(containing: now.counted) == row.month { delta[Int(now.status.rawValue)] += 1 }
            }
            let b: [Int64] = row.before.map { [$0.met, $0.missed, $0.pending, $0.excluded] } ?? [0, 0, 0, 0]
            let a: [Int64] = row.after.map { [$0.met, $0.missed, $0.pending, $0.excluded] } ?? [0, 0, 0, 0]
            #expect(zip(b, delta).map { $0 + $1 } == a, "\(row.providerID) \(row.kpi) \(row.month)")
        }
    }
}
