import CaseData
import WorkingDays

extension KPIReport {
    /// The row of a series' window in a month; a quarterly KPI's latest quarter ending in or before it.
    public func row(series s: Int, _ window: ReportWindow, in month: Month) -> KPIReportRow? {
        if evaluation.definition(ofSeries: s).isQuarterly {
            let quarterEnd = month.latestQuarterEnd
            return rows(series: s, month: quarterEnd).first
        }
        return rows(series: s, month: month).first { $0.window == window }
    }
}

/// A contract's providers ranked on the rolling 3-month window to a month (the pack's league table).
///
/// Rule: providers ranked by the KPIs meeting target on the rolling 3 months (quarterly KPIs: the latest quarter),
/// then by the share of all their measured items met, then by id.
///
/// ```swift
/// let league = LeagueTable(report, contract: "atw-ha", month: Month("2026-09")!)
/// league.lines.first?.providerID   // the best provider
/// ```
public struct LeagueTable: Sendable {
    /// One provider's line.
    public struct Line: Sendable, Equatable {
        public var providerID: String
        /// The provider's series, in KPI order.
        public var series: [Int]
        /// KPIs meeting target, of those rated.
        public var met: Int
        public var rated: Int
        /// Items met of all items measured on the KPIs rated (0 when none).
        public var share: Double
    }

    public var contract: String
    public var month: Month
    /// Best first.
    public var lines: [Line]
    /// The national pool's series, in KPI order (empty without one).
    public var national: [Int]
    public let report: KPIReport

    public init(_ report: KPIReport, contract: String, month: Month) {
        self.report = report
        self.contract = contract
        self.month = month
        var byProvider: [(String, [Int])] = []
        var national: [Int] = []
        for s in report.orderedSeries(ReportSelection(contract: contract)) {
            let series = report.evaluation.series[s]
            switch series.scope {
            case .provider:
                if byProvider.last?.0 == series.providerID { byProvider[byProvider.count - 1].1.append(s) } else { byProvider.append((series.providerID, [s])) }
            case .national: national.append(s)
            case .region: break
            }
        }
        self.national = national
        lines = byProvider.map { provider, series in
            var met = 0, rated = 0, items: Int64 = 0, good: Int64 = 0
            for s in series {
                guard let row = report.row(series: s, .rolling3, in: month), let hit = row.targetMet else { continue }
                rated += 1
                met += hit ? 1 : 0
                good += row.met
                items += row.met + row.missed
            }
            return Line(providerID: provider, series: series, met: met, rated: rated, share: items > 0 ? Double(good) / Double(items) : 0)
        }
        lines.sort { ($0.met, $0.share, $1.providerID) > ($1.met, $1.share, $0.providerID) }
    }
}

/// A missed item and how late it is.
public struct LateItem: Sendable, Equatable {
    public var providerID: String
    public var kpi: String
    public var item: MeasuredItem
    /// Working days past the deadline, at its end or the as-of date while open; `nil` without a deadline.
    public var workingDaysLate: Int?
}

extension KPIEvaluation {
    /// The missed items counted in `month` of each group of one provider's series (the pack's worst items), in one
    /// pass: per group the `limit` with the most working days past their deadline (in the provider's division),
    /// then in the group's series order and by case.
    public func worstItems(in dataset: Dataset, groups: [[Int]], month: Month, limit: Int) -> [[LateItem]] {
        lateItems(in: dataset, groups: groups, months: groups.map { _ in month...month }, limit: limit)
    }

    /// The missed items of each group of provider series counted in the group's `months`, in one pass over the data: per group the `limit` with the most working days past their deadline, then in the
    /// group's series order and in source order.
    ///
    /// Rule: working days late are counted after the deadline through the end event (the as-of date while open),
    /// in the item's provider's division; an item without a deadline (a share KPI's) sorts last. A group may mix
    /// providers (a pool's members for one KPI); pooled series in a group add nothing (they hold no items). The
    /// pack lists the items behind a figure below target this way, with the figure's window as `months`
    /// (``ReportWindow/months(endingIn:from:)``). Only the
    /// items listed are written out (case ids, names); the others are ranked by their day numbers.
    ///
    /// ```swift
    /// // P003's HA-2 missed items of the rolling 3 months to 2026-09, the 10 latest:
    /// evaluation.lateItems(in: dataset, groups: [[s]], months: [Month("2026-07")!...Month("2026-09")!], limit: 10)
    /// ```
    public func lateItems(in dataset: Dataset, groups: [[Int]], months: [ClosedRange<Month>], limit: Int) -> [[LateItem]] {
        precondition(groups.count == months.count, "one months range per group")
        let wanted = groups.flatMap { $0 }.filter { if case .provider = series[$0].scope { true } else { false } }
        guard limit > 0, !wanted.isEmpty, let first = months.first else { return groups.map { _ in [] } }
        // One pass over the union of the groups' months.
        let union = months.reduce(first) { min($0.lowerBound, $1.lowerBound)...max($0.upperBound, $1.upperBound) }
        let plan = _plan(dataset), seriesCount = series.count
        let days = union.lowerBound.firstDay.rawValue...union.upperBound.lastDay.rawValue
        let parts = plan.collectItems(dataset) {
            _ItemCollector(series: wanted, seriesCount: seriesCount, plan: plan, month: nil, status: .missed, days: days)
        }
        var calendars: [Int: WorkingDayCalendar] = [:]
        var result: [[LateItem]] = []
        for (group, range) in zip(groups, months) {
            // Rank by day numbers only; write out the chosen.
            var found: [(late: Int, order: Int, part: Int, index: Int)] = []
            for (order, s) in group.enumerated() {
                guard case .provider(let p) = series[s].scope else { continue }
                let calendar = calendars[p] ?? WorkingDayCalendar.standard(dataset.providers.divisions[p])
                calendars[p] = calendar
                let slot = parts[0].slot[s]
                for (part, sink) in parts.enumerated() {
                    for (index, item) in sink.items[slot].enumerated() {
                        if !range.contains(Month(containing: Day(rawValue: item.day))) { continue }
                        var late = -1
                        if item.deadline != _missing32 {
                            let deadline = Day(rawValue: item.deadline)
                            let ended = item.end != _missing32 && item.end <= asOf.rawValue
                            late = calendar.workingDays(after: deadline, through: max(deadline, ended ? Day(rawValue: item.end) : asOf))
                        }
                        found.append((late, order, part, index))
                    }
                }
            }
            found.sort { a, b in (a.late, -a.order, -a.part, -a.index) > (b.late, -b.order, -b.part, -b.index) }
            result.append(found.prefix(limit).map { f in
                let s = group[f.order]
                guard case .provider(let p) = series[s].scope else { preconditionFailure("a provider series") }
                let raw = parts[f.part].items[parts[0].slot[s]][f.index]
                let item = _measuredItem(raw.status, raw.day, raw.start, raw.deadline, raw.end, raw.source,
                                         dataset: dataset, calendar: calendars[p]!)
                return LateItem(providerID: series[s].providerID, kpi: definition(ofSeries: s).id, item: item,
                                workingDaysLate: f.late >= 0 ? f.late : nil)
            })
        }
        return result
    }
}

/// One provider's worst items in a month (``KPIEvaluation/worstItems(in:groups:month:limit:)``).
public struct WorstItems: Sendable {
    public var providerID: String
    public var contract: String
    public var month: Month
    public var items: [LateItem]

    public init(providerID: String, contract: String, month: Month, items: [LateItem]) {
        self.providerID = providerID
        self.contract = contract
        self.month = month
        self.items = items
    }
}
