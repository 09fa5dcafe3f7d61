import CaseData
import WorkingDays

/// One measured item behind a figure: what a provider lists in its action plan.
public struct MeasuredItem: Sendable, Equatable {
    /// The case the item belongs to (`nil` for an MI return, or a complaint without a case).
    public var caseID: String?
    /// What the item is: `case`, `ha_report attempt 2`, `complaint CP-17`, `return 2026-03`.
    public var item: String
    public var status: ItemStatus
    /// The day that puts it in its month (the DocC article "Item status and attribution": end event when met, day after the deadline when missed, …).
    public var counted: Day
    /// The start event (referral, decision, submission, receipt; for a return, the day after its period).
    public var start: Day
    /// `nil` for share items (HA-4, MH-8), which have none.
    public var deadline: Day?
    /// The end event, when it happened by the as-of date.
    public var end: Day?
    /// Working days from the start to the end event (to the as-of date while open), in the provider's
    /// division; `nil` for share items.
    public var workingDaysTaken: Int?
}

extension KPIEvaluation {
    /// The items of series `series` (a provider's; pools hold no items of their own), optionally only those
    /// counted in `month` and with `status`, in the order of the source tables.
    ///
    /// Rule: the same item loops as the counts, run again for one series, so the items always add up to the
    /// figure: `items(…, month: m, status: .missed).count` is the report's `missed` for that month.
    ///
    /// ```swift
    /// let late = evaluation.items(in: dataset, series: 3, month: Month("2026-10")!, status: .missed)
    /// ```
    public func items(in dataset: Dataset, series s: Int, month: Month? = nil, status: ItemStatus? = nil) -> [MeasuredItem] {
        items(in: dataset, series: [s], month: month, status: status)[0]
    }

    /// The items of several series in one pass over the data: element `k` holds the items of `series[k]`
    /// (empty for a pooled series), each list as ``items(in:series:month:status:)`` gives it.
    public func items(in dataset: Dataset, series wanted: [Int], month: Month? = nil, status: ItemStatus? = nil) -> [[MeasuredItem]] {
        _items(in: dataset, series: wanted, month: month, status: status, days: nil)
    }

    /// As ``items(in:series:month:status:)``, also only items whose attribution day is in `days`.
    func _items(in dataset: Dataset, series wanted: [Int], month: Month?, status: ItemStatus?,
                days: ClosedRange<Day>?) -> [[MeasuredItem]] {
        let providerSeries = wanted.filter { if case .provider = series[$0].scope { true } else { false } }
        var result = [[MeasuredItem]](repeating: [], count: wanted.count)
        guard !providerSeries.isEmpty else { return result }
        let plan = _plan(dataset)
        let seriesCount = series.count
        let dayRange = days.map { $0.lowerBound.rawValue...$0.upperBound.rawValue }
        let parts = plan.collectItems(dataset) {
            _ItemCollector(series: providerSeries, seriesCount: seriesCount, plan: plan, month: month?.rawValue, status: status, days: dayRange)
        }
        for (k, s) in wanted.enumerated() {
            guard case .provider(let providerRow) = series[s].scope else { continue }
            let calendar = WorkingDayCalendar.standard(dataset.providers.divisions[providerRow])
            let slot = parts[0].slot[s]
            result[k] = parts.flatMap { $0.items[slot] }.map { found in
                _measuredItem(found.status, found.day, found.start, found.deadline, found.end, found.source,
                              dataset: dataset, calendar: calendar)
            }
        }
        return result
    }

    /// The item loops' plan over `dataset` as of ``asOf`` (the evaluation's own contracts and series).
    func _plan(_ dataset: Dataset) -> _EvaluationPlan {
        _EvaluationPlan(dataset: dataset, catalog: catalog, contractIndex: _contractIndex, seriesBase: _seriesBase,
                        firstMonth: _firstMonth, monthCount: _monthCount, asOf: asOf)
    }

    /// An item as listed, as of ``asOf`` or an earlier `day` (its end shows only when it happened by then).
    func _measuredItem(
        _ status: ItemStatus, _ day: Int32, _ startDay: Int32, _ deadline: Int32, _ endDay: Int32, _ source: _ItemSource,
        dataset: Dataset, calendar: WorkingDayCalendar, asOf day0: Day? = nil
    ) -> MeasuredItem {
        let asOf = day0 ?? self.asOf
        var caseID: String?, item: String
        switch source.table {
        case .cases:
            caseID = dataset.cases.caseIDs[Int(source.row)]
            item = "case"
        case .reports:
            let r = Int(source.row)
            caseID = dataset.cases.caseIDs[Int(dataset.reports.caseRow[r])]
            item = "\(Vocabulary.documents[Int(dataset.reports.document[r])]) attempt \(dataset.reports.attempt[r])"
        case .complaints:
            let r = Int(source.row)
            let caseRow = dataset.complaints.caseRow[r]
            caseID = caseRow == _missing32 ? nil : dataset.cases.caseIDs[Int(caseRow)]
            item = "complaint \(dataset.complaints.complaintIDs[r])"
        case .returnPeriods:
            item = "return \(Month(rawValue: source.row))"
        }
        let ended = endDay != _missing32 && endDay <= asOf.rawValue
        let hasDeadline = deadline != _missing32
        let start = Day(rawValue: startDay)
        let stop = ended ? Day(rawValue: endDay) : asOf
        return MeasuredItem(
            caseID: caseID, item: item, status: status, counted: Day(rawValue: day),
            start: start, deadline: hasDeadline ? Day(rawValue: deadline) : nil,
            end: ended ? Day(rawValue: endDay) : nil,
            workingDaysTaken: hasDeadline ? calendar.workingDays(after: start, through: max(start, stop)) : nil)
    }
}
