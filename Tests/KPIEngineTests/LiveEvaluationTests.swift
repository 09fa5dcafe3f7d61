import CaseData
import SyntheticData
import Foundation
import KPIEngine
import Testing
import WorkingDays

/// A synthetic dataset (written to a temporary folder and loaded back).
func syntheticDataset(_ configuration: SyntheticDatasetConfiguration) throws -> Dataset {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("live-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try SyntheticDataset.write(configuration, to: folder)
    let dataset = try Dataset.load(folder: folder)
    #expect(dataset.rejections.isEmpty)
    return dataset
}

/// The dataset with its cases grouped by the interval of `cutoffs` their referral falls in (earliest first), so
/// that the dataset as it stood before any cutoff is a prefix of its cases: what a month-by-month feed builds.
func orderedByArrival(_ full: Dataset, cutoffs: [Day]) throws -> Dataset {
    var ordered = full
    for cutoff in cutoffs.reversed() {
        var (before, addition) = ordered.split(from: cutoff)
        try before.append(addition)
        ordered = before
    }
    return ordered
}

@Suite("Live evaluation: incremental updates equal a full recompute")
struct LiveEvaluationTests {
    static let configuration = SyntheticDatasetConfiguration(providers: 6, months: 15, cases: 3_000, seed: 7,
                                                             firstMonth: Month("2025-01")!)
    static let catalog = try! ContractCatalog.builtIn

    /// The live counts against a full evaluation of the live dataset as of the live day.
    func expectEqualToFullRecompute(_ live: LiveEvaluation, _ context: String,
                                    sourceLocation: SourceLocation = #_sourceLocation) {
        let full = KPIEvaluation(dataset: live.dataset, catalog: Self.catalog, asOf: live.asOf)
        let incremental = live.evaluation
        // Compared cell by cell so a failure names the first differing cell instead of printing every count.
        let a = incremental.counts, b = full.counts
        #expect(a.monthCount == b.monthCount && a.seriesCount == b.seriesCount, "\(context)", sourceLocation: sourceLocation)
        let differing = a.values.count == b.values.count ? a.values.indices.filter { a.values[$0] != b.values[$0] } : [-1]
        #expect(differing.isEmpty, "\(context): \(differing.count) cells differ, first \(differing.first.map { i in i < 0 ? "size" : "index \(i): \(a.values[i]) vs \(b.values[i])" } ?? "")",
                sourceLocation: sourceLocation)
        #expect(incremental.unattributedItems == full.unattributedItems, "\(context)", sourceLocation: sourceLocation)
        #expect(incremental.series == full.series, sourceLocation: sourceLocation)
    }

    @Test func splittingAndAppendingKeepsEveryRowAndEveryCount() throws {
        let full = try syntheticDataset(Self.configuration)
        var (before, addition) = full.split(from: Day("2025-09-01")!)
        #expect(before.cases.referralReceived.allSatisfy { $0 < Day("2025-09-01")!.rawValue })
        #expect(addition.cases.referralReceived.allSatisfy { $0 >= Day("2025-09-01")!.rawValue })
        #expect(addition.reports.count > 0 && addition.complaints.count > 0 && addition.returns.count > 0)
        try before.append(addition)
        #expect(before.cases.count == full.cases.count && before.reports.count == full.reports.count)
        #expect(before.complaints.count == full.complaints.count && before.returns.count == full.returns.count)
        let asOf = Day("2026-03-31")!
        #expect(KPIEvaluation(dataset: before, catalog: Self.catalog, asOf: asOf).counts
                == KPIEvaluation(dataset: full, catalog: Self.catalog, asOf: asOf).counts)
    }

    @Test func splittingBeforeEverythingAndAppendingGivesBackEveryColumn() throws {
        let full = try syntheticDataset(Self.configuration)
        var (before, addition) = full.split(from: Day("2000-01-01")!)
        #expect(before.cases.count == 0 && before.reports.count == 0 && addition.rowCount > full.cases.count)
        try before.append(addition)
        #expect(before.cases == full.cases && before.reports == full.reports && before.complaints == full.complaints)
        #expect(before.cancellations == full.cancellations && before.recommendations == full.recommendations)
        #expect(before.typeChanges == full.typeChanges && before.survey == full.survey)
        #expect(before.workforce == full.workforce && before.returns == full.returns)
    }

    @Test func splittingOffInPlaceMovesTheStayingRowsUpWithTheirValues() throws {
        let full = try syntheticDataset(Self.configuration)
        let cutoff = Day("2025-09-01")!.rawValue
        var kept = full
        let addition = kept.splitOff(from: Day(rawValue: cutoff))
        let staying = full.cases.referralReceived.indices.filter { full.cases.referralReceived[$0] < cutoff }
        #expect(kept.cases.count == staying.count && addition.cases.count == full.cases.count - staying.count)
        for (k, c) in staying.enumerated() {
            #expect(kept.cases.caseIDs[k] == full.cases.caseIDs[c] && kept.cases.withdrawn[k] == full.cases.withdrawn[c])
            #expect(kept.cases.infoSource[k] == full.cases.infoSource[c])
        }
        // Staying reports keep their order and point at their case's new row.
        let stayingReports = full.reports.caseRow.indices.filter {
            full.reports.submitted[$0] < cutoff && full.cases.referralReceived[Int(full.reports.caseRow[$0])] < cutoff
        }
        #expect(kept.reports.count == stayingReports.count)
        for (k, r) in stayingReports.enumerated() {
            #expect(kept.cases.caseIDs[Int(kept.reports.caseRow[k])] == full.cases.caseIDs[Int(full.reports.caseRow[r])])
            #expect(kept.reports.submitted[k] == full.reports.submitted[r])
        }
        // An arriving report of an arriving case points past the staying cases, at that case's place in the addition.
        for r in 0..<addition.reports.count where Int(addition.reports.caseRow[r]) >= kept.cases.count {
            let c = Int(addition.reports.caseRow[r]) - kept.cases.count
            #expect(addition.cases.referralReceived[c] >= cutoff)
        }
        #expect(kept == full.split(from: Day(rawValue: cutoff)).before)
    }

    @Test func aLiveEvaluationAppendsAMonthWithoutMovingItsColumns() throws {
        let cutoff = Day("2026-03-01")!
        let full = try orderedByArrival(try syntheticDataset(Self.configuration), cutoffs: [cutoff])
        let (before, addition) = full.split(from: cutoff)
        var live = LiveEvaluation(dataset: before, catalog: Self.catalog, asOf: cutoff.advanced(by: -1))
        func addresses(_ data: Dataset) -> [UnsafeRawPointer?] {
            [UnsafeRawPointer(data.cases.referralReceived.withUnsafeBufferPointer { $0.baseAddress }),
             UnsafeRawPointer(data.cases.caseIDs.heap.withUnsafeBufferPointer { $0.baseAddress }),
             UnsafeRawPointer(data.reports.submitted.withUnsafeBufferPointer { $0.baseAddress })]
        }
        let start = addresses(live.dataset)
        try live.append(addition, asOf: Day("2026-03-31")!)
        #expect(addresses(live.dataset) == start, "a month (a fifteenth of the rows) fits in the room kept")
        expectEqualToFullRecompute(live, "appended in place")
    }

    @Test func anAdditionRepeatingACaseIDIsRefusedWithTheRowAndID() throws {
        let full = try syntheticDataset(Self.configuration)
        var (before, addition) = full.split(from: Day("2026-03-01")!)
        addition.cases.caseIDs = IdentifierColumn()
        let ids = (0..<addition.cases.count).map { $0 == 7 ? "NEW-3" : "NEW-\($0)" }
        for id in ids {
            addition.cases.caseIDs.heap += Array(id.utf8)
            addition.cases.caseIDs.offsets.append(UInt32(addition.cases.caseIDs.heap.count))
        }
        #expect(throws: DatasetError(path: "cases addition, row 8, case_id", reason: "NEW-3 appears twice")) {
            try before.append(addition)
        }
    }

    @Test func startsEqualToAFullEvaluation() throws {
        let data = try syntheticDataset(Self.configuration)
        for day in ["2025-01-20", "2025-06-30", "2025-11-14", "2026-03-31"] {
            expectEqualToFullRecompute(LiveEvaluation(dataset: data, catalog: Self.catalog, asOf: Day(day)!), day)
        }
    }

    @Test func advancingDayByDayEqualsAFullRecomputeEachDay() throws {
        let data = try syntheticDataset(Self.configuration)
        var rng = SeededGenerator(seed: 11)
        var live = LiveEvaluation(dataset: data, catalog: Self.catalog, asOf: Day("2025-05-10")!)
        var touched = 0
        while live.asOf < Day("2026-03-31")! {
            let before = live.asOf
            live.advance(to: live.asOf.advanced(by: Int.random(in: 1...12, using: &rng)))
            touched += 1
            expectEqualToFullRecompute(live, "advance \(before) → \(live.asOf)")
        }
        #expect(touched > 25)
        // Back to an earlier day: a full evaluation again.
        live.advance(to: Day("2025-08-15")!)
        expectEqualToFullRecompute(live, "back to 2025-08-15")
    }

    @Test func randomLateDataEqualsAFullRecompute() throws {
        let data = try syntheticDataset(Self.configuration)
        for seed in UInt64(1)...6 {
            var rng = SeededGenerator(seed: seed)
            var live = LiveEvaluation(dataset: data, catalog: Self.catalog, asOf: Day("2025-10-15")!)
            for step in 0..<12 {
                let corrections = (0..<Int.random(in: 1...40, using: &rng)).map { _ in
                    Self.randomCorrection(live.dataset, near: live.asOf, using: &rng)
                }
                try live.correct(corrections)
                expectEqualToFullRecompute(live, "seed \(seed) step \(step): \(corrections.prefix(3))")
                if Bool.random(using: &rng) {
                    live.advance(to: live.asOf.advanced(by: Int.random(in: 1...20, using: &rng)))
                    expectEqualToFullRecompute(live, "seed \(seed) step \(step): advance to \(live.asOf)")
                }
            }
        }
    }

    @Test func appendingMonthAfterMonthEqualsAFullRecompute() throws {
        let cutoffs = (9...14).map { Month("2025-01")!.advanced(by: $0).firstDay }
        let full = try orderedByArrival(try syntheticDataset(Self.configuration), cutoffs: cutoffs)
        var rng = SeededGenerator(seed: 5)
        var live = LiveEvaluation(dataset: full.split(from: cutoffs[0]).before, catalog: Self.catalog,
                                  asOf: cutoffs[0].advanced(by: -1))
        expectEqualToFullRecompute(live, "base")
        for (k, cutoff) in cutoffs.enumerated() {
            let upTo = k + 1 < cutoffs.count ? full.split(from: cutoffs[k + 1]).before : full
            let addition = upTo.split(from: cutoff).addition
            #expect(addition.cases.count > 0 && addition.reports.count > 0)
            // Some months arrive with a few late corrections too.
            let lastDay = Month(containing: cutoff).lastDay
            try live.append(addition, asOf: lastDay)
            #expect(live.dataset.cases.count == upTo.cases.count && live.dataset.reports.count == upTo.reports.count)
            expectEqualToFullRecompute(live, "month \(Month(containing: cutoff))")
            try live.correct((0..<25).map { _ in Self.randomCorrection(live.dataset, near: lastDay, using: &rng) })
            expectEqualToFullRecompute(live, "corrections after \(Month(containing: cutoff))")
        }
        // After every month and correction, the same counts as evaluating the whole dataset once.
        #expect(live.dataset.cases.count == full.cases.count)
    }

    @Test func aReportAppendedByTheDeadlineTurnsAnExcludedItemMet() throws {
        // HA-3 of C1: referred Mon 11 May 2026, withdrawn Tue 12 May; excluded as of Wed 13 May, its HA report
        // not yet submitted. The report (Fri 15 May) arrives in a later extract, within the 8 working days.
        let full = try dataset([
            .providers: [Header.providers, "P1,atw-ha,2024-01-01,england-and-wales,North"],
            .cases: [Header.haCases, "C1,P1,atw-ha,2026-05-11,2026-05-11,2026-05-12,virtual_standard,2026-05-12",
                     "C2,P1,atw-ha,2026-05-11,2026-05-11,2026-05-12,virtual_standard,"],
            .reports: [Header.reports, "C2,ha_report,1,2026-05-13,,,", "C1,ha_report,1,2026-05-15,,,"],
        ])
        let (before, addition) = full.split(from: Day("2026-05-14")!)
        #expect(addition.reports.count == 1 && addition.cases.count == 0)
        var live = LiveEvaluation(dataset: before, catalog: Self.catalog, asOf: Day("2026-05-13")!)
        #expect(KPIReport(live.evaluation).counts("P1", "HA-3", "2026-05") == [1, 0, 0, 1])
        try live.append(addition, asOf: Day("2026-05-18")!)
        #expect(KPIReport(live.evaluation).counts("P1", "HA-3", "2026-05") == [2, 0, 0, 0])
        expectEqualToFullRecompute(live, "report appended by the deadline")
    }

    @Test func appendingWithinAMonthAndForAnEarlierDay() throws {
        let cutoff = Day("2025-11-16")!
        let full = try orderedByArrival(try syntheticDataset(Self.configuration), cutoffs: [cutoff])
        let (before, addition) = full.split(from: cutoff)
        var live = LiveEvaluation(dataset: before, catalog: Self.catalog, asOf: Day("2025-11-15")!)
        var earlier = live
        try live.append(addition, asOf: Day("2025-11-20")!)
        expectEqualToFullRecompute(live, "mid-month extract")
        try earlier.append(addition, asOf: Day("2025-10-01")!)
        expectEqualToFullRecompute(earlier, "extract with an earlier day")
    }

    @Test func badUpdatesAreRefusedWholeWithTheRowAndValue() throws {
        let data = try syntheticDataset(Self.configuration)
        var live = LiveEvaluation(dataset: data, catalog: Self.catalog, asOf: Day("2025-10-15")!)
        let reference = live.evaluation.counts
        #expect(throws: DatasetError(path: "correction 2", reason: "row 3000 is not a row of cases (3000 rows)")) {
            try live.correct([.caseWithdrawn(caseRow: 1, day: Day("2025-10-01")), .caseWithdrawn(caseRow: 3000, day: nil)])
        }
        #expect(throws: DatasetError(path: "correction 1", reason: "2101-01-01 is outside 1995-01-01…2100-12-31")) {
            try live.correct([.reportRecordedOnPRaP(reportRow: 0, day: Day("2101-01-01"))])
        }
        #expect(live.evaluation.counts == reference, "a refused list changes nothing")
        var addition = DatasetAddition()
        addition.reports.caseRow = [5, 99_999]
        addition.reports.document = [0, 0]
        addition.reports.attempt = [1, 1]
        addition.reports.submitted = [Day("2025-10-10")!.rawValue, Day("2025-10-10")!.rawValue]
        addition.reports.outcome = [255, 255]
        addition.reports.decided = [Int32.min, Int32.min]
        addition.reports.prapRecorded = [Int32.min, Int32.min]
        addition.reports.employmentConfirmed = [255, 255]
        #expect(throws: DatasetError(path: "reports addition, row 2, case", reason: "row 99999 is not a row of cases (3000 rows)")) {
            try live.append(addition, asOf: Day("2025-10-31")!)
        }
        #expect(live.evaluation.counts == reference && live.dataset.reports.count == data.reports.count)
    }

    /// A random late or corrected event near `day` (or a cleared one), valid for the dataset.
    static func randomCorrection(_ data: Dataset, near day: Day, using rng: inout SeededGenerator) -> DataCorrection {
        let shifted = { (rng: inout SeededGenerator) -> Day? in
            Int.random(in: 0..<6, using: &rng) == 0 ? nil : day.advanced(by: Int.random(in: -45...20, using: &rng))
        }
        let c = Int.random(in: 0..<data.cases.count, using: &rng)
        let r = Int.random(in: 0..<data.reports.count, using: &rng)
        switch Int.random(in: 0..<9, using: &rng) {
        case 0:
            let field = CaseDateField.allCases.filter { $0 != .referralReceived }.randomElement(using: &rng)!
            return .caseDate(caseRow: c, field: field, day: shifted(&rng))
        case 1:
            let start = data.providers.serviceStarts[Int(data.cases.provider[c])]
            return .caseDate(caseRow: c, field: .referralReceived, day: max(start, day.advanced(by: Int.random(in: -30...10, using: &rng))))
        case 2: return .caseWithdrawn(caseRow: c, day: shifted(&rng))
        case 3: return .caseAssessmentType(caseRow: c, type: Bool.random(using: &rng) ? UInt8.random(in: 0...2, using: &rng) : nil)
        case 4: return .reportSubmitted(reportRow: r, day: day.advanced(by: Int.random(in: -40...5, using: &rng)))
        case 5, 6:
            let accepted: Bool? = [true, false, nil].randomElement(using: &rng)!
            return .reportDecision(reportRow: r, accepted: accepted, decided: shifted(&rng))
        case 7: return .reportRecordedOnPRaP(reportRow: r, day: shifted(&rng))
        default:
            return .complaintForwarded(complaintRow: Int.random(in: 0..<data.complaints.count, using: &rng), day: shifted(&rng))
        }
    }
}
