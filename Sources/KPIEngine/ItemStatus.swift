import CaseData
import WorkingDays

/// The status of one measured item as of a date.
///
/// Rule (the DocC article "Item status and attribution"), in order of precedence:
/// - **met**: the end event happened (on or before the as-of date) on or before the deadline;
/// - **excluded**: not met, and the case was withdrawn (on or before the as-of date) on or before the
///   deadline; only for KPIs that allow exclusions (not the share KPIs, MH-10 or HA-6);
/// - **missed**: the end event happened after the deadline, or has not happened and the deadline is before
///   the as-of date;
/// - **pending**: no end event yet and the deadline is the as-of date or later.
///
/// Only met and missed are measured; pending and excluded are shown but never enter a rate.
public enum ItemStatus: UInt8, Sendable, CaseIterable, LosslessStringConvertible {
    case met = 0, missed, pending, excluded

    /// The status by its name (`met`, `missed`, `pending`, `excluded`).
    public init?(_ description: String) {
        guard let status = Self.allCases.first(where: { $0.description == description }) else { return nil }
        self = status
    }

    public var description: String {
        switch self {
        case .met: "met"
        case .missed: "missed"
        case .pending: "pending"
        case .excluded: "excluded"
        }
    }
}

/// An item's status and the day whose month it counts in.
///
/// Rule: the month of the end event when met, of the day after the deadline when missed, of the withdrawal
/// when excluded, of the deadline while pending. So a month's figures are final once the month is over.
///
/// ```swift
/// // HA-1, referral Thu 14 May 2026, deadline Fri 15 May, acknowledged Sat 16 May:
/// let outcome = ItemOutcome.deadlineItem(end: Day("2026-05-16"), deadline: Day("2026-05-15")!,
///                                        withdrawn: nil, asOf: Day("2026-05-31")!, allowsExclusion: true)
/// outcome.status   // .missed
/// outcome.day      // 2026-05-16, the day after the deadline: counted in May
/// ```
public struct ItemOutcome: Sendable, Equatable, CustomStringConvertible {
    public var status: ItemStatus
    public var day: Day

    public init(status: ItemStatus, day: Day) {
        self.status = status
        self.day = day
    }

    public var description: String { "\(status) (\(day))" }

    /// An item with a deadline (every KPI except the share KPIs and HA-6). Dates after `asOf` have not
    /// happened yet; `nil` is an event that has not happened.
    public static func deadlineItem(end: Day?, deadline: Day, withdrawn: Day?, asOf: Day, allowsExclusion: Bool) -> ItemOutcome {
        let (status, day) = _deadlineStatus(end: end?.rawValue ?? _missing32, deadline: deadline.rawValue,
                                            withdrawn: withdrawn?.rawValue ?? _missing32, asOf: asOf.rawValue,
                                            allowsExclusion: allowsExclusion)
        return ItemOutcome(status: status, day: Day(rawValue: day))
    }

    /// A first submission for a share KPI (HA-4, MH-8): met when accepted, missed when rejected, counted in
    /// the month decided; pending while the outcome is awaited (or decided after `asOf`), counted in the
    /// month submitted.
    public static func shareItem(accepted: Bool?, decided: Day?, submitted: Day, asOf: Day) -> ItemOutcome {
        let outcome: UInt8 = accepted.map { $0 ? 0 : 1 } ?? _missing8
        let (status, day) = _shareStatus(outcome: outcome, decided: decided?.rawValue ?? _missing32,
                                         submitted: submitted.rawValue, asOf: asOf.rawValue)
        return ItemOutcome(status: status, day: Day(rawValue: day))
    }
}

/// The deadline rule on raw day numbers: (status, attribution day). The hot loops call this.
@inline(__always)
func _deadlineStatus(end: Int32, deadline: Int32, withdrawn: Int32, asOf: Int32, allowsExclusion: Bool) -> (ItemStatus, Int32) {
    let ended = end != _missing32 && end <= asOf
    if ended && end <= deadline { return (.met, end) }
    if allowsExclusion && withdrawn != _missing32 && withdrawn <= asOf && withdrawn <= deadline { return (.excluded, withdrawn) }
    if ended || deadline < asOf { return (.missed, deadline &+ 1) }
    return (.pending, deadline)
}

/// The share rule on raw values: (status, attribution day).
@inline(__always)
func _shareStatus(outcome: UInt8, decided: Int32, submitted: Int32, asOf: Int32) -> (ItemStatus, Int32) {
    if outcome != _missing8 && decided != _missing32 && decided <= asOf { return (outcome == 0 ? .met : .missed, decided) }
    return (.pending, submitted)
}
