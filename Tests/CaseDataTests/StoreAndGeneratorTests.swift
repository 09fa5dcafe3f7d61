@testable import CaseData
@testable import SyntheticData
import Foundation
import Testing
import WorkingDays

@Suite("Columnar store, synthetic generator and the bundled sample")
struct StoreAndGeneratorTests {
    @Test func bundledSampleLoadsWithZeroRejectsAndFitsTheBudget() throws {
        let dataset = try Dataset.load(folder: sampleDatasetFolder)
        #expect(dataset.rejections.isEmpty, "\(rejectionLines(dataset).prefix(5))")
        #expect(dataset.cases.count == 15_000)
        #expect(DatasetFile.allCases.allSatisfy { dataset.isPresent($0) })
        #expect(Set(dataset.providers.contracts) == ["atw-ha", "atw-mhss"])
        #expect(Set(dataset.providers.divisions) == [.englandAndWales, .scotland, .northernIreland])
        #expect(dataset.cases.bytesPerCase <= 60)
        #expect(dataset.reports.outcome.contains(1) && dataset.reports.outcome.contains(255))  // rejections and awaited outcomes
        #expect(dataset.reports.attempt.contains(2) && dataset.cases.withdrawn.contains { $0 != Int32.min })
        #expect(dataset.complaints.aboutDWP.contains(1) && dataset.complaints.aboutDWP.contains(0))
    }

    @Test func fileOrdinalIsThePositionInAllCases() {
        #expect(DatasetFile.allCases.map(\.ordinal) == Array(0..<DatasetFile.allCases.count))
    }

    @Test func generatorIsDeterministicPerSeed() throws {
        let a = try _TestFolder(), b = try _TestFolder(), c = try _TestFolder()
        let configuration = SyntheticDatasetConfiguration(providers: 5, months: 14, cases: 2_500, seed: 42)
        try SyntheticDataset.write(configuration, to: a.path)
        try SyntheticDataset.write(configuration, to: b.path)
        var other = configuration
        other.seed = 43
        try SyntheticDataset.write(other, to: c.path)
        for file in DatasetFile.allCases {
            #expect(try a.bytes(file.fileName) == b.bytes(file.fileName), "\(file)")
        }
        #expect(try a.bytes("cases.csv") != c.bytes("cases.csv"))
        let dataset = try Dataset.load(folder: a.path)
        #expect(dataset.rejections.isEmpty && dataset.cases.count == 2_500)
    }

    @Test func theDocumentedCommandWritesTheBundledSampleAndOtherShapesDiffer() throws {
        // Datasets/README.md: kpi generate --providers 6 --months 31 --cases 15000 --seed 2026 --first-month 2024-04.
        let sine = try _TestFolder(), walk = try _TestFolder()
        var configuration = SyntheticDatasetConfiguration(providers: 6, months: 31, cases: 15_000, seed: 2026,
                                                           firstMonth: Month(year: 2024, month: 4))
        try SyntheticDataset.write(configuration, to: sine.path)
        for file in DatasetFile.allCases {
            let bundled = try Data(contentsOf: URL(fileURLWithPath: sampleDatasetFolder).appendingPathComponent(file.fileName))
            #expect(try sine.bytes(file.fileName) == [UInt8](bundled), "\(file)")
        }
        configuration.drift = .walk
        try SyntheticDataset.write(configuration, to: walk.path)
        #expect(try walk.bytes("providers.csv") == sine.bytes("providers.csv"))
        #expect(try walk.bytes("reports.csv") != sine.bytes("reports.csv"))
    }

    @Test func driftPathsFollowTheirShape() {
        // Sine: the profile's cycle and the 1-point August/December dip; walk: within −2.5…+2 points and moving
        // every month; shift: a held level that changes now and then, within −2.5…+1.5 points.
        for drift in [DriftShape.sine, .walk, .shift] {
            let configuration = SyntheticDatasetConfiguration(providers: 4, months: 36, cases: 0, seed: 9, drift: drift)
            let plan = _GenerationPlan(configuration)
            for profile in plan.profiles {
                let path = profile.drift
                #expect(path.count == 36)
                switch drift {
                case .sine:
                    let t = 4   // August 2024
                    let expected = profile.driftAmplitude * sin(2 * .pi * Double(t) / profile.driftPeriod + profile.driftPhase) - 0.01
                    #expect(abs(path[t] - expected) < 1e-12)
                case .walk:
                    #expect(path.allSatisfy { $0 >= -0.025 && $0 <= 0.02 })
                    #expect(zip(path, path.dropFirst()).allSatisfy { $0 != $1 })
                default:
                    #expect(path.allSatisfy { $0 >= -0.025 && $0 <= 0.015 })
                    let changes = zip(path, path.dropFirst()).filter { $0 != $1 }.count
                    #expect(changes < 20)
                }
            }
        }
    }

