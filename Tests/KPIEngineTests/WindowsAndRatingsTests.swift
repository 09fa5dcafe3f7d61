import Foundation
import _TestSupport
import LinearAlgebra
import CaseData
import SyntheticData
@testable import KPIEngine
import Testing
import WorkingDays

@Suite("Windows, pools and ratings")
struct WindowsAndRatingsTests {
    @Test func aWindowsMonthsEndInItsMonth() {
        let m = Month("2026-09")!, first = Month("2024-04")!
        #expect(ReportWindow.inMonth.months(endingIn: m, from: first) == m...m)
        #expect(ReportWindow.rolling3.months(endingIn: m, from: first) == Month("2026-07")!...m)
        #expect(ReportWindow.rolling12.months(endingIn: m, from: first) == Month("2025-10")!...m)
        #expect(ReportWindow.cumulative.months(endingIn: m, from: first) == first...m)
        // A quarter is the calendar quarter ending in or before the month: November's is July to September.
        #expect(ReportWindow.quarter.months(endingIn: Month("2026-11")!, from: first) == Month("2026-07")!...m)
        #expect(ReportWindow.allCases.map(\.words) == ["in month", "rolling 3 months", "rolling 12 months", "cumulative", "quarter"])
    }

    @Test func eachRatingsBandIsNamedWithItsBounds() {
        let tiers = RatingBands.cabinetOffice(good: BasisPoints(9_900), nearTarget: BasisPoints(9_800), needsImprovement: BasisPoints(9_700))
        #expect([4, 3, 2, 1].map { tiers.range(of: .tier($0)) } == ["99% and above", "98% to under 99%", "97% to under 98%", "under 97%"])
        let rag = RatingBands.rag(green: BasisPoints(9_000), red: BasisPoints(8_400))
        #expect([Rating.green, .amber, .red].map { rag.range(of: $0) } == ["90% and above", "over 84%, under 90%", "84% and under"])
        #expect(tiers.range(of: .amber) == nil && RatingBands.none.range(of: .tier(4)) == nil)
        #expect(Rating.tier(2).label == "T2 Needs Improvement" && Rating.red.label == "Red")
        // One decimal, rounded half up exactly from the counts: 187 of 200 is 93.5; 2 of 3 is 66.7.
        #expect(RateComparison(met: 187, measured: 200).percentText(places: 1) == "93.5")
        #expect(RateComparison(met: 2, measured: 3).percentText(places: 1) == "66.7")
        #expect(RateComparison(met: 19_373, measured: 20_000).percentText(places: 1) == "96.9")   // 96.865 → 96.9
        #expect(RateComparison(met: 0, measured: 0).percentText(places: 1) == nil)
    }

    @Test func windowMatrixIsTruncatedAtTheFirstMonth() {
        // Five months, series starting at month 2: in-month rows are the identity from month 2; rolling 3 at
        // month 3 covers months 2-3 only; cumulative at month 4 covers 2-4; nothing before month 2.
        let w = WindowCounts.windowMatrix(months: 5, firstMonth: 2)
        let t = 5
        func row(_ block: Int, _ m: Int) -> [Double] { w.row(block * t + m) }
        #expect(row(0, 1) == [0, 0, 0, 0, 0])
        #expect(row(0, 3) == [0, 0, 0, 1, 0])
        #expect(row(1, 3) == [0, 0, 1, 1, 0])
        #expect(row(1, 4) == [0, 0, 1, 1, 1])
        #expect(row(2, 4) == [0, 0, 1, 1, 1])
        #expect(row(3, 4) == [0, 0, 1, 1, 1])
        let full = WindowCounts.windowMatrix(months: 5, firstMonth: 0)
        #expect(full.row(1 * t + 4) == [0, 0, 1, 1, 1])
        #expect(full.row(3 * t + 4) == [1, 1, 1, 1, 1])
    }

