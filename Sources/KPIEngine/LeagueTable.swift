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
        let all = groups.flatMap { $0 }
        guard limit > 0, !all.isEmpty else { return groups.map { _ in [] } }
        let items = self.items(in: dataset, series: all, month: month, status: .missed)
        var result: [[LateItem]] = []
        var k = 0
        for group in groups {
            guard let first = group.first, case .provider(let p) = series[first].scope else {
                k += group.count
                result.append([])
                continue
            }
            let calendar = WorkingDayCalendar.standard(dataset.providers.divisions[p])
            var found: [(order: Int, late: LateItem)] = []
            for (order, s) in group.enumerated() {
                let kpi = catalog.definitions[series[s].contractIndex].kpis[series[s].kpiIndex].id
                for item in items[k] {
                    let late = item.deadline.map { calendar.workingDays(after: $0, through: max($0, item.end ?? asOf)) }
                    found.append((order, LateItem(kpi: kpi, item: item, workingDaysLate: late)))
                }
                k += 1
            }
            found.sort { a, b in
                let x = a.late.workingDaysLate ?? -1, y = b.late.workingDaysLate ?? -1
                if x != y { return x > y }
                if a.order != b.order { return a.order < b.order }
                return (a.late.item.caseID ?? "", a.late.item.item) < (b.late.item.caseID ?? "", b.late.item.item)
            }
            result.append(found.prefix(limit).map(\.late))
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
