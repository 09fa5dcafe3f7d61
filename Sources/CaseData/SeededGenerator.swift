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
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
