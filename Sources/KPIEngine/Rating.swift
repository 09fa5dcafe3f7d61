import _ATWUtilities

/// A rating of a window's rate: a Cabinet Office tier or a RAG status.
public enum Rating: Sendable, Hashable, CustomStringConvertible {
    /// 4 Good, 3 Near Target, 2 Needs Improvement, 1 Inadequate.
    case tier(Int)
    case green, amber, red

    /// As written in the report: the tier number, `G`, `A` or `R`.
    public var description: String {
        switch self {
        case .tier(let n): String(n)
        case .green: "G"
        case .amber: "A"
        case .red: "R"
        }
    }

    /// The name of Cabinet Office tier `n`: 4 `Good`, 3 `Near Target`, 2 `Needs Improvement`, 1 `Inadequate`.
    public static func tierName(_ n: Int) -> String {
        ["Inadequate", "Needs Improvement", "Near Target", "Good"][min(max(n, 1), 4) - 1]
    }

    /// The rating as tables, workbooks and the pack show it: `T3 Near Target` (tier number and the guidance's
    /// name), `Green`, `Amber`, `Red`. CSV and JSON keep ``description`` (`3`, `A`), the report format's code.
    public var label: String {
        switch self {
        case .tier(let n): "T\(n) \(Rating.tierName(n))"
        case .green: "Green"
        case .amber: "Amber"
        case .red: "Red"
        }
    }

    /// Whether the rating is the worst on its scale (tier 1 or Red).
    public var isLowest: Bool { self == .tier(1) || self == .red }
}

/// Exact comparisons of a pooled rate against a percentage.
///
/// Rule: a rate met/measured is at least p% exactly when `met × 10000 ≥ p_bp × measured` (integers, no
/// rounding). Target met: rate ≥ target. Tiers: inclusive lower bounds. RAG: Green ≥ G, else Red ≤ R, else
/// Amber. A window with nothing measured has no rate, no target result and no rating.
///
/// ```swift
/// RateComparison(met: 187, measured: 200).isAtLeast(BasisPoints(9350))   // true: 93.5% exactly
/// ```
public struct RateComparison: Sendable, Equatable {
    public var met: Int64
    public var measured: Int64

    public init(met: Int64, measured: Int64) {
        self.met = met
        self.measured = measured
    }

    /// rate ≥ p, exactly.
    public func isAtLeast(_ p: BasisPoints) -> Bool { met * 10_000 >= Int64(p.rawValue) * measured }
    /// rate ≤ p, exactly.
    public func isAtMost(_ p: BasisPoints) -> Bool { met * 10_000 <= Int64(p.rawValue) * measured }

    /// Whether the target is met; `nil` when nothing was measured.
    public func targetMet(_ target: BasisPoints) -> Bool? {
        measured > 0 ? isAtLeast(target) : nil
    }

    /// The rating on `bands`; `nil` when nothing was measured or the KPI has no rating.
    public func rating(_ bands: RatingBands) -> Rating? {
        guard measured > 0 else { return nil }
        switch bands {
        case .none: return nil
        case .cabinetOffice(let good, let nearTarget, let needsImprovement):
            if isAtLeast(good) { return .tier(4) }
            if isAtLeast(nearTarget) { return .tier(3) }
            if isAtLeast(needsImprovement) { return .tier(2) }
            return .tier(1)
        case .rag(let green, let red):
            if isAtLeast(green) { return .green }
            if isAtMost(red) { return .red }
            return .amber
        }
    }

    /// The rate in ten-thousandths of a percent, rounded half up exactly (93.5% → 935000); `nil` when
    /// nothing was measured.
    public var scaledPercent: Int64? {
        guard measured > 0 else { return nil }
        return (met * 2_000_000 + measured) / (2 * measured)
    }

    /// The rate as a percentage with 4 decimals, rounded half up exactly (`"93.5000"`); `nil` when nothing
    /// was measured.
    public var percentText: String? {
        scaledPercent.map { _fixedPoint($0, places: 4) }
    }

    /// The rate as a percentage with `places` decimals (0 to 4), rounded half up exactly from the counts (not
    /// from ``percentText``): what tables and reasons show (`"93.5"` at 1 for 187 of 200); `nil` when nothing
    /// was measured.
    public func percentText(places: Int) -> String? {
        guard measured > 0 else { return nil }
        precondition((0...4).contains(places), "places 0...4")
        var scale: Int64 = 100
        for _ in 0..<places { scale *= 10 }
        return _fixedPoint((met * 2 * scale + measured) / (2 * measured), places: places)
    }
}