    @Test func runningTotalsGiveExactlyTheWindowMatrixProduct() {
        // 30 months × 24 columns of seeded whole counts (up to 10⁶), the first months of some columns zero
        // (a series before its first month): the running-total differences equal W·C to the last digit.
        var rng = SeededGenerator(seed: 5)
        let t = 30, columns = 24
        var counts = Matrix(rows: t, columns: columns)
        for j in 0..<columns {
            for m in (j % 7)..<t { counts[m, j] = Double(rng.next() % 1_000_001) }
        }
        let windows = WindowCounts.windows(counts)
        let reference = Matrix.product(WindowCounts.windowMatrix(months: t, firstMonth: 0), counts)
        #expect(windows.rows == 4 * t && windows.columns == columns)
        #expect(windows.elements == reference.elements)
    }

    @Test func windowsPoolCountsFromServiceStartAndMarkPartialWindows() throws {
        // P2 starts in February 2026: one met HA-1 per month Feb-Apr, one missed in April.
        let r = try report([.providers: [
            Header.providers, "P1,atw-ha,2025-01-01,england-and-wales,", "P2,atw-ha,2026-02-01,england-and-wales,"],
        .cases: [
            Header.haCases,
            "C1,P2,atw-ha,2026-02-02,2026-02-03,2026-02-03,enhanced,",
            "C2,P2,atw-ha,2026-03-02,2026-03-03,2026-03-03,enhanced,",
            "C3,P2,atw-ha,2026-04-01,2026-04-02,2026-04-02,enhanced,",
            "C4,P2,atw-ha,2026-04-01,2026-04-08,2026-04-02,enhanced,",
        ]], asOf: "2026-04-30")
        #expect(r.counts("P2", "HA-1", "2026-03", .rolling3) == [2, 0, 0, 0])
        #expect(r.row("P2", "HA-1", "2026-03", .rolling3)?.isPartial == true)
        #expect(r.row("P2", "HA-1", "2026-04", .rolling3)?.isPartial == false)
        #expect(r.row("P2", "HA-1", "2026-04", .rolling12)?.isPartial == true)
        #expect(r.counts("P2", "HA-1", "2026-04", .rolling12) == [3, 1, 0, 0])
        #expect(r.counts("P2", "HA-1", "2026-04", .cumulative) == [3, 1, 0, 0])
        #expect(r.row("P2", "HA-1", "2026-04", .cumulative)?.rateText == "75.0000")
        // Rows start at each provider's service start.
        #expect(r.rows(ReportSelection(provider: "P2")).map(\.month).min() == Month("2026-02"))
        #expect(r.rows(ReportSelection(provider: "P1")).map(\.month).min() == Month("2025-01"))
        // No measured item: no rate, no target result, no rating (not 100%).
        let empty = try #require(r.row("P1", "HA-2", "2026-04"))
        #expect(empty.rateText == nil && empty.targetMet == nil && empty.rating == nil)
    }

    @Test func nationalAndRegionalRowsPoolTheCounts() throws {
        let r = try report([.providers: [
            Header.providers,
            "P1,atw-ha,2026-01-01,england-and-wales,North",
            "P2,atw-ha,2026-01-01,england-and-wales,North",
            "P3,atw-ha,2026-01-01,scotland,",
            "P4,atw-mhss,2026-01-01,england-and-wales,North",
        ], .cases: [
            Header.haCases,
            "C1,P1,atw-ha,2026-03-02,2026-03-03,,enhanced,",
            "C2,P2,atw-ha,2026-03-02,2026-03-05,,enhanced,",
            "C3,P3,atw-ha,2026-03-02,2026-03-03,,enhanced,",
            "C4,P3,atw-ha,2026-03-02,2026-03-03,,enhanced,",
        ]], asOf: "2026-03-31")
        #expect(r.counts("NATIONAL", "HA-1", "2026-03") == [3, 1, 0, 0])
        #expect(r.counts("REGION:North", "HA-1", "2026-03") == [1, 1, 0, 0])
        // Pooled Σ/Σ: 3 of 4 = 75%, not the average of 100%, 0% and 100%.
        #expect(r.row("NATIONAL", "HA-1", "2026-03")?.rateText == "75.0000")
        // Each contract pools its own providers: the MHSS NATIONAL row has P4 only, which has no cases (and,
        // with only cases.csv present, MH-1 is the only MHSS KPI measured).
        let mhss = r.rows(ReportSelection(month: Month("2026-03")!, contract: "atw-mhss", provider: "NATIONAL"))
        #expect(mhss.count == 4 && mhss.allSatisfy { $0.kpi == "MH-1" && $0.met + $0.missed + $0.pending == 0 })
        #expect(Set(r.rows(ReportSelection(contract: "atw-ha")).map(\.providerID)) == ["P1", "P2", "P3", "NATIONAL", "REGION:North"])
    }

