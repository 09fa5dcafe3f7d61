import AccessToWork
import Benchmark
import BenchmarkSupport
import Foundation

/// Fixed-seed receipts across the supported range, and a check of the table against day-by-day counting
/// so the benchmark proves it measured correct work.
struct DeadlineWorkload {
    let receipts: [Day]
    let offsets: [Int]

    init(count: Int, seed: UInt64) {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let first = WorkingDayCalendar.supportedRange.lowerBound.rawValue
        let span = UInt64(WorkingDayCalendar.supportedRange.upperBound.rawValue - first + 1)
        var receipts: [Day] = [], offsets: [Int] = []
        receipts.reserveCapacity(count)
        offsets.reserveCapacity(count)
        for _ in 0..<count {
            receipts.append(Day(rawValue: first + Int32(next() % span)))
            offsets.append([1, 2, 5, 8, 10, 12][Int(next() % 6)])
        }
        self.receipts = receipts
        self.offsets = offsets
    }

    /// Verifies the first `sample` deadlines by walking the calendar one day at a time.
    func verify(_ calendar: WorkingDayCalendar, sample: Int) {
        for i in 0..<min(sample, receipts.count) {
            var day = receipts[i]
            while !calendar.isWorkingDay(day) { day = day.advanced(by: 1) }
            var counted = 0
            while counted < offsets[i] {
                day = day.advanced(by: 1)
                if calendar.isWorkingDay(day) { counted += 1 }
            }
            guard calendar.deadline(workingDays: offsets[i], after: receipts[i]) == day else {
                fatalError("deadline mismatch for \(receipts[i]) + \(offsets[i])")
            }
        }
    }
}


let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = standardConfiguration(maxDuration: (2, 10), maxIterations: (3, 20), extraMetrics: [.throughput])

    let workload = DeadlineWorkload(count: 10_000_000, seed: 20_260_402)
    let calendar = WorkingDayCalendar.standard(.englandAndWales)
    workload.verify(calendar, sample: 10_000)

    // 10 million "N working days after receipt" deadlines (day-0 rule) from the precomputed table.
    Benchmark("calendar-deadlines-10M") { benchmark in
        var checksum: Int64 = 0
        benchmark.startMeasurement()
        for i in workload.receipts.indices {
            checksum &+= Int64(calendar.deadline(workingDays: workload.offsets[i], after: workload.receipts[i]).rawValue)
        }
        benchmark.stopMeasurement()
        blackHole(checksum)
    }

    // Building the three division tables (done once per process; 1995-2102).
    Benchmark("calendar-build-all-divisions") { benchmark in
        for division in Division.allCases { blackHole(WorkingDayCalendar(division: division)) }
    }
}