    @Test func storeRoundTripsEveryTableSummaryAndRejection() throws {
        let folder = try _TestFolder()
        var dataset = try Dataset.load(folder: sampleDatasetFolder)
        dataset.rejections.append(Rejection(file: .reports, line: 7, column: "decided", reason: "a reason\twith a tab"))
        try DatasetStore.write(dataset, to: folder.file("sample.store"))
        #expect(try DatasetStore.load(folder.file("sample.store")) == dataset)
    }

    @Test func damagedStoresAreRefusedWithTheReason() throws {
        let folder = try _TestFolder()
        let dataset = try Dataset.load(folder: sampleDatasetFolder)
        let path = folder.file("good.store")
        try DatasetStore.write(dataset, to: path)
        let good = try folder.bytes("good.store")
        func attempt(_ bytes: [UInt8]) -> String {
            do {
                try folder.write("bad.store", bytes)
                _ = try DatasetStore.load(folder.file("bad.store"))
                return "loaded"
            } catch let error as DatasetError { return error.reason } catch { return "\(error)" }
        }
        #expect(attempt(Array(good.prefix(good.count / 2))).hasPrefix("the store is truncated"))
        #expect(attempt(Array(good.prefix(10))) == "not a kpi store (it does not start with ATWSTORE)")
        #expect(attempt(Array("providers.csv".utf8)) == "not a kpi store (it does not start with ATWSTORE)")
        var flipped = good
        flipped[good.count - 100] ^= 0x40
        #expect(attempt(flipped).hasSuffix("is corrupt (checksum mismatch)"))
        var version = good
        version[8] = 9
        #expect(attempt(version) == "store format version 9 is not supported (this kpi reads version 1); run kpi ingest again")
        #expect(throws: DatasetError.self) { try DatasetStore.load(folder.file("missing.store")) }
    }

