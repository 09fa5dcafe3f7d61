import CaseData
import WorkingDays

/// One open item whose deadline falls within the next few working days, with what missing it would cost.
public struct DueItem: Sendable, Equatable {
    /// The provider series the item belongs to (an index into ``KPIEvaluation/series``).
    public var series: Int
    public var providerID: String
    public var contract: String
    public var kpi: String
    public var item: MeasuredItem
    /// Working days after the as-of date up to and including the deadline, in the provider's division: 0 when
    /// the item is due on the as-of date itself.
    public var workingDaysLeft: Int
    /// The month a miss would count in: the month of the day after the deadline.
    public var month: Month
    /// The in-month and rolling-3 rates of ``month`` from the items decided so far, with this one missed.
    public var inMonthRateIfMissed: Double
    public var rolling3RateIfMissed: Double
    /// How many more items the month can miss and still meet its in-month target: ⌊V × (1 − target)⌋ − missed,
    /// V the month's expected volume; `nil` when the month is already below target however the rest go.
    public var headroom: Int?
    /// Missing this item alone takes the month's in-month figure below target (``headroom`` is 0).
    public var critical: Bool
    /// Missing this item and the series' other items due in the same month and window takes it below target.
    public var criticalWithDue: Bool
}

/// Every open item due within the next `within` working days of the as-of date: `kpi due`.
///
/// Rule (the DocC article "Daily questions"): an item is due when it is pending as of the as-of date (its
/// deadline has not passed and it is neither done nor withdrawn) and its deadline is at most `within` working
/// days after the as-of date in its provider's division (0: due that day). Share items (HA-4, MH-8) have no
/// deadline and are never due. Complaints to forward and MI returns to submit are items of their KPIs and are
/// listed like cases. For the month M a miss would count in (the day after the deadline), from the series'
/// current counts of M:
/// - rates if missed: met / (met + missed + 1), in M and over M − 2 … M;
/// - the month's expected volume V: its items known so far (met + missed + its other pending items + this one), or
///   as many as the month before measured, whichever is more (a month just begun still expects a month of items);
/// - headroom = ⌊V × (1 − target)⌋ − missed, exactly on basis points: how many more misses the month can take and
///   still meet its target, every other item met; `nil` when negative (already below target);
/// - `critical` when the headroom is 0 (this miss alone breaks the target), `criticalWithDue` when it is below the
///   number of the series' due items that count in M (missing them all breaks it).
/// Sorted by deadline, then critical, critical with the others due, provider, KPI and item.
///
/// Example: P1's HA-1 (target 99%) has 98 met, 1 missed and 2 pending in November, one of them due today: V = 101,
/// headroom ⌊101 × 0.01⌋ − 1 = 0: critical. Its HA-2 (96%) with the same counts: ⌊101 × 0.04⌋ − 1 = 3.
public struct DueItems: Sendable {
    public let asOf: Day
    /// The window in working days.
    public let within: Int
    public let items: [DueItem]

    /// The largest window accepted, in working days.
    public static let maximumWithin = 60

    /// - Parameters:
    ///   - providers: provider ids to list (`nil`: every provider).
    ///   - contract, kpi: only this contract or KPI id (`nil`: all).
    public init(evaluation: KPIEvaluation, dataset: Dataset, within: Int, providers: Set<String>? = nil,
                contract: String? = nil, kpi: String? = nil) {
        asOf = evaluation.asOf
        self.within = within
        let window = max(0, min(within, Self.maximumWithin))
        // The window's last day in each division.
        var lastDay: [Division: Day] = [:]
        for division in Division.allCases {
            var day = evaluation.asOf
            let calendar = WorkingDayCalendar.standard(division)
            for _ in 0..<window {
                let next = day.advanced(by: 1)
                guard WorkingDayCalendar.supports(next) else { break }
                day = calendar.workingDay(after: day)
            }
            lastDay[division] = day
        }
        let latest = lastDay.values.max() ?? evaluation.asOf
        let wanted = evaluation.series.indices.filter { s in
            let item = evaluation.series[s]
            guard !item.isPooled else { return false }
            if let providers, !providers.contains(item.providerID) { return false }
            if let contract, item.contract != contract { return false }
            if let kpi, evaluation.definition(ofSeries: s).id != kpi { return false }
            return true
        }
        let found = evaluation._items(in: dataset, series: wanted, month: nil, status: .pending,
                                      days: evaluation.asOf...latest)
        var due: [DueItem] = []
        for (k, s) in wanted.enumerated() where !found[k].isEmpty {
            let series = evaluation.series[s]
            guard case .provider(let row) = series.scope else { continue }
            let division = dataset.providers.divisions[row]
            let calendar = WorkingDayCalendar.standard(division)
            let last = lastDay[division] ?? evaluation.asOf
            let definition = evaluation.definition(ofSeries: s)
            for item in found[k] {
                guard let deadline = item.deadline, deadline >= evaluation.asOf, deadline <= last else { continue }
                due.append(Self.dueItem(item, series: s, deadline: deadline, evaluation: evaluation, calendar: calendar,
                                        definition: definition))
            }
        }
        // How many due items count in each series' month, for criticalWithDue.
        var dueInMonth: [Int64: Int] = [:]
        for item in due { dueInMonth[Self.key(item), default: 0] += 1 }
        for k in due.indices {
            if let headroom = due[k].headroom { due[k].criticalWithDue = headroom < dueInMonth[Self.key(due[k])]! }
        }
        items = due.sorted { a, b in
            if a.item.deadline! != b.item.deadline! { return a.item.deadline! < b.item.deadline! }
            if a.critical != b.critical { return a.critical }
            if a.criticalWithDue != b.criticalWithDue { return a.criticalWithDue }
            if a.providerID != b.providerID { return a.providerID < b.providerID }
            if a.series != b.series { return a.series < b.series }
            return (a.item.caseID ?? "", a.item.item) < (b.item.caseID ?? "", b.item.item)
        }
    }