    @Test func targetAndTierComparisonsAreExactWithInclusiveLowerBounds() {
        let tiers = RatingBands.cabinetOffice(good: BasisPoints(9600), nearTarget: BasisPoints(9350), needsImprovement: BasisPoints(9100))
        func tier(_ met: Int64) -> Rating? { RateComparison(met: met, measured: 200).rating(tiers) }
        #expect(tier(192) == .tier(4))   // 96% exactly: Good
        #expect(tier(191) == .tier(3))   // 95.5%
        #expect(tier(187) == .tier(3))   // 93.5% exactly
        #expect(tier(186) == .tier(2))   // 93%
        #expect(tier(182) == .tier(2))   // 91% exactly
        #expect(tier(181) == .tier(1))   // 90.5%
        #expect(RateComparison(met: 192, measured: 200).targetMet(BasisPoints(9600)) == true)
        #expect(RateComparison(met: 191, measured: 200).targetMet(BasisPoints(9600)) == false)
        #expect(RateComparison(met: 0, measured: 0).targetMet(BasisPoints(9600)) == nil)
        // 2/3 against 66.67%: 66.666…% is below it (no rounding before comparing).
        #expect(RateComparison(met: 2, measured: 3).isAtLeast(BasisPoints(6667)) == false)
    }

    @Test func ragIsGreenAtOrAboveGAndRedAtOrBelowR() {
        let bands = RatingBands.rag(green: BasisPoints(9000), red: BasisPoints(8400))
        func rag(_ met: Int64) -> Rating? { RateComparison(met: met, measured: 100).rating(bands) }
        #expect(rag(90) == .green)
        #expect(rag(89) == .amber)
        #expect(rag(85) == .amber)
        #expect(rag(84) == .red)
        let allOrNothing = RatingBands.rag(green: BasisPoints(10000), red: BasisPoints(10000))
        #expect(RateComparison(met: 100, measured: 100).rating(allOrNothing) == .green)
        #expect(RateComparison(met: 99, measured: 100).rating(allOrNothing) == .red)
    }

    @Test func ratesAreRoundedHalfUpToFourDecimals() {
        #expect(RateComparison(met: 2, measured: 3).percentText == "66.6667")
        #expect(RateComparison(met: 1, measured: 8).percentText == "12.5000")
        #expect(RateComparison(met: 5, measured: 6).percentText == "83.3333")
        // 1/400,000 = 0.00025%: exactly half way, rounded up.
        #expect(RateComparison(met: 1, measured: 400_000).percentText == "0.0003")
        #expect(RateComparison(met: 0, measured: 7).percentText == "0.0000")
        #expect(RateComparison(met: 7, measured: 7).percentText == "100.0000")
        #expect(RateComparison(met: 0, measured: 0).percentText == nil)
    }

