import Foundation

/// SplitMix64: the same seed gives the same numbers on every run and platform.
///
/// Rule: the state advances by 0x9E3779B97F4A7C15 per draw and each draw is that state mixed by SplitMix64's
/// finaliser. CaseData's public `SeededGenerator` is this generator; ``_Random`` draws from it.
package struct _SplitMix64: Sendable {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    @inline(__always)
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// ``_SplitMix64`` with independent streams: the synthetic generator's and `kpi sample`'s only source of
/// randomness.
package struct _Random: Sendable {
    private var source: _SplitMix64

    package init(seed: UInt64, stream: UInt64) {
        source = _SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 ^ stream &* 0xD1B5_4A32_D192_ED03)
        _ = next()
    }

    @inline(__always)
    package mutating func next() -> UInt64 { source.next() }

    /// Uniform in [0, 1).
    package mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
    package mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }
    package mutating func chance(_ p: Double) -> Bool { unit() < p }
    /// Standard normal (Box–Muller, one of the pair).
    package mutating func normal() -> Double { (-2 * log(1 - unit())).squareRoot() * cos(2 * .pi * unit()) }
    /// Uniform in 0..<n (n ≥ 1).
    package mutating func int(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    /// An index drawn with the given weights.
    package mutating func pick(_ weights: [Double]) -> Int {
        var x = unit() * weights.reduce(0, +)
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }
}