    @Test func storesWhoseTablesDoNotFitTogetherAreRefusedNamingTheTable() throws {
        let folder = try _TestFolder()
        let good = try Dataset.load(folder: sampleDatasetFolder)
        func attempt(_ damage: (inout Dataset) -> Void) -> String {
            var dataset = good
            damage(&dataset)
            do {
                try DatasetStore.write(dataset, to: folder.file("bad.store"))
                _ = try DatasetStore.load(folder.file("bad.store"))
                return "loaded"
            } catch { return error.reason }
        }
        #expect(attempt { _ in } == "loaded")
        #expect(attempt { $0.cases.apprentice.removeLast() } == "the store is inconsistent: cases.apprentice: 14999 values for 15000 rows")
        #expect(attempt { $0.cases.infoSource.codes.removeLast() } == "the store is inconsistent: cases.info_source: 14999 values for 15000 rows")
        #expect(attempt { $0.reports.decided.removeLast() } == "the store is inconsistent: reports.decided: 24678 values for 24679 rows")
        #expect(attempt { $0.reports.caseRow[0] = Int32($0.cases.count) } == "the store is inconsistent: reports.case, row 1: row 15000 is not a row of cases (15000 rows)")
        #expect(attempt { $0.complaints.aboutDWP.append(0) } == "the store is inconsistent: complaints.about_dwp: 177 values for 176 rows")
        #expect(attempt { $0.workforce.fteTotal.removeLast() } == "the store is inconsistent: workforce.fte_total: 29 values for 30 rows")
        #expect(attempt { $0.returns.kind[0] = 200 } == "the store is inconsistent: returns.return, row 1: code 200 is not one of monthly_mi, yearly_mi, mmir, customer_insight, social_value")
        // The edges of the whole-column checks: negative rows (-1 and the missing marker where a row is required)
        // are refused; a missing row where one is optional, the last row, the last code and a missing code load.
        #expect(attempt { $0.reports.caseRow[0] = -1 } == "the store is inconsistent: reports.case, row 1: row -1 is not a row of cases (15000 rows)")
        #expect(attempt { $0.reports.caseRow[0] = _missing32 } == "the store is inconsistent: reports.case, row 1: missing required value")
        #expect(attempt { $0.reports.caseRow[0] = Int32.max } == "the store is inconsistent: reports.case, row 1: row 2147483647 is not a row of cases (15000 rows)")
        #expect(attempt { $0.reports.caseRow[0] = Int32($0.cases.count - 1) } == "loaded")
        #expect(attempt { $0.complaints.caseRow[0] = _missing32 } == "loaded")
        #expect(attempt { $0.complaints.caseRow[0] = -2 } == "the store is inconsistent: complaints.case, row 1: row -2 is not a row of cases (15000 rows)")
        #expect(attempt { $0.reports.outcome[0] = 1 } == "loaded")
        #expect(attempt { $0.reports.outcome[0] = _missing8 } == "loaded")
        #expect(attempt { $0.reports.outcome[0] = 2 } == "the store is inconsistent: reports.outcome, row 1: code 2 is not one of accepted, rejected")
        // Every column is checked against its declared domain, dates and ranges too.
        #expect(attempt { $0.cases.withdrawn[0] = 99_999 } == "the store is inconsistent: cases.withdrawn, row 1: day number 99999 is outside 1995-01-01…2100-12-31")
        #expect(attempt { $0.cancellations.contactAttempts[0] = -1 } == "the store is inconsistent: cancellations.contact_attempts, row 1: contact_attempts must be 0-999999999, got -1")
        #expect(attempt { $0.workforce.fteTotal[0] = 2_000_000 } == "the store is inconsistent: workforce.fte_total, row 1: fte_total 2000000 is above 1000000")
        #expect(attempt { $0.returns.period[0] = 0 } == "the store is inconsistent: returns.period, row 1: month number 0 is outside the supported years")
        #expect(attempt { $0.reports.outcome[0] = 254 } == "the store is inconsistent: reports.outcome, row 1: code 254 is not one of accepted, rejected")
    }