    @Test func itemStatusFollowsThePrecedenceMetExcludedMissedPending() {
        let deadline = Day("2026-09-17")!, asOf = Day("2026-09-30")!
        func outcome(end: String?, withdrawn: String?, exclusion: Bool = true, asOf: Day = asOf) -> ItemOutcome {
            ItemOutcome.deadlineItem(end: end.flatMap(Day.init), deadline: deadline, withdrawn: withdrawn.flatMap(Day.init),
                                     asOf: asOf, allowsExclusion: exclusion)
        }
        // Met beats a withdrawal before the deadline.
        #expect(outcome(end: "2026-09-16", withdrawn: "2026-09-10") == ItemOutcome(status: .met, day: Day("2026-09-16")!))
        // Late and withdrawn before the deadline: excluded, counted at the withdrawal.
        #expect(outcome(end: "2026-09-20", withdrawn: "2026-09-10") == ItemOutcome(status: .excluded, day: Day("2026-09-10")!))
        // No exclusions for this KPI: missed.
        #expect(outcome(end: nil, withdrawn: "2026-09-10", exclusion: false).status == .missed)
        // A withdrawal after the as-of date is ignored.
        #expect(outcome(end: nil, withdrawn: "2026-09-10", asOf: Day("2026-09-09")!) == ItemOutcome(status: .pending, day: deadline))
        // An end after the as-of date has not happened.
        #expect(outcome(end: "2026-09-15", withdrawn: nil, asOf: Day("2026-09-14")!).status == .pending)
        #expect(ItemOutcome.shareItem(accepted: true, decided: Day("2026-10-02"), submitted: Day("2026-09-20")!, asOf: asOf)
                == ItemOutcome(status: .pending, day: Day("2026-09-20")!))
    }
}

@Suite("Window product against direct sums on generated data")
struct WindowCrossCheckTests {
    @Test func everyWindowEqualsTheSumOfItsMonthsAndPoolsEqualTheirMembers() throws {
        let folder = try TemporaryFolder.make().path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try SyntheticDataset.write(SyntheticDatasetConfiguration(providers: 7, months: 20, cases: 6_000, seed: 11), to: folder)
        let data = try Dataset.load(folder: folder)
        let evaluation = KPIEvaluation(dataset: data, catalog: try ContractCatalog.builtIn, asOf: data.latestRecordedDay!)
        let windows = WindowCounts(evaluation)
        let counts = evaluation.counts
        var checked = 0
        for (s, series) in evaluation.series.enumerated() {
            for m in series.firstMonth...counts.lastMonth {
                for window in ReportWindow.monthly {
                    let from = max(series.firstMonth, window.span.map { m.advanced(by: 1 - $0) } ?? series.firstMonth)
                    for status in ItemStatus.allCases {
                        let direct = (from...m).reduce(0.0) { $0 + counts[series: s, status: status, month: $1] }
                        #expect(windows.count(series: s, window: window, month: m, status: status) == direct)
                        checked += 1
                    }
                }
                if series.isPooled {
                    let members = evaluation.series.indices.filter {
                        !evaluation.series[$0].isPooled && evaluation.series[$0].kpiIndex == series.kpiIndex
                            && series.members.contains(evaluation.series[$0].members[0])
                    }
                    for status in ItemStatus.allCases {
                        let sum = members.reduce(0.0) { $0 + counts[series: $1, status: status, month: m] }
                        #expect(counts[series: s, status: status, month: m] == sum)
                    }
                }
            }
        }
        #expect(checked > 100_000)
        #expect(evaluation.unattributedItems == 0)
    }
}

