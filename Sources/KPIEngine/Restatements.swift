import CaseData
import Foundation
import WorkingDays

/// What changed in figures already reported: the report as of an earlier date against the report as of now, and
/// the items that moved each changed figure, with why (`kpi changes`).
///
/// Rule (the DocC article "Daily questions"): the earlier report is an evaluation as of the earlier date, of the
/// same data (`kpi changes --since DATE`) or of the data as it was then (`--since STORE`, a store written
/// earlier). Rows are compared for the months the earlier report held (each series' first month through the
/// earlier as-of month), matched by provider, contract, KPI, month and window; a row is listed when any of met,
/// missed, pending or excluded differs (a row only one side has counts as zeros on the other). The items behind a
/// changed provider row are compared by case and item (`case`, `ha_report attempt 2`, `complaint C-7`,
/// `return 2026-03`); an item is listed when its status or its month differs, with one reason:
/// - absent before: `recorded after <date>` when its start is on or before the earlier as-of date (the data then
///   did not hold it), else `started after <date>`;
/// - absent now: `removed or corrected after <date>`;
/// - pending before, met now: `done on <end>, after <date>`;
/// - pending before, missed now: `done late on <end>, after <date>` or `deadline <deadline> passed after <date>`;
/// - excluded now: `withdrawn after <date>`;
/// - a share item (no deadline) pending before: `outcome decided on <end>, after <date>`;
/// - otherwise, when the deciding event is on or before the earlier date: `recorded after <date>` (late data);
///   else `changed after <date>`.
///
/// ```swift
/// let changes = Restatements(before: KPIEvaluation(dataset: data, catalog: catalog, asOf: Day("2026-09-30")!),
///                            beforeData: data, after: now, afterData: data)
/// changes.rows.count    // figures that moved since 30 September
/// ```
public struct Restatements: Sendable {
    /// A report row whose counts differ: the row as the earlier report had it and as it is now (either may be absent,
    /// not both); its series, month and window are theirs.
    public struct Row: Sendable, Equatable {
        public var before: KPIReportRow?
        public var after: KPIReportRow?

        private var row: KPIReportRow { (after ?? before)! }
        public var providerID: String { row.providerID }
        public var contract: String { row.contract }
        public var kpi: String { row.kpi }
        public var month: Month { row.month }
        public var window: ReportWindow { row.window }
    }

    /// An item that moved a changed provider row.
    public struct MovedItem: Sendable, Equatable {
        public var providerID: String
        public var contract: String
        public var kpi: String
        public var caseID: String?
        public var item: String
        public var before: MeasuredItem?
        public var after: MeasuredItem?
        public var reason: String
    }

    public let since: Day
    public let asOf: Day
    /// In report order (the later report's, then rows only the earlier one had).
    public let rows: [Row]
    /// Per changed provider row's series and month, in the later report's order; items in source order.
    public let items: [MovedItem]

    /// - Parameter sameData: the earlier evaluation is of the same dataset (only its as-of date differs): then the
    ///   items are compared in one pass, each item's status as of both dates.
    public init(before: KPIEvaluation, beforeData: Dataset, after: KPIEvaluation, afterData: Dataset,
                windows: Set<ReportWindow> = Set(ReportWindow.allCases), contract: String? = nil,
                provider: String? = nil, kpi: String? = nil, sameData: Bool = false) {
        since = before.asOf
        asOf = after.asOf
        let lastMonth = Month(containing: before.asOf)
        let selection = ReportSelection(contract: contract, provider: provider, kpi: kpi)
        func wanted(_ r: KPIReportRow) -> Bool { r.month <= lastMonth && windows.contains(r.window) }
        let earlier = KPIReport(before).rows(selection).filter(wanted)
        let later = KPIReport(after).rows(selection).filter(wanted)
        func same(_ a: KPIReportRow?, _ b: KPIReportRow?) -> Bool {
            (a?.met ?? 0, a?.missed ?? 0, a?.pending ?? 0, a?.excluded ?? 0)
                == (b?.met ?? 0, b?.missed ?? 0, b?.pending ?? 0, b?.excluded ?? 0)
        }
        // The same data as of two dates: the same series, so the two reports' rows match one for one.
        if sameData && earlier.count == later.count
            && zip(earlier, later).allSatisfy({ $0.seriesIndex == $1.seriesIndex && $0.month == $1.month && $0.window == $1.window }) {
            rows = zip(earlier, later).filter { !same($0, $1) }.map { Row(before: $0, after: $1) }
        } else {
            rows = Self.matchedRows(earlier, later, same: same)
        }
        let changed = Self.changedMonths(before: before, after: after, lastMonth: lastMonth, selection: selection)
        items = sameData ? Self.movedItems(changed, since: before.asOf, after: after, dataset: afterData)
            : Self.movedItems(changed, before: before, beforeData: beforeData, after: after, afterData: afterData)
    }

