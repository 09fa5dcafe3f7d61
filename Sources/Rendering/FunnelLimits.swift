/// Control limits of a funnel plot: how far a provider's rate may sit from the national rate by chance alone,
/// given how many items it measured.
///
/// Rule: around the pooled national rate p, a provider measuring n items has limits
/// `p ± z·√(p(1−p)/n)` (the normal approximation to the binomial), clipped to 0…1; z = 1.96 for the 95%
/// limits and z = 3.09 for the 99.8% limits. A rate below the lower 99.8% limit is an *alarm* (one chance in
/// a thousand if the provider performed like the nation), below the lower 95% limit an *alert*; above the
/// upper limits the provider is doing better than chance explains.
///
/// ```swift
/// let funnel = FunnelLimits(rate: 0.9)
/// funnel.limits(volume: 100, z: FunnelLimits.z95)   // (0.8412, 0.9588)
/// ```
public struct FunnelLimits: Sendable, Equatable {
    /// The centre line: the pooled national rate (0…1).
    public var rate: Double

    /// z for two-sided 95% limits.
    public static let z95 = 1.959964
    /// z for two-sided 99.8% limits.
    public static let z998 = 3.090232

    public init(rate: Double) { self.rate = rate }

    /// The lower and upper limits for a provider measuring `volume` items (the whole 0…1 for no volume).
    public func limits(volume: Double, z: Double) -> (lower: Double, upper: Double) {
        guard volume > 0 else { return (0, 1) }
        let spread = z * (rate * (1 - rate) / volume).squareRoot()
        return (max(0, rate - spread), min(1, rate + spread))
    }

    /// Where a rate sits: below the 99.8% or 95% lower limit, within both, or above the upper ones.
    public func position(rate r: Double, volume: Double) -> FunnelPosition {
        let outer = limits(volume: volume, z: Self.z998), inner = limits(volume: volume, z: Self.z95)
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
