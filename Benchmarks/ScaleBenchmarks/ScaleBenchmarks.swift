import AccessToWork
import Benchmark
import BenchmarkSupport
import Foundation

// National scale (issue 7): 10,000,000 cases from `kpi generate` (40 providers, 36 months, seed 1), or
// ATW_SCALE_CASES of them; 200,000 with BENCHMARK_SHORT=1 (CI). CSV ingest, store load, full recompute, the
// window product, the forecast of every series, and the live evaluation's three updates: (a) a new month
// appended, (b) late data for 1,000 items, (c) the next day within the month. Every update is checked against
// a full recompute of the same data, and each benchmark checks its own result.

let caseCount = short ? 200_000 : Int(ProcessInfo.processInfo.environment["ATW_SCALE_CASES"] ?? "") ?? 10_000_000
let configuration = SyntheticDatasetConfiguration(providers: 40, months: 36, cases: caseCount, seed: 1)
// The same folder and store as the other benchmark targets for the same size.
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atw-bench-\(caseCount)-\(configuration.drift)").path
let storePath = folder + ".store"
let label = "\(caseCount / 1000)k"
let catalog = try! ContractCatalog.builtIn

/// Generates the folder and store when missing.
func prepareData() {
    do {
        if !FileManager.default.fileExists(atPath: storePath) || !FileManager.default.fileExists(atPath: folder) {
            try? FileManager.default.removeItem(atPath: folder)
            try SyntheticDataset.write(configuration, to: folder)
            try DatasetStore.write(try Dataset.load(folder: folder, rules: .builtIn), to: storePath)
        }
    } catch {
        fatalError("benchmark set-up failed: \(error)")
    }
}

/// The full evaluation of the whole store as of its latest day, and the windows.
func fullRecompute(_ dataset: Dataset, asOf: Day) -> (KPIEvaluation, WindowCounts) {
    let evaluation = KPIEvaluation(dataset: dataset, catalog: catalog, asOf: asOf)
    return (evaluation, WindowCounts(evaluation))
}

/// Fails the run when live counts differ from a full recompute of the same data as of the same day.
func checkAgainstFullRecompute(_ live: LiveEvaluation, _ what: String) {
    let full = KPIEvaluation(dataset: live.dataset, catalog: catalog, asOf: live.asOf)
    guard live.evaluation.counts == full.counts else { fatalError("\(what): live counts differ from a full recompute") }
}