    /// Rows of two reports matched by provider, contract, KPI, month and window: those that differ, the later
    /// report's order first, then rows only the earlier one had.
    private static func matchedRows(_ earlier: [KPIReportRow], _ later: [KPIReportRow],
                                    same: (KPIReportRow?, KPIReportRow?) -> Bool) -> [Row] {
        func key(_ r: KPIReportRow) -> String { "\(r.providerID)\u{0}\(r.contract)\u{0}\(r.kpi)\u{0}\(r.month)\u{0}\(r.window)" }
        var beforeRows: [String: KPIReportRow] = [:]
        for row in earlier { beforeRows[key(row)] = row }
        var rows: [Row] = []
        var seen = Set<String>()
        for row in later {
            let k = key(row)
            seen.insert(k)
            let old = beforeRows[k]
            if !same(old, row) { rows.append(Row(before: old, after: row)) }
        }
        for row in earlier where !seen.contains(key(row)) && !same(row, nil) { rows.append(Row(before: row, after: nil)) }
        return rows
    }

    /// The provider series (by provider, contract and KPI) and months whose in-month counts differ, in the later
    /// report's order: a pool's change is its members' (the items behind every window are those of its months).
    static func changedMonths(before: KPIEvaluation, after: KPIEvaluation, lastMonth: Month,
                              selection: ReportSelection) -> [(key: String, month: Month)] {
        let old = _providerSeries(before)
        let providers = selection.providerRows(in: after)
        var changed: [(key: String, month: Month)] = []
        for s in after.orderedSeries(ReportSelection(contract: selection.contract, kpi: selection.kpi)) {
            let series = after.series[s]
            guard case .provider(let row) = series.scope else { continue }
            if let providers, !providers.contains(row) { continue }
            let key = _key(after, s), was = old[key]
            guard series.firstMonth <= lastMonth else { continue }   // a provider that started after the earlier date
            for month in series.firstMonth...lastMonth where ItemStatus.allCases.contains(where: { status in
                after.counts[series: s, status: status, month: month] != (was.map { before.counts[series: $0, status: status, month: month] } ?? 0)
            }) {
                changed.append((key, month))
            }
        }
        return changed
    }

    /// Each provider series of an evaluation by ``_key(_:_:)``.
    static func _providerSeries(_ evaluation: KPIEvaluation) -> [String: Int] {
        var found: [String: Int] = [:]
        for s in evaluation.series.indices where !evaluation.series[s].isPooled { found[_key(evaluation, s)] = s }
        return found
    }

    /// `provider\0contract\0kpi` of a series.
    static func _key(_ evaluation: KPIEvaluation, _ s: Int) -> String {
        let series = evaluation.series[s]
        return "\(series.providerID)\u{0}\(series.contract)\u{0}\(evaluation.definition(ofSeries: s).id)"
    }

    /// The moved items on the same data: one pass over every item, its status and month as of both dates.
    static func movedItems(_ changed: [(key: String, month: Month)], since: Day, after: KPIEvaluation,
                           dataset: Dataset) -> [MovedItem] {
        guard !changed.isEmpty else { return [] }
        let seriesOf = _providerSeries(after)
        var slot = [Int](repeating: -1, count: after.series.count)
        var order: [Int] = [], months: [Set<Int32>] = []
        for (key, month) in changed {
            guard let s = seriesOf[key] else { continue }
            if slot[s] < 0 { slot[s] = order.count; order.append(s); months.append([]) }
            months[slot[s]].insert(month.rawValue)
        }
        let plan = after._plan(dataset), slots = slot, wanted = months
        let parts = plan.collectItems(dataset) { _ChangeCollector(slot: slots, months: wanted, since: since.rawValue, now: plan.asOf) }
        var moved: [MovedItem] = []
        for (k, s) in order.enumerated() {
            guard case .provider(let row) = after.series[s].scope else { continue }
            let calendar = WorkingDayCalendar.standard(dataset.providers.divisions[row])
            let series = after.series[s], kpi = after.definition(ofSeries: s).id
            for found in parts.flatMap({ $0.items[k] }) {
                let was = found.before.map { after._measuredItem($0.status, $0.day, found.start, found.deadline, found.end, found.source,
                                                                 dataset: dataset, calendar: calendar, asOf: since) }
                let now = found.after.map { after._measuredItem($0.status, $0.day, found.start, found.deadline, found.end, found.source,
                                                                dataset: dataset, calendar: calendar) }
                moved.append(MovedItem(providerID: series.providerID, contract: series.contract, kpi: kpi, caseID: (now ?? was)?.caseID,
                                       item: (now ?? was)!.item, before: was, after: now, reason: reason(was, now, since: since)))
            }
        }
        return moved
    }

