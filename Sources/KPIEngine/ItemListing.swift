import CaseData
import WorkingDays

/// The items behind any figure (`kpi cases`): the items of the selected providers and KPIs, optionally of one
/// window ending in a month and of one status.
///
/// Rule (the DocC article "Daily questions"): the providers are the selection's provider, the members of a pool
/// (`NATIONAL`: every provider of the contract; `REGION:<r>`: those of the region), or every provider; the KPIs the
/// selection's KPI or all of them; with a month, the items counted in the months of `window` ending in it
/// (in-month: the month; rolling 3 and 12: the month and the 2 or 11 before; cumulative: every month to it;
/// quarter: the calendar quarter ending in it), so a row's counts of the report are exactly the listing's items by
/// status; without a month, every item. Items come per provider series in report order, each in source order.
///
/// ```swift
/// let listing = try ItemListing(evaluation, dataset: dataset, selection: ReportSelection(month: Month("2026-10")!,
///                               provider: "NATIONAL", kpi: "HA-2"), window: .rolling3, status: .missed)
/// listing.entries.count   // the NATIONAL HA-2 rolling-3 row's missed count
/// ```
public struct ItemListing: Sendable {
    /// One item and the series it belongs to.
    public struct Entry: Sendable, Equatable {
        public var providerID: String
        public var contract: String
        public var kpi: String
        public var item: MeasuredItem
    }

    /// What was asked: the provider (or pool, or "every provider"), KPI, window and month, for the title.
    public var subject: String
    public var entries: [Entry]

    /// - Throws: ``UserInputError`` for a contract, provider, KPI or month the evaluation does not have, or a window
    ///   without a month.
    public init(_ evaluation: KPIEvaluation, dataset: Dataset, selection: ReportSelection, window: ReportWindow? = nil,
                status: ItemStatus? = nil) throws(UserInputError) {
        try selection.check(evaluation)
        if window != nil && selection.month == nil { throw UserInputError("--window needs --month (the window's last month)") }
        // The provider series behind the selection: its own, or a pool's members'.
        let providers = selection.providerRows(in: evaluation)
        let wanted = evaluation.orderedSeries(ReportSelection(contract: selection.contract, kpi: selection.kpi)).filter { s in
            let series = evaluation.series[s]
            guard case .provider(let row) = series.scope else { return false }
            return providers?.contains(row) ?? true
        }
        let months = selection.month.map { (window ?? .inMonth).months(endingIn: $0, from: Month(rawValue: Int32.min)) }
        let single = months.flatMap { $0.lowerBound == $0.upperBound ? $0.lowerBound : nil }
        let found = evaluation.items(in: dataset, series: wanted, month: single, status: status)
        var entries: [Entry] = []
        for (k, s) in wanted.enumerated() {
            let series = evaluation.series[s]
            let kpi = evaluation.definition(ofSeries: s).id
            for item in found[k] where months?.contains(Month(containing: item.counted)) ?? true {
                entries.append(Entry(providerID: series.providerID, contract: series.contract, kpi: kpi, item: item))
            }
        }
        self.entries = entries
        let who = selection.provider ?? "every provider"
        let what = [selection.contract, selection.kpi].compactMap { $0 }.joined(separator: " ")
        let when = selection.month.map { " \($0)\(window.map { " \($0)" } ?? "")" } ?? ""
        subject = [who, what].filter { !$0.isEmpty }.joined(separator: " ") + when
    }
}
