import Benchmark
import Foundation

// What every benchmark target shares: the short-run switch, the configuration CI checks, a seeded generator.

/// Whether `BENCHMARK_SHORT` is set: the few-iteration run (200,000 cases) that CI checks against Thresholds/.
public let short = ProcessInfo.processInfo.environment["BENCHMARK_SHORT"] != nil

/// The configuration a benchmark target starts from: wall clock, CPU, allocations and peak memory (plus
/// `extraMetrics`), in milliseconds, one warm-up, and the CI rule.
///
/// Rule (CI, short mode): a benchmark whose p90 is twice its stored figure in Thresholds/ (wall clock is stored
/// only for benchmarks of 150 ms and more), or whose allocations are a quarter above it, fails the run; better
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
        thresholds: [.wallClock: .init(relative: [.p90: 100]), .mallocCountTotal: .init(relative: [.p90: 25])]
    )
}

/// SplitMix64, so randomly chosen inputs repeat exactly from run to run.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