    /// The restatements a series filter asks for (`kpi changes --since`): `since` a date (the same data as of then)
    /// or a store written then (its data as of its latest recorded date); the filter's contract, provider (a pool: its
    /// members' items) and KPI; one window or all. A month is refused: every month the earlier report held is compared.
    ///
    /// - Throws: ``UserInputError`` for a bad `since` or filter; ``DatasetError`` for a store that cannot be read.
    public init(checking since: String, after: KPIEvaluation, dataset: Dataset, selection: ReportSelection,
                window: ReportWindow?) throws {
        if let month = selection.month { throw UserInputError("--month \(month): kpi changes compares every month the earlier report held; leave --month out") }
        try selection.check(after)
        let (old, before, same) = try Self.earlier(since, dataset: dataset, catalog: after.catalog, asOf: after.asOf)
        self.init(before: before, beforeData: old, after: after, afterData: dataset,
                  windows: window.map { [$0] } ?? Set(ReportWindow.allCases), contract: selection.contract,
                  provider: selection.provider, kpi: selection.kpi, sameData: same)
    }

    /// The earlier report's data and evaluation for `kpi changes --since`: a date (the same data as of then, before
    /// the later as-of date) or the path of a store written then (its data as of its latest recorded date).
    ///
    /// - Throws: ``UserInputError`` for a date on or after `asOf`; ``DatasetError`` for a store that cannot be read.
    public static func earlier(_ since: String, dataset: Dataset, catalog: ContractCatalog, asOf: Day) throws -> (Dataset, KPIEvaluation, sameData: Bool) {
        if let day = Day(since) {
            guard day < asOf else { throw UserInputError("--since \(since): on or after the as-of date \(asOf); give an earlier date") }
            try UserInputError.checkSupported(day, option: "--since")
            return (dataset, KPIEvaluation(dataset: dataset, catalog: catalog, asOf: day), true)
        }
        if since.count == 10, since.first?.isNumber == true, !FileManager.default.fileExists(atPath: since) {
            throw UserInputError("--since \(since): not a date (YYYY-MM-DD) nor a store file")
        }
        let old = try DatasetStore.load(since)
        guard let day = old.latestRecordedDay else { throw DatasetError(path: since, reason: "the store records no event dates") }
        guard day <= asOf else { throw UserInputError("--since \(since): its data run to \(day), after the as-of date \(asOf)") }
        return (old, KPIEvaluation(dataset: old, catalog: catalog, asOf: day), false)
    }

