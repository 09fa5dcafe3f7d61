/// Control limits of a funnel plot: how far a provider's rate may sit from the national rate by chance alone,
/// given how many items it measured, and by chance plus the spread real providers show.
///
/// Rule (after Spiegelhalter, *Handling over-dispersion of performance indicators*, 2005; additive random
/// effects on the proportion scale):
/// - around the pooled national rate θ, a provider measuring n items has the binomial standard error
///   s = √(θ(1−θ)/n) and limits θ ± z·s (z = 1.96 for 95%, 3.09 for 99.8%), clipped to 0…1;
/// - over-dispersion: each provider's z-score zᵢ = (yᵢ − θ)/sᵢ is Winsorised (the ⌊I/10⌋ lowest and highest
///   of the I providers are set to the next value in), φ = Σ zᵢ² / I over the Winsorised scores, and when
///   Iφ > I − 1 the between-provider variance is τ² = (Iφ − (I − 1)) / (Σwᵢ − Σwᵢ²/Σwᵢ) with wᵢ = 1/sᵢ²
///   (else τ² = 0, and the adjusted limits are the binomial ones); with fewer than
///   ``minimumProviders`` (5) providers there is no spread to estimate and τ² = 0;
/// - the adjusted limits are θ ± z·√(s² + τ²): wider by the same amount at every volume, so a large provider
///   is not flagged for a difference every provider shows.
///
/// Below the lower 99.8% limit is an *alarm*, below the 95% an *alert*; above the upper limits the provider
/// does better than chance (and the spread) explains. ``position(rate:volume:)`` uses the adjusted limits.
///
/// ```swift
/// let funnel = FunnelLimits(rate: 0.9)
/// funnel.limits(volume: 100, z: FunnelLimits.z95)   // (0.8412, 0.9588)
/// ```
public struct FunnelLimits: Sendable, Equatable {
    /// The centre line: the pooled national rate (0…1).
    public var rate: Double
    /// The between-provider variance τ² added to every provider's binomial variance (0: none).
    public var tau2: Double
    /// The dispersion ratio φ of the Winsorised z-scores (1 when computed from no providers).
    public var phi: Double
    /// Providers the dispersion was estimated from.
    public var providers: Int

    /// Fewer providers than this leave τ² at 0.
    public static let minimumProviders = 5

    /// z for two-sided 95% limits.
    public static let z95 = 1.959964
    /// z for two-sided 99.8% limits.
    public static let z998 = 3.090232

    /// Binomial limits only.
    public init(rate: Double) {
        self.rate = rate
        tau2 = 0
        phi = 1
        providers = 0
    }

    /// Limits around `rate` (the pooled rate of `units`), adjusted for the over-dispersion the units show.
    /// Units with no measured items are left out.
    public init(rate: Double, units: [(met: Int64, measured: Int64)]) {
        self.init(rate: rate)
        let spread = rate * (1 - rate)
        let kept = units.filter { $0.measured > 0 }
        providers = kept.count
        guard spread > 0, !kept.isEmpty else { return }
        let variances = kept.map { spread / Double($0.measured) }
        var z = zip(kept, variances).map { (Double($0.met) / Double($0.measured) - rate) / $1.squareRoot() }
        let count = z.count
        let trimmed = count / 10
        if trimmed > 0 {
            let sorted = z.sorted()
            let low = sorted[trimmed], high = sorted[count - 1 - trimmed]
            z = z.map { min(high, max(low, $0)) }
        }
        phi = z.reduce(0) { $0 + $1 * $1 } / Double(count)
        let weights = variances.map { 1 / $0 }
        let sumW = weights.reduce(0, +), sumW2 = weights.reduce(0) { $0 + $1 * $1 }
        let excess = Double(count) * phi - Double(count - 1)
        if count >= Self.minimumProviders, excess > 0, sumW - sumW2 / sumW > 0 { tau2 = excess / (sumW - sumW2 / sumW) }
    }

    /// The binomial limits for a provider measuring `volume` items (the whole 0…1 for no volume).
    public func limits(volume: Double, z: Double) -> (lower: Double, upper: Double) {
        limits(volume: volume, z: z, betweenProviders: 0)
    }

    /// The limits adjusted for over-dispersion (the binomial ones when τ² = 0).
    public func adjustedLimits(volume: Double, z: Double) -> (lower: Double, upper: Double) {
        limits(volume: volume, z: z, betweenProviders: tau2)
    }

    /// θ ± z·√(θ(1−θ)/n + the between-provider variance), clipped to 0…1.
    func limits(volume: Double, z: Double, betweenProviders: Double) -> (lower: Double, upper: Double) {
        guard volume > 0 else { return (0, 1) }
        let spread = z * (rate * (1 - rate) / volume + betweenProviders).squareRoot()
        return (max(0, rate - spread), min(1, rate + spread))
    }

    /// Where a rate sits against the adjusted limits: below the 99.8% or 95% lower limit, within both, or
    /// above the upper ones.
    public func position(rate r: Double, volume: Double) -> FunnelPosition {
        let outer = adjustedLimits(volume: volume, z: Self.z998), inner = adjustedLimits(volume: volume, z: Self.z95)
        if r < outer.lower { return .alarm }
        if r < inner.lower { return .alert }
        if r > outer.upper { return .aboveOuter }
        if r > inner.upper { return .aboveInner }
        return .within
    }
}

/// Where a provider's rate falls in a funnel plot.
public enum FunnelPosition: String, Sendable, Equatable {
    /// Below the lower 99.8% limit.
    case alarm
    /// Below the lower 95% limit (within 99.8%).
    case alert
    case within
    /// Above the upper 95% limit (within 99.8%).
    case aboveInner = "above 95%"
    /// Above the upper 99.8% limit.
    case aboveOuter = "above 99.8%"
}
