import WorkingDays

/// Which control chart puts limits around a KPI's monthly rates.
///
/// Rule (the centre and σ come from the segment's baseline points; limits are centre ± 3σ, clipped to 0…1):
/// - `laney` (the default): Laney's p′ chart. Centre p̄ = Σ met / Σ measured over the baseline; each point's
///   σᵢ = √(p̄(1−p̄)/nᵢ) · σ_z, where σ_z is the mean moving range of the baseline's z-scores
///   zⱼ = (pⱼ − p̄)/√(p̄(1−p̄)/nⱼ) divided by 1.128, and never below 1. It is a p-chart whose limits widen
///   when the months vary more than binomial chance explains (the common case at national volumes, where a
///   plain p-chart flags almost every month) and are never narrower than the p-chart's.
/// - `p`: the p-chart, σᵢ = √(p̄(1−p̄)/nᵢ): the binomial limits, exact for independent items.
/// - `xmr`: an XmR (individuals) chart on the rates, as Making Data Count draws every measure: centre the
///   mean of the baseline rates, σ = mean moving range / 1.128, the same for every month whatever its volume.
///
/// Example: baseline rates 90%, 92%, 94% on 100 items each: p̄ = 0.92, the p-chart's σ = 0.0271 (limits
/// 83.86%…100%); XmR's σ = 2 / 1.128 = 1.77 points (limits 86.68%…97.32%).
public enum ControlChartKind: String, Sendable, CaseIterable, Equatable {
    case laney, p, xmr
}

/// What decides the limits and the special-cause rules of a chart.
///
/// Rule: each segment (the whole series, or from each rebase month on) takes its centre and σ from its first
/// ``baselinePoints`` points (all of them when it has fewer); runs and trends never reach across a rebase.
///
/// ```swift
/// var options = SPCOptions()
/// options.rebases = [Month("2025-10")!]   // a known change of process in October 2025
/// ```
public struct SPCOptions: Sendable, Equatable {
    public var chart: ControlChartKind
    /// Points of each segment its limits are computed from (default 12).
    public var baselinePoints: Int
    /// Months from which the centre and limits are recalculated (sorted or not).
    public var rebases: [Month]
    /// Consecutive points on one side of the centre that make a shift (default 7).
    public var runLength: Int
    /// Consecutive points each above (or each below) the one before that make a trend (default 7).
    public var trendLength: Int

    public init(chart: ControlChartKind = .laney, baselinePoints: Int = 12, rebases: [Month] = [],
                runLength: Int = 7, trendLength: Int = 7) {
        self.chart = chart
        self.baselinePoints = baselinePoints
        self.rebases = rebases
        self.runLength = runLength
        self.trendLength = trendLength
    }
}

/// A special-cause rule of Making Data Count.
///
/// Rule: a point is flagged by
/// - `trend`: it is one of ``SPCOptions/trendLength`` (7) or more consecutive points each strictly above the
///   one before (rising) or each strictly below it (falling); an equal value ends the trend;
/// - `shift`: it is one of ``SPCOptions/runLength`` (7) or more consecutive points strictly on one side of the
///   centre; a point on the centre ends the run;
/// - `two_of_three`: it is beyond 2σ from the centre and, within three consecutive points, another point is
///   beyond 2σ on the same side (points beyond 2σ on opposite sides do not combine);
/// - `outside_limits`: it is above the upper or below the lower limit.
/// When several rules flag a point it is named by the first in that order (Making Data Count's precedence),
/// and its ``Variation`` follows that rule's direction.
public enum SpecialCauseRule: String, Sendable, CaseIterable, Equatable {
    case trend
    case shift
    case twoOfThree = "two_of_three"
    case outsideLimits = "outside_limits"
}

/// Whether a month's rate moves as the process always has, or signals a change for the better or worse.
///
/// Rule: `common_cause` unless a ``SpecialCauseRule`` flags the point; then `improvement` when the rule's
/// direction (the side of the centre, or the trend's) is the KPI's good direction (up for every shipped KPI),
/// else `concern`.
public enum Variation: String, Sendable, CaseIterable, Equatable {
    case commonCause = "common_cause"
    case improvement
    case concern
}

/// Whether the process, as its limits describe it, can be relied on to meet the target.
///
/// Rule (for a KPI where higher is better): `pass` when the lower limit is at or above the target (the limits
/// sit wholly on its good side: the target is met consistently), `fail` when the upper limit is below the
/// target (it will not be met without a change), `hit_and_miss` otherwise. Mirrored for lower-is-better KPIs.
///
/// Example: limits 94.1%…99.3% against a 96% target are `hit_and_miss`; 96.2%…99.8% are `pass`.
public enum TargetAssurance: String, Sendable, CaseIterable, Equatable {
    case pass
    case fail
    case hitAndMiss = "hit_and_miss"
}