    /// The moved items between two datasets (a store written earlier against the data now): the items of each
    /// changed series and month on both sides, matched by case and item.
    private static func movedItems(_ changed: [(key: String, month: Month)], before: KPIEvaluation, beforeData: Dataset,
                                   after: KPIEvaluation, afterData: Dataset) -> [MovedItem] {
        guard !changed.isEmpty else { return [] }
        let beforeSeries = _providerSeries(before), afterSeries = _providerSeries(after)
        let keys = changed.reduce(into: [String]()) { if $0.last != $1.key { $0.append($1.key) } }
        let beforeWanted = keys.map { beforeSeries[$0] }, afterWanted = keys.map { afterSeries[$0] }
        let beforeItems = before.items(in: beforeData, series: beforeWanted.compactMap { $0 })
        let afterItems = after.items(in: afterData, series: afterWanted.compactMap { $0 })
        func byMonth(_ wanted: [Int?], _ found: [[MeasuredItem]]) -> [String: [Month: [MeasuredItem]]] {
            var out: [String: [Month: [MeasuredItem]]] = [:], next = 0
            for (k, s) in wanted.enumerated() {
                guard s != nil else { continue }
                out[keys[k]] = Dictionary(grouping: found[next]) { Month(containing: $0.counted) }
                next += 1
            }
            return out
        }
        let old = byMonth(beforeWanted, beforeItems), new = byMonth(afterWanted, afterItems)
        func itemKey(_ item: MeasuredItem) -> String { "\(item.caseID ?? "")\u{0}\(item.item)" }
        var oldAll: [String: [String: MeasuredItem]] = [:], newAll: [String: [String: MeasuredItem]] = [:]
        for key in keys {
            oldAll[key] = Dictionary((old[key] ?? [:]).values.joined().map { (itemKey($0), $0) }, uniquingKeysWith: { a, _ in a })
            newAll[key] = Dictionary((new[key] ?? [:]).values.joined().map { (itemKey($0), $0) }, uniquingKeysWith: { a, _ in a })
        }
        var moved: [MovedItem] = []
        for (key, month) in changed {
            let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            var done = Set<String>()
            for item in (new[key]?[month] ?? []) + (old[key]?[month] ?? []) {
                let k = itemKey(item)
                guard done.insert(k).inserted else { continue }
                let was = oldAll[key]?[k], now = newAll[key]?[k]
                if let was, let now, was.status == now.status, Month(containing: was.counted) == Month(containing: now.counted) { continue }
                moved.append(MovedItem(providerID: parts[0], contract: parts[1], kpi: parts[2], caseID: (now ?? was)?.caseID,
                                       item: (now ?? was)!.item, before: was, after: now, reason: reason(was, now, since: before.asOf)))
            }
        }
        return moved
    }

    /// Why an item's status or month differs between the earlier and the later report (see the type's rule).
    static func reason(_ was: MeasuredItem?, _ now: MeasuredItem?, since: Day) -> String {
        guard let now else { return "removed or corrected after \(since)" }
        guard let was else {
            return now.start <= since ? "recorded after \(since)" : "started after \(since)"
        }
        let end = now.end.map { "\($0)" } ?? ""
        // The event that decides the item now: its end, or the day it was counted on.
        let decidingDay = now.end ?? now.counted
        if was.status == .pending {
            if now.deadline == nil, now.status != .pending { return "outcome decided on \(end.isEmpty ? "\(now.counted)" : end), after \(since)" }
            switch now.status {
            case .met where decidingDay > since: return "done on \(end), after \(since)"
            case .missed where now.end != nil && decidingDay > since: return "done late on \(end), after \(since)"
            case .missed where now.end == nil: return "deadline \(now.deadline.map { "\($0)" } ?? "") passed after \(since)"
            case .excluded: return "withdrawn after \(since)"
            default: break
            }
        }
        if now.status == .excluded && was.status != .excluded { return "withdrawn after \(since)" }
        return decidingDay <= since ? "recorded after \(since)" : "changed after \(since)"
    }
}

/// Items whose status or month differs as of two days, for the series in `slot`, counted in one of their series'
/// `months` on either date (`kpi changes` on the same data).
struct _ChangeCollector: _ItemSink {
    let slot: [Int]
    let months: [Set<Int32>]
    let since: Int32, now: Int32
    var items: [[(before: (status: ItemStatus, day: Int32)?, after: (status: ItemStatus, day: Int32)?, start: Int32,
                  deadline: Int32, end: Int32, source: _ItemSource)]]

    init(slot: [Int], months: [Set<Int32>], since: Int32, now: Int32) {
        self.slot = slot
        self.months = months
        self.since = since
        self.now = now
        items = Array(repeating: [], count: months.count)
    }

    mutating func add(_ item: _Item) {
        let k = slot[item.series]
        guard k >= 0 else { return }
        let before = item.counted(asOf: since), after = item.counted(asOf: now)
        let old = before.map { Month(containing: Day(rawValue: $0.day)).rawValue }
        let new = after.map { Month(containing: Day(rawValue: $0.day)).rawValue }
        if before?.status == after?.status && old == new { return }
        guard old.map(months[k].contains) == true || new.map(months[k].contains) == true else { return }
        items[k].append((before.map { ($0.status, $0.day) }, after.map { ($0.status, $0.day) }, item.start, item.deadline, item.end, item.source))
    }
}