@Suite("Items behind a figure")
struct MeasuredItemTests {
    @Test func everyProviderSeriesItemsAddUpToItsMonthCounts() throws {
        let folder = try TemporaryFolder.make().path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try SyntheticDataset.write(SyntheticDatasetConfiguration(providers: 4, months: 14, cases: 2_000, seed: 5), to: folder)
        let data = try Dataset.load(folder: folder)
        let asOf = data.latestRecordedDay!.advanced(by: -40)
        let evaluation = KPIEvaluation(dataset: data, catalog: try ContractCatalog.builtIn, asOf: asOf)
        var checked = 0
        for (s, series) in evaluation.series.enumerated() where !series.isPooled {
            let kpi = evaluation.catalog.definitions[series.contractIndex].kpis[series.kpiIndex]
            if kpi.isQuarterly { continue }
            let items = evaluation.items(in: data, series: s)
            var tally: [Month: [ItemStatus: Double]] = [:]
            for item in items { tally[Month(containing: item.counted), default: [:]][item.status, default: 0] += 1 }
            for month in series.firstMonth...evaluation.counts.lastMonth {
                for status in ItemStatus.allCases {
                    #expect(tally[month]?[status] ?? 0 == evaluation.counts[series: s, status: status, month: month],
                            "\(series.providerID) \(kpi.id) \(month) \(status)")
                    checked += 1
                }
            }
            // Filtering by month and status returns exactly that cell's items.
            if let first = items.first {
                let month = Month(containing: first.counted)
                let cell = evaluation.items(in: data, series: s, month: month, status: first.status)
                #expect(Double(cell.count) == evaluation.counts[series: s, status: first.status, month: month])
                #expect(cell.allSatisfy { Month(containing: $0.counted) == month && $0.status == first.status })
            }
            // Nothing after the as-of date is shown as having happened.
            #expect(items.allSatisfy { ($0.end ?? asOf) <= asOf && $0.start <= asOf })
        }
        #expect(checked > 5_000)
        // All series in one pass give each series' own list (pooled series none), in the order asked.
        let wanted = Array(evaluation.series.indices.reversed())
        let together = evaluation.items(in: data, series: wanted, status: .missed)
        #expect(together.count == wanted.count)
        for (k, s) in wanted.enumerated() {
            #expect(together[k] == evaluation.items(in: data, series: s, status: .missed))
            if evaluation.series[s].isPooled { #expect(together[k].isEmpty) }
        }
        #expect(together.contains { !$0.isEmpty })
    }
}

@Suite("The generator aims at the shipped targets")
struct GeneratorTargetTests {
    @Test func everyGeneratorTargetIsTheContractDefinitionsTarget() throws {
        let catalog = try ContractCatalog.builtIn
        let targets = Dictionary(uniqueKeysWithValues: catalog.definitions.flatMap(\.kpis).map { ($0.id, $0.target.rawValue) })
        var covered: Set<String> = []
        for (kpis, rate) in _GeneratorTargets.all {
            for kpi in kpis {
                #expect(targets[kpi] == Int((rate * 10_000).rounded()), "\(kpi)")
                covered.insert(kpi)
            }
        }
        #expect(covered == Set(targets.keys))
    }
}

@Suite("The items behind any figure")
struct ItemListingWindowTests {
    @Test func everyReportRowsItemsAddUpToItsCountsForProvidersAndPoolsInEveryWindow() throws {
        let folder = try TemporaryFolder.make().path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try SyntheticDataset.write(SyntheticDatasetConfiguration(providers: 5, months: 14, cases: 3_000, seed: 8), to: folder)
        let data = try Dataset.load(folder: folder, rules: .builtIn)
        let asOf = data.latestRecordedDay!.advanced(by: -20)
        let evaluation = KPIEvaluation(dataset: data, catalog: try ContractCatalog.builtIn, asOf: asOf)
        let report = KPIReport(evaluation)
        let month = Month(containing: asOf).advanced(by: -1)
        var rows = 0
        for row in report.rows(ReportSelection(month: month)) where row.unitsPerCount == 1 {
            let listing = try ItemListing(evaluation, dataset: data, selection: ReportSelection(
                month: month, contract: row.contract, provider: row.providerID, kpi: row.kpi), window: row.window)
            let byStatus = ItemStatus.allCases.map { status in Int64(listing.entries.filter { $0.item.status == status }.count) }
            #expect(byStatus == [row.met, row.missed, row.pending, row.excluded], "\(row.providerID) \(row.kpi) \(row.window)")
            rows += 1
        }
        // Providers, NATIONAL and regions, every monthly window of every item KPI.
        #expect(rows > 200)
    }
}