    /// The items due for a series filter (`kpi due`): its provider (a pool: its members), contract and KPI.
    ///
    /// - Throws: ``UserInputError`` for `within` outside 1 ... ``maximumWithin``, a month (the list has none), or a
    ///   contract, provider or KPI the evaluation does not have.
    public init(checking evaluation: KPIEvaluation, dataset: Dataset, selection: ReportSelection, within: Int) throws(UserInputError) {
        try Self.check(within: within)
        if let month = selection.month { throw UserInputError("--month \(month): kpi due lists what is due from the as-of date; give --as-of instead") }
        try selection.check(evaluation)
        let providers = selection.providerRows(in: evaluation).map { Set($0.map { dataset.providers.providerIDs[$0] }) }
        self.init(evaluation: evaluation, dataset: dataset, within: within, providers: providers, contract: selection.contract,
                  kpi: selection.kpi)
    }

    /// Refuses a window of working days outside 1 ... ``maximumWithin``.
    public static func check(within: Int) throws(UserInputError) {
        guard (1...maximumWithin).contains(within) else {
            throw UserInputError("--within \(within): give the working days ahead of the as-of date, 1 to \(maximumWithin)")
        }
    }

    private static func key(_ item: DueItem) -> Int64 { Int64(item.series) << 32 | Int64(item.month.rawValue) }

    private static func dueItem(_ item: MeasuredItem, series s: Int, deadline: Day, evaluation: KPIEvaluation,
                                calendar: WorkingDayCalendar, definition: KPIDefinition) -> DueItem {
        let counts = evaluation.counts
        let month = Month(containing: deadline.advanced(by: 1))
        let met = counts[series: s, status: .met, month: month]
        let missed = counts[series: s, status: .missed, month: month]
        // The month's other undecided items: its pending count, less this item when it is counted there.
        let pending = counts[series: s, status: .pending, month: month]
        let open = max(pending - (Month(containing: deadline) == month ? 1 : 0), 0)
        let before = counts[series: s, status: .met, month: month.advanced(by: -1)]
            + counts[series: s, status: .missed, month: month.advanced(by: -1)]
        let volume = Int64(max(met + missed + open + 1, before))
        var met3 = 0.0, missed3 = 0.0
        for back in 0..<3 {
            met3 += counts[series: s, status: .met, month: month.advanced(by: -back)]
            missed3 += counts[series: s, status: .missed, month: month.advanced(by: -back)]
        }
        let allowed = volume * Int64(10_000 - definition.target.rawValue) / 10_000
        let left = allowed - Int64(missed)
        let headroom = left >= 0 ? Int(left) : nil
        let series = evaluation.series[s]
        return DueItem(series: s, providerID: series.providerID, contract: series.contract, kpi: definition.id,
                       item: item, workingDaysLeft: calendar.workingDays(after: evaluation.asOf, through: deadline),
                       month: month, inMonthRateIfMissed: met / (met + missed + 1),
                       rolling3RateIfMissed: met3 / (met3 + missed3 + 1), headroom: headroom,
                       critical: headroom == 0, criticalWithDue: false)
    }
}