    @Test func everyHeaderAndDirectoryByteChangedIsARefusalNotATrap() throws {
        // A store's header and directory hold sizes, counts and offsets read before anything else: each byte of
        // them raised by one, and set to 0xFF, is refused with a reason (a count beyond Int once trapped at load).
        let folder = try _TestFolder()
        try SyntheticDataset.write(SyntheticDatasetConfiguration(providers: 2, months: 3, cases: 40, seed: 3), to: folder.path)
        let store = folder.file("data.store")
        try DatasetStore.write(try Dataset.load(folder: folder.path), to: store)
        let original = try folder.bytes("data.store")
        let damaged = folder.file("damaged.store")
        var refused = 0, loaded = 0
        for offset in 0..<min(original.count, 4_096) {
            for change in [UInt8(1), 0xFF] {
                var bytes = original
                bytes[offset] = change == 1 ? bytes[offset] &+ 1 : 0xFF
                if bytes == original { continue }
                try Data(bytes).write(to: URL(fileURLWithPath: damaged))
                do { _ = try DatasetStore.load(damaged); loaded += 1 } catch { #expect(!error.reason.isEmpty); refused += 1 }
            }
        }
        #expect(refused > 0)
        // The header's count of 2^63 + 1 rows: the very case that trapped.
        var bytes = original
        let eight = UInt64(1) << 63 | 1
        if let at = (0..<(original.count - 8)).first(where: { i in (0..<8).allSatisfy { bytes[i + $0] == 0 } && i > 16 }) {
            withUnsafeBytes(of: eight.littleEndian) { for k in 0..<8 { bytes[at + k] = $0[k] } }
            try Data(bytes).write(to: URL(fileURLWithPath: damaged))
            #expect(throws: DatasetError.self) { try DatasetStore.load(damaged) }
        }
    }

    @Test func aStringColumnCountNoLengthCanHoldIsRefusedBeforeAnythingIsAllocated() throws {
        // Found by the store fuzzer: a strings column's directory count of 2^35 with checksums that match (a faulty
        // writer's store) made the reader reserve room for 2^35 strings, 1.2 TB: out of memory, not an error.
        let folder = try _TestFolder()
        try SyntheticDataset.write(SyntheticDatasetConfiguration(providers: 2, months: 3, cases: 40, seed: 3), to: folder.path)
        try DatasetStore.write(try Dataset.load(folder: folder.path), to: folder.file("data.store"))
        var bytes = try folder.bytes("data.store")
        let name = Array("ingest.summaries".utf8)
        let at = try #require((16..<(bytes.count - name.count)).first { Array(bytes[$0..<($0 + name.count)]) == name })
        let countAt = at + name.count + 1   // after the name and the element type
        withUnsafeBytes(of: (UInt64(1) << 35).littleEndian) { for k in 0..<8 { bytes[countAt + k] = $0[k] } }
        #expect(DatasetStore._reseal(&bytes))
        try folder.write("damaged.store", bytes)
        #expect(throws: DatasetError(path: folder.file("damaged.store"),
                                     reason: "column ingest.summaries is corrupt (34359738368 strings cannot fit in 199 bytes)")) {
            try DatasetStore.load(folder.file("damaged.store"))
        }
    }

    @Test func randomByteMutationsNeverCrashTheReader() throws {
        // Deterministic fuzz: mutate a small valid dataset many ways; every outcome is a clean error or a
        // dataset whose counts add up.
        let folder = try _TestFolder()
        try SyntheticDataset.write(SyntheticDatasetConfiguration(providers: 3, months: 4, cases: 120, seed: 5), to: folder.path)
        var original: [DatasetFile: [UInt8]] = [:]
        for file in DatasetFile.allCases { original[file] = try folder.bytes(file.fileName) }
        var rng = SeededGenerator(seed: 2026)
        let specials: [UInt8] = [0, 10, 13, 34, 44, 0xFF, 0xC3, 45, 48, 57]
        for _ in 0..<400 {
            var contents = original
            let file = DatasetFile.allCases.randomElement(using: &rng)!
            var bytes = contents[file]!
            for _ in 0..<Int.random(in: 1...8, using: &rng) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: bytes[at] = specials.randomElement(using: &rng)!
                case 1: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 2: bytes.remove(at: at)
                case 3: bytes.insert(specials.randomElement(using: &rng)!, at: at)
                default: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...200, using: &rng)))
                }
            }
            contents[file] = bytes
            do {
                let dataset = try Dataset._load(contents: contents, chunks: Int.random(in: 1...4, using: &rng))
                for summary in dataset.summaries {
                    #expect(summary.rowsRead == summary.rowsAccepted + dataset.rejections.filter { $0.file == summary.file }.count)
                }
            } catch {
                #expect(!error.reason.isEmpty)   // a clean, explained refusal
            }
        }
    }
}

@Suite("Fixed provider quality in the generator")
struct ProviderQualityTests {
    @Test func qualityTextReadsOffsetsAndTheirMonths() {
        let q = ProviderQuality("+0.5,2025-10:-3")
        #expect(q?.steps == [.init(from: nil, points: 0.5), .init(from: Month(year: 2025, month: 10), points: -3)])
        #expect(q?.points(in: Month(year: 2025, month: 9)) == 0.5)
        #expect(q?.points(in: Month(year: 2025, month: 10)) == -3)
        #expect(ProviderQuality("-3")?.points(in: Month(year: 2030, month: 1)) == -3)
    }

    @Test func malformedQualityIsRefused() {
        for text in ["", "x", "+0.5,2025-10", "+0.5,2025-13:-3", "60", "+1,2025-10:-3,2025-09:0", "+1,2025-10:-3,2025-10:0"] {
            #expect(ProviderQuality(text) == nil, "\(text)")
        }
    }