/// `count` seeded corrections of existing items near `day`: acknowledgements, first contacts, withdrawals,
/// report decisions and PRaP dates.
func lateData(_ dataset: Dataset, near day: Day, count: Int) -> [DataCorrection] {
    var rng = SeededGenerator(seed: 99)
    return (0..<count).map { i in
        let c = Int(rng.next() % UInt64(dataset.cases.count)), r = Int(rng.next() % UInt64(dataset.reports.count))
        let shifted = day.advanced(by: -Int(rng.next() % 30))
        switch i % 5 {
        case 0: return .caseDate(caseRow: c, field: .acknowledged, day: shifted)
        case 1: return .caseDate(caseRow: c, field: .initialContact, day: shifted)
        case 2: return .caseWithdrawn(caseRow: c, day: shifted)
        case 3: return .reportDecision(reportRow: r, accepted: i % 2 == 0, decided: shifted)
        default: return .reportRecordedOnPRaP(reportRow: r, day: shifted)
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = standardConfiguration(maxIterations: (5, 10))
    prepareData()

    Benchmark("scale-csv-ingest-\(label)", configuration: .init(warmupIterations: 0, maxIterations: 2)) { benchmark in
        for _ in benchmark.scaledIterations {
            let dataset = try Dataset.load(folder: folder, rules: .builtIn)
            guard dataset.cases.count == caseCount, dataset.rejections.isEmpty else { fatalError("ingest lost rows") }
            blackHole(dataset)
        }
    }

    Benchmark("scale-store-load-\(label)") { benchmark in
        for _ in benchmark.scaledIterations {
            let dataset = try DatasetStore.load(storePath)
            guard dataset.cases.count == caseCount else { fatalError("store lost rows") }
            blackHole(dataset)
        }
    }

    Benchmark("scale-full-recompute-\(label)", closure: { benchmark, state in
        for _ in benchmark.scaledIterations {
            let (evaluation, windows) = fullRecompute(state.dataset, asOf: state.asOf)
            guard evaluation.counts == state.reference else { fatalError("counts changed") }
            blackHole(windows)
        }
    }, setup: { () -> (dataset: Dataset, asOf: Day, reference: MonthCounts) in
        let dataset = try DatasetStore.load(storePath)
        let asOf = dataset.latestRecordedDay!
        return (dataset, asOf, fullRecompute(dataset, asOf: asOf).0.counts)
    })

    Benchmark("scale-window-product-\(label)", closure: { benchmark, evaluation in
        for _ in benchmark.scaledIterations { blackHole(WindowCounts(evaluation)) }
    }, setup: { () -> KPIEvaluation in
        let dataset = try DatasetStore.load(storePath)
        return KPIEvaluation(dataset: dataset, catalog: catalog, asOf: dataset.latestRecordedDay!)
    })

    Benchmark("scale-forecast-all-series-\(label)", closure: { benchmark, state in
        for _ in benchmark.scaledIterations {
            let forecast = try! RiskForecast(state.0)
            guard forecast.rows == state.1.rows, !forecast.rows.isEmpty else { fatalError("forecast changed") }
            blackHole(forecast)
        }
    }, setup: { () -> (KPIEvaluation, RiskForecast) in
        let dataset = try DatasetStore.load(storePath)
        let evaluation = KPIEvaluation(dataset: dataset, catalog: catalog, asOf: dataset.latestRecordedDay!,
                                       collectingPipeline: true)
        return (evaluation, try RiskForecast(evaluation))
    })

    // (a) The last month's extract appended to the dataset as it stood at the end of the month before, as of
    // the last month's last day; then the windows. Each iteration starts from a fresh live evaluation of the
    // month before, made after the measured part.
    Benchmark("scale-live-new-month-\(label)", configuration: .init(warmupIterations: 0, maxIterations: short ? 3 : 4),
              closure: { (benchmark, state: LiveState) in
        let last = configuration.lastMonth
        try! state.live.append(state.addition, asOf: last.lastDay)
        let windows = WindowCounts(state.live.evaluation)
        benchmark.stopMeasurement()
        blackHole(windows)
        if !state.checked { checkAgainstFullRecompute(state.live, "new month"); state.checked = true }
        // The month is split off in place (the dataset held once), so no second copy counts in the peak.
        var full = state.live.dataset
        state.live = LiveEvaluation(dataset: Dataset(), catalog: catalog, asOf: last.firstDay)   // frees the old one
        state.addition = full.splitOff(from: last.firstDay)
        state.live = LiveEvaluation(dataset: full, catalog: catalog, asOf: last.firstDay.advanced(by: -1))
    }, setup: {
        let last = configuration.lastMonth
        var dataset = try DatasetStore.load(storePath)
        let addition = dataset.splitOff(from: last.firstDay)
        return LiveState(LiveEvaluation(dataset: dataset, catalog: catalog, asOf: last.firstDay.advanced(by: -1)), addition)
    })

    // (b) Late data for 1,000 existing items (the same 1,000 corrections each time), then the windows.
    Benchmark("scale-live-late-data-1000-\(label)", closure: { (benchmark, state: LiveState) in
        for _ in benchmark.scaledIterations {
            try! state.live.correct(state.corrections)
            blackHole(WindowCounts(state.live.evaluation))
        }
    }, setup: { try lateDataState() })

    // The same without the windows: the update of the counts alone.
    Benchmark("scale-live-late-data-1000-counts-only-\(label)", closure: { (benchmark, state: LiveState) in
        for _ in benchmark.scaledIterations { try! state.live.correct(state.corrections) }
    }, setup: { try lateDataState() })

    // (c) The next day within the last month, one day further each iteration, then the windows.
    Benchmark("scale-live-next-day-\(label)", configuration: .init(maxIterations: 20), closure: { (benchmark, state: LiveState) in
        let next = state.live.asOf.advanced(by: 1)
        guard Month(containing: next) == configuration.lastMonth else { return }
        state.live.advance(to: next)
        blackHole(WindowCounts(state.live.evaluation))
        if next == configuration.lastMonth.lastDay { checkAgainstFullRecompute(state.live, "next day") }
    }, setup: {
        let dataset = try DatasetStore.load(storePath)
        return LiveState(LiveEvaluation(dataset: dataset, catalog: catalog, asOf: configuration.lastMonth.firstDay.advanced(by: 1)),
                         DatasetAddition())
    })
}

/// A live evaluation the benchmark closures update in place.
final class LiveState: @unchecked Sendable {
    var live: LiveEvaluation
    var addition: DatasetAddition
    var corrections: [DataCorrection] = []
    var checked = false

    init(_ live: LiveEvaluation, _ addition: DatasetAddition) {
        self.live = live
        self.addition = addition
    }
}

/// The store as of its latest day, with 1,000 corrections applied once and checked against a full recompute.
func lateDataState() throws -> LiveState {
    let dataset = try DatasetStore.load(storePath)
    let asOf = dataset.latestRecordedDay!
    let state = LiveState(LiveEvaluation(dataset: dataset, catalog: catalog, asOf: asOf), DatasetAddition())
    state.corrections = lateData(dataset, near: asOf, count: 1_000)
    try state.live.correct(state.corrections)
    checkAgainstFullRecompute(state.live, "late data")
    return state
}
