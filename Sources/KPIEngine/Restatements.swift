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
    /// A report row whose counts differ.
    public struct Row: Sendable, Equatable {
        public var providerID: String
        public var contract: String
        public var kpi: String
        public var month: Month
        public var window: ReportWindow
        public var before: KPIReportRow?
        public var after: KPIReportRow?
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

    public init(before: KPIEvaluation, beforeData: Dataset, after: KPIEvaluation, afterData: Dataset,
                windows: Set<ReportWindow> = Set(ReportWindow.allCases), contract: String? = nil,
                provider: String? = nil, kpi: String? = nil) {
        since = before.asOf
        asOf = after.asOf
        let lastMonth = Month(containing: before.asOf)
        let selection = ReportSelection(contract: contract, provider: provider)
        func key(_ r: KPIReportRow) -> String { "\(r.providerID)\u{0}\(r.contract)\u{0}\(r.kpi)\u{0}\(r.month)\u{0}\(r.window)" }
        func wanted(_ r: KPIReportRow) -> Bool {
            r.month <= lastMonth && windows.contains(r.window) && (kpi == nil || r.kpi == kpi)
        }
        let earlier = KPIReport(before).rows(selection).filter(wanted)
        let later = KPIReport(after).rows(selection).filter(wanted)
        var beforeRows: [String: KPIReportRow] = [:]
        for row in earlier { beforeRows[key(row)] = row }
        func same(_ a: KPIReportRow?, _ b: KPIReportRow?) -> Bool {
            (a?.met ?? 0, a?.missed ?? 0, a?.pending ?? 0, a?.excluded ?? 0)
                == (b?.met ?? 0, b?.missed ?? 0, b?.pending ?? 0, b?.excluded ?? 0)
        }
        var rows: [Row] = []
        var seen = Set<String>()
        for row in later {
            let k = key(row)
            seen.insert(k)
            let old = beforeRows[k]
            if !same(old, row) {
                rows.append(Row(providerID: row.providerID, contract: row.contract, kpi: row.kpi, month: row.month,
                                window: row.window, before: old, after: row))
            }
        }
        for row in earlier where !seen.contains(key(row)) && !same(row, nil) {
            rows.append(Row(providerID: row.providerID, contract: row.contract, kpi: row.kpi, month: row.month,
                            window: row.window, before: row, after: nil))
        }
        self.rows = rows
        items = Self.movedItems(rows, before: before, beforeData: beforeData, after: after, afterData: afterData)
    }

    /// The restatements a series filter asks for (`kpi changes`): its contract, provider and KPI (a month is refused:
    /// every month the earlier report held is compared), in one window or all.
    public init(checking before: KPIEvaluation, beforeData: Dataset, after: KPIEvaluation, afterData: Dataset,
                selection: ReportSelection, window: ReportWindow?) throws(UserInputError) {
        if let month = selection.month { throw UserInputError("--month \(month): kpi changes compares every month the earlier report held; leave --month out") }
        try selection.check(after)
        self.init(before: before, beforeData: beforeData, after: after, afterData: afterData,
                  windows: window.map { [$0] } ?? Set(ReportWindow.allCases), contract: selection.contract,
                  provider: selection.provider, kpi: selection.kpi)
    }

    /// The earlier report's data and evaluation for `kpi changes --since`: a date (the same data as of then, before
    /// the later as-of date) or the path of a store written then (its data as of its latest recorded date).
    ///
    /// - Throws: ``UserInputError`` for a date on or after `asOf`; ``DatasetError`` for a store that cannot be read.
    public static func earlier(_ since: String, dataset: Dataset, catalog: ContractCatalog, asOf: Day) throws -> (Dataset, KPIEvaluation) {
        if let day = Day(since) {
            guard day < asOf else { throw UserInputError("--since \(since): on or after the as-of date \(asOf); give an earlier date") }
            try UserInputError.checkSupported(day, option: "--since")
            return (dataset, KPIEvaluation(dataset: dataset, catalog: catalog, asOf: day))
        }
        if since.count == 10, since.first?.isNumber == true, !FileManager.default.fileExists(atPath: since) {
            throw UserInputError("--since \(since): not a date (YYYY-MM-DD) nor a store file")
        }
        let old = try DatasetStore.load(since)
        guard let day = old.latestRecordedDay else { throw DatasetError(path: since, reason: "the store records no event dates") }
        guard day <= asOf else { throw UserInputError("--since \(since): its data run to \(day), after the as-of date \(asOf)") }
        return (old, KPIEvaluation(dataset: old, catalog: catalog, asOf: day))
    }

    /// The items behind the changed provider rows: each (series, month) once, whatever its windows.
    private static func movedItems(_ rows: [Row], before: KPIEvaluation, beforeData: Dataset, after: KPIEvaluation,
                                   afterData: Dataset) -> [MovedItem] {
        // The months of each changed provider series (a window's change comes from one of its months: take the
        // in-month rows, which every monthly window is the sum of).
        func providerSeries(_ evaluation: KPIEvaluation) -> [String: Int] {
            var found: [String: Int] = [:]
            for (s, series) in evaluation.series.enumerated() where !series.isPooled {
                let kpi = evaluation.catalog.definitions[series.contractIndex].kpis[series.kpiIndex].id
                found["\(series.providerID)\u{0}\(series.contract)\u{0}\(kpi)"] = s
            }
            return found
        }
        let beforeSeries = providerSeries(before), afterSeries = providerSeries(after)
        var months: [(key: String, month: Month)] = []
        var listed = Set<String>()
        for row in rows where row.window == .inMonth || row.window == .quarter {
            let key = "\(row.providerID)\u{0}\(row.contract)\u{0}\(row.kpi)"
            guard beforeSeries[key] != nil || afterSeries[key] != nil else { continue }
            if listed.insert(key + "\u{0}\(row.month)").inserted { months.append((key, row.month)) }
        }
        guard !months.isEmpty else { return [] }
        // One pass over each dataset for every series concerned.
        let keys = Array(Set(months.map(\.key))).sorted()
        let beforeWanted = keys.compactMap { beforeSeries[$0] }, afterWanted = keys.compactMap { afterSeries[$0] }
        let beforeItems = before.items(in: beforeData, series: beforeWanted)
        let afterItems = after.items(in: afterData, series: afterWanted)
        var beforeBySeries: [String: [MeasuredItem]] = [:], afterBySeries: [String: [MeasuredItem]] = [:]
        for (k, s) in beforeWanted.enumerated() { beforeBySeries[keys.first { beforeSeries[$0] == s }!] = beforeItems[k] }
        for (k, s) in afterWanted.enumerated() { afterBySeries[keys.first { afterSeries[$0] == s }!] = afterItems[k] }
        var moved: [MovedItem] = []
        for (key, month) in months {
            let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            func itemKey(_ item: MeasuredItem) -> String { "\(item.caseID ?? "")\u{0}\(item.item)" }
            let old = (beforeBySeries[key] ?? []).filter { Month(containing: $0.counted) == month }
            let new = (afterBySeries[key] ?? []).filter { Month(containing: $0.counted) == month }
            // Items that left the month or changed also show from the other side's full list.
            var oldAll: [String: MeasuredItem] = [:], newAll: [String: MeasuredItem] = [:]
            for item in beforeBySeries[key] ?? [] { oldAll[itemKey(item)] = item }
            for item in afterBySeries[key] ?? [] { newAll[itemKey(item)] = item }
            var done = Set<String>()
            for item in new + old {
                let k = itemKey(item)
                guard done.insert(k).inserted else { continue }
                let was = oldAll[k], now = newAll[k]
                if let was, let now, was.status == now.status, Month(containing: was.counted) == Month(containing: now.counted) {
                    continue
                }
                moved.append(MovedItem(providerID: parts[0], contract: parts[1], kpi: parts[2], caseID: (now ?? was)?.caseID,
                                       item: (now ?? was)!.item, before: was, after: now,
                                       reason: reason(was, now, since: before.asOf)))
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