    @Test func aFixedQualityProviderMeetsItsRateOnLargeVolumes() throws {
        // One HA provider 2 points below target on every KPI, 30,000 cases over 12 months: HA-1's on-time share
        // is 97% within 0.3 points (3 standard errors at 30,000 items is 0.29).
        let folder = try _TestFolder()
        try SyntheticDataset.write(SyntheticDatasetConfiguration(providers: 1, months: 12, cases: 30_000, seed: 4,
                                                                 qualities: ["P001": ProviderQuality("-2")!]), to: folder.path)
        let dataset = try Dataset.load(folder: folder.path)
        let cases = dataset.cases
        var onTime = 0, measured = 0
        let calendar = WorkingDayCalendar.standard(.englandAndWales)
        for i in 0..<cases.count where cases.acknowledged[i] != Int32.min {
            let referral = Day(rawValue: cases.referralReceived[i])
            measured += 1
            if Day(rawValue: cases.acknowledged[i]) <= calendar.deadline(workingDays: 1, after: referral) { onTime += 1 }
        }
        #expect(abs(Double(onTime) / Double(measured) - 0.97) < 0.003, "\(onTime) of \(measured)")
    }
}

@Suite("Capacity-driven synthetic data")
struct CapacityDriftTests {
    @Test func theBacklogLowersTheRatesEightPointsPerCapacitysWorth() {
        // Capacity 110: referrals 100, 100, 160, 160, 100 leave backlogs 0, 0, 50, 100, 90.
        let deviation = _GenerationPlan.backlogDeviation(referrals: [100, 100, 160, 160, 100], capacity: 110)
        let expected = [0, 0, -0.08 * 50 / 110, -0.08 * 100 / 110, -0.08 * 90 / 110]
        #expect(zip(deviation, expected).allSatisfy { abs($0 - $1) < 1e-15 })
        // At most 12 points, however long the queue.
        #expect(_GenerationPlan.backlogDeviation(referrals: [500, 500], capacity: 100).last == -0.12)
    }

    @Test func reportsWaitInTheQueueTwentyOneWorkingDaysPerCapacitysWorth() {
        // The same months: backlogs 0, 0, 50, 100, 90; each month's wait is 21 working days times its mean
        // backlog (start and end) over the capacity.
        let wait = _GenerationPlan.queueWait(referrals: [100, 100, 160, 160, 100], capacity: 110)
        let expected: [Double] = [0, 0, 525.0 / 110, 1575.0 / 110, 1995.0 / 110]   // 21 × 25, 75, 95
        #expect(zip(wait, expected).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func surgesRaiseReferralsThirtyToEightyPercentForOneToThreeMonths() throws {
        let configuration = SyntheticDatasetConfiguration(providers: 4, months: 60, cases: 6_000, seed: 5, drift: .capacity)
        for stream in 0..<4 {
            let factors = _GenerationPlan.surges(configuration, stream: stream)
            #expect(factors == _GenerationPlan.surges(configuration, stream: stream))
            #expect(factors.allSatisfy { $0 == 1 || (1.3...1.8).contains($0) })
            // Runs of one size last 1 to 3 months (two runs may meet end to end).
            var run = 0
            for (i, f) in factors.enumerated() {
                run = f == 1 ? 0 : (i > 0 && factors[i - 1] == f ? run + 1 : 1)
                #expect(run <= 3)
            }
            #expect(factors.contains { $0 > 1 })
        }
        // The generated data load cleanly, and a surge month has more referrals than the provider's usual ones.
        let folder = try _TestFolder()
        _ = try SyntheticDataset.write(configuration, to: folder.path)
        let dataset = try Dataset.load(folder: folder.path)
        #expect(dataset.rejections.isEmpty && dataset.cases.count == 6_000)
        let factors = _GenerationPlan.surges(configuration, stream: 0)
        var byMonth = [Int](repeating: 0, count: 60)
        for r in 0..<dataset.cases.count where dataset.cases.provider[r] == 0 {
            byMonth[configuration.firstMonth.distance(to: Month(containing: Day(rawValue: dataset.cases.referralReceived[r])))] += 1
        }
        let surged = byMonth.indices.filter { factors[$0] > 1 }.map { Double(byMonth[$0]) / factors[$0] }
        let usual = byMonth.indices.filter { factors[$0] == 1 && ![8, 12].contains(configuration.firstMonth.advanced(by: $0).month) }
        let mean = Double(usual.map { byMonth[$0] }.reduce(0, +)) / Double(usual.count)
        // A surge month's referrals, divided by its factor, are about a usual month's (within 35% on ~25 cases).
        #expect(surged.allSatisfy { abs($0 - mean) <= 0.35 * mean })
    }
}
