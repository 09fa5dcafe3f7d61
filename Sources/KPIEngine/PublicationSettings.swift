/// What a contract publishes: its Cabinet Office KPIs and its Procurement Act notice.
///
/// Rule (the DocC article "Publications"): `cabinet_office.top_kpis` are the KPIs whose monthly figures and
/// tiers go to the Cabinet Office each quarter, `cabinet_office.social_value` the social value KPIs reported
/// for the quarter; `notice.kpis` are the KPIs a contract performance notice rates (all of the contract's
/// KPIs when not given) and `notice.minimum_items` the fewest items a period needs for a rating other than
/// Other (30 when not given).
///
/// ```json
/// "cabinet_office": { "top_kpis": ["HA-2", "HA-3", "HA-4"], "social_value": ["HA-6"] },
/// "notice": { "kpis": ["HA-2", "HA-3", "HA-4", "HA-6"], "minimum_items": 30 }
/// ```
public struct PublicationSettings: Sendable, Equatable {
    /// KPI ids reported monthly to the Cabinet Office (empty: the contract makes no Cabinet Office return).
    public var cabinetOfficeKPIs: [String]
    /// KPI ids reported for the quarter as social value.
    public var socialValueKPIs: [String]
    /// KPI ids a contract performance notice rates; `nil` for every KPI of the contract.
    public var noticeKPIs: [String]?
    /// The fewest items (FTE for a share KPI) a notice period needs for a rating other than Other.
    public var noticeMinimumItems: Int

    /// The default when a definition says nothing: no Cabinet Office return, a notice of every KPI, 30 items.
    public static let defaultMinimumItems = 30

    public init(cabinetOfficeKPIs: [String] = [], socialValueKPIs: [String] = [], noticeKPIs: [String]? = nil,
                noticeMinimumItems: Int = PublicationSettings.defaultMinimumItems) {
        self.cabinetOfficeKPIs = cabinetOfficeKPIs
        self.socialValueKPIs = socialValueKPIs
        self.noticeKPIs = noticeKPIs
        self.noticeMinimumItems = noticeMinimumItems
    }
}

/// A rating in a Procurement Act 2023 contract performance notice (s.52, s.71).
public enum NoticeRating: String, Sendable, CaseIterable, CustomStringConvertible {
    case good = "good"
    case approachingTarget = "approaching_target"
    case requiresImprovement = "requires_improvement"
    case inadequate = "inadequate"
    case other = "other"

    /// As the notice writes it: `Good`, `Approaching target`, `Requires improvement`, `Inadequate`, `Other`.
    public var description: String {
        switch self {
        case .good: "Good"
        case .approachingTarget: "Approaching target"
        case .requiresImprovement: "Requires improvement"
        case .inadequate: "Inadequate"
        case .other: "Other"
        }
    }

    /// The default notice rating of a band key of a KPI's `notice` block (`"4"`, `"G"`, `"met"`, …).
    static func standardRating(_ key: String) -> NoticeRating {
        switch key {
        case "4", "G", "met": .good
        case "3", "A": .approachingTarget
        case "2", "R", "missed": .requiresImprovement
        default: .inadequate
        }
    }

    /// Worst first: Inadequate, Requires improvement, Approaching target, Good (Other is not ordered).
    public var severity: Int {
        switch self {
        case .inadequate: 0
        case .requiresImprovement: 1
        case .approachingTarget: 2
        case .good: 3
        case .other: 4
        }
    }
}

/// How one KPI's rating becomes a notice rating.
///
/// Rule: each tier (4…1) or RAG status (G, A, R) maps to a notice rating; a rate below `inadequateBelow`
/// is Inadequate whatever its band says; a KPI with neither tiers nor RAG maps target met and target missed.
/// Defaults: tier 4/3/2/1 → Good / Approaching target / Requires improvement / Inadequate; G/A/R → Good /
/// Approaching target / Requires improvement; target met → Good, missed → Requires improvement; no lower
/// bound.
///
/// Example: MH-2 (Green ≥ 90%, Red ≤ 84%) with `"inadequate_below": 75` rates 88% Approaching target, 80%
/// Requires improvement and 74% Inadequate.
public struct NoticeRatingMap: Sendable, Equatable {
    /// Notice rating of tiers 4, 3, 2, 1 (index 0 is tier 4).
    public var tiers: [NoticeRating]
    /// Notice rating of Green, Amber, Red.
    public var rag: [NoticeRating]
    /// Notice rating when the target is met and when it is missed (KPIs without bands).
    public var targetMet: NoticeRating
    public var targetMissed: NoticeRating
    /// A rate strictly below this is Inadequate.
    public var inadequateBelow: BasisPoints?

    public static let standard = NoticeRatingMap(
        tiers: [.good, .approachingTarget, .requiresImprovement, .inadequate],
        rag: [.good, .approachingTarget, .requiresImprovement],
        targetMet: .good, targetMissed: .requiresImprovement, inadequateBelow: nil)

    public init(tiers: [NoticeRating], rag: [NoticeRating], targetMet: NoticeRating, targetMissed: NoticeRating,
                inadequateBelow: BasisPoints?) {
        self.tiers = tiers
        self.rag = rag
        self.targetMet = targetMet
        self.targetMissed = targetMissed
        self.inadequateBelow = inadequateBelow
    }

    /// The notice rating of a pooled rate on `kpi`'s bands; `nil` when nothing was measured.
    public func rating(_ comparison: RateComparison, _ kpi: KPIDefinition) -> NoticeRating? {
        guard comparison.measured > 0 else { return nil }
        if let inadequateBelow, !comparison.isAtLeast(inadequateBelow) { return .inadequate }
        switch comparison.rating(kpi.rating) {
        case .tier(let n)?: return tiers[4 - min(max(n, 1), 4)]
        case .green?: return rag[0]
        case .amber?: return rag[1]
        case .red?: return rag[2]
        case nil: return comparison.isAtLeast(kpi.target) ? targetMet : targetMissed
        }
    }
}
