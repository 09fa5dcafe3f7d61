import Benchmark
import Foundation

// What every benchmark target shares: the short-run switch and the configuration CI checks. (Seeded inputs
// use the library's `SeededGenerator`.)

/// Whether `BENCHMARK_SHORT` is set: the few-iteration run (200,000 cases) that CI checks against Thresholds/.
public let short = ProcessInfo.processInfo.environment["BENCHMARK_SHORT"] != nil

/// The configuration a benchmark target starts from: wall clock, CPU, allocations and peak memory (plus
/// `extraMetrics`), in milliseconds, one warm-up, and the CI rule.
///
/// Rule (CI, short mode): a benchmark whose allocations are a quarter above its stored figure in Thresholds/, or
/// whose p90 wall clock is three times it (stored for benchmarks of 5 ms and more: a sanity check loose enough
/// never to fail on this machine's noise; the instruction-count gate is the tight one), fails the run; better
/// figures pass with a note.
public func standardConfiguration(
    maxDuration: (short: Int, full: Int) = (3, 20), maxIterations: (short: Int, full: Int),
    extraMetrics: [BenchmarkMetric] = []
) -> Benchmark.Configuration {
    .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident] + extraMetrics,
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(short ? maxDuration.short : maxDuration.full),
        maxIterations: short ? maxIterations.short : maxIterations.full,
        thresholds: [.wallClock: .init(relative: [.p90: 200]), .mallocCountTotal: .init(relative: [.p90: 25])]
    )
}
