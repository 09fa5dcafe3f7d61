import _ATWUtilities

/// A deterministic random number generator (SplitMix64): the same seed gives the same numbers on every run
/// and platform.
///
/// Rule: the state advances by 0x9E3779B97F4A7C15 per draw and each draw is that state mixed by SplitMix64's
/// finaliser. The synthetic dataset and `kpi sample` draw from it (``SyntheticDataset``,
/// ``Dataset/sample(_:size:seed:)``), and so can tests and benchmarks that need inputs to repeat exactly.
///
/// ```swift
/// var rng = SeededGenerator(seed: 42)
/// Int.random(in: 0..<10, using: &rng)   // the same value on every run
/// ```
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var source: _SplitMix64

    public init(seed: UInt64) { source = _SplitMix64(seed: seed) }

    @inline(__always)
    public mutating func next() -> UInt64 { source.next() }
}
