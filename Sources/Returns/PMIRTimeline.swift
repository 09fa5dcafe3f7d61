import KPIEngine
import WorkingDays

/// One KPI's standing in one month, as PMIR reads it.
public struct PMIRKPIMonth: Sendable, Equatable {
    /// Below target in-month (`nil`: nothing measured).
    public var belowInMonth: Bool?
    /// Below target on the rolling 3-month window (`nil`: nothing measured).
    public var belowRolling3: Bool?
    /// In its lowest tier or Red in-month.
    public var lowestRating: Bool
    /// The rolling 3-month rate, exact (`RateComparison.scaledPercent`), for "not improving".
    public var rolling3Rate: Int64?

    public init(belowInMonth: Bool?, belowRolling3: Bool?, lowestRating: Bool = false, rolling3Rate: Int64? = nil) {
        self.belowInMonth = belowInMonth
        self.belowRolling3 = belowRolling3
        self.lowestRating = lowestRating
        self.rolling3Rate = rolling3Rate
    }
}

/// A provider's PMIR level in one month, and why.
public struct PMIRRow: Sendable, Equatable {
    public var providerID: String
    public var contract: String
    public var month: Month
    /// 1 Standard, 2 Enhanced (action plan), 3 Informal (management letter), 4 Formal (notice).
    public var level: Int
    public var reason: String
}

/// The PMIR state machine, month by month, for one provider and contract.
///
/// Rule (per ``PMIRPolicy``; the DocC article "PMIR" has the whole rule): each month first updates, per KPI,
/// how many consecutive months it has been below target in-month and in its lowest rating; then
/// - **down one level** when every KPI has been on target (in-month and rolling 3) for the step-down months;
/// - else **to 3** from 1 or 2 when a KPI has been in its lowest rating for that many consecutive months;
/// - else **1 → 2** when a KPI has been below target in-month for that many consecutive months, or is below
///   target on its rolling 3-month window;
/// - else **2 → 3** after that many consecutive months at level 2 (after the month it was reached) with some
///   KPI still below target in-month;
/// - else **3 → 4** once that many months have passed at level 3 (after the month it was reached), when a KPI
///   below target in-month has a rolling 3-month rate no better than that many months before.
/// At most one change a month; every change restarts the counts. A month with nothing measured for a KPI
/// neither fails nor passes it (nor, with nothing measured at all, extends a run on target).
///
/// ```swift
/// let machine = PMIRStateMachine(kpis: ["HA-1", "HA-2"], policy: try .default)
/// let levels = machine.run(months: statuses, from: Month("2026-01")!)   // [(level, reason)] per month
/// ```
public struct PMIRStateMachine: Sendable {
    public let kpis: [String]
    public let policy: PMIRPolicy

    public init(kpis: [String], policy: PMIRPolicy) {
        self.kpis = kpis
        self.policy = policy
    }

    static let names = [1: "Standard", 2: "Enhanced", 3: "Informal", 4: "Formal"]

    /// The level and reason of every month; `months[i][k]` is KPI k in month `from + i`.
    public func run(months: [[PMIRKPIMonth]], from first: Month) -> [(level: Int, reason: String)] {
        var level = 1
        var monthsAtLevel = 0, stillBelowAtEnhanced = 0, onTargetRun = 0
        var belowRun = [Int](repeating: 0, count: kpis.count), lowestRun = belowRun
        var result: [(level: Int, reason: String)] = []
        func label(_ l: Int) -> String { "level \(l) (\(Self.names[l]!))" }
        func span(_ end: Month, _ length: Int) -> String {
            length <= 1 ? end.description : "\(end.advanced(by: 1 - length))..\(end)"
        }
        for (i, statuses) in months.enumerated() {
            let month = first.advanced(by: i)
            for k in kpis.indices {
                let s = statuses[k]
                belowRun[k] = s.belowInMonth == true ? belowRun[k] + 1 : s.belowInMonth == false ? 0 : belowRun[k]
                lowestRun[k] = s.belowInMonth == nil ? lowestRun[k] : s.lowestRating ? lowestRun[k] + 1 : 0
            }
            let failingInMonth = kpis.indices.filter { statuses[$0].belowInMonth == true }
            let failingRolling = kpis.indices.filter { statuses[$0].belowRolling3 == true }
            let measured = statuses.contains { $0.belowInMonth != nil }
            // A month with nothing measured neither breaks nor extends a run on target.
            onTargetRun = !(failingInMonth.isEmpty && failingRolling.isEmpty) ? 0 : measured ? onTargetRun + 1 : onTargetRun
            // Months at the current level after the month it was reached (this month included).
            if i > 0 { monthsAtLevel += 1 }
            if level == 2 { stillBelowAtEnhanced = failingInMonth.isEmpty ? 0 : stillBelowAtEnhanced + 1 }
            let previous = level
            var reason = ""
            if level > 1 && policy.stepDownMonths > 0 && onTargetRun >= policy.stepDownMonths {
                level -= 1
                reason = "stepped down to \(label(level)): every KPI on target in \(span(month, onTargetRun))"
                onTargetRun = 0
            } else if level < 3, policy.lowestRatingMonths > 0,
                      let k = kpis.indices.first(where: { lowestRun[$0] >= policy.lowestRatingMonths }) {
                level = 3
                reason = "escalated to \(label(3)): \(kpis[k]) in its lowest rating in-month in \(span(month, lowestRun[k]))"
            } else if level == 1, let trigger = enhancedTrigger(statuses, belowRun, month, span) {
                level = 2
                reason = "escalated to \(label(2)): " + trigger
            } else if level == 2, policy.monthsAtEnhancedStillBelow > 0, stillBelowAtEnhanced >= policy.monthsAtEnhancedStillBelow {
                level = 3
                let names = failingInMonth.map { kpis[$0] }.joined(separator: ", ")
                reason = "escalated to \(label(3)): still below target in-month at level 2 for \(stillBelowAtEnhanced) months (\(span(month, stillBelowAtEnhanced)); now \(names))"
            } else if level == 3, policy.monthsAtInformal > 0, monthsAtLevel >= policy.monthsAtInformal,
                      let k = notImproving(failingInMonth, months, i) {
                level = 4
                let back = month.advanced(by: -policy.notImprovingOverMonths)
                reason = "escalated to \(label(4)): \(monthsAtLevel) months at level 3 and \(kpis[k]) below target in-month with its rolling 3-month rate no better than in \(back)"
            }
            if level != previous {
                monthsAtLevel = 0
                stillBelowAtEnhanced = 0
            } else {
                let failing = Array(Set(failingInMonth + failingRolling)).sorted().map { kpis[$0] }
                if level == 1 && failing.isEmpty {
                    reason = "\(label(1)): no trigger"
                } else if failing.isEmpty {
                    reason = "held at \(label(level)): every KPI on target for \(onTargetRun) of the \(policy.stepDownMonths) months needed to step down"
                } else {
                    reason = "held at \(label(level)): below target in \(month): \(failing.joined(separator: ", "))"
                }
            }
            result.append((level, reason))
        }
        return result
    }

    /// Why level 1 goes to 2 this month, or `nil`.
    func enhancedTrigger(_ statuses: [PMIRKPIMonth], _ belowRun: [Int], _ month: Month,
                         _ span: (Month, Int) -> String) -> String? {
        if policy.inMonthBelowTargetMonths > 0,
           let k = kpis.indices.first(where: { belowRun[$0] >= policy.inMonthBelowTargetMonths }) {
            return "\(kpis[k]) below target in-month in \(span(month, belowRun[k]))"
        }
        if policy.rolling3BelowTarget, let k = kpis.indices.first(where: { statuses[$0].belowRolling3 == true }) {
            return "\(kpis[k]) below target on the rolling 3-month window ending \(month)"
        }
        return nil
    }

    /// A KPI failing in-month whose rolling 3-month rate is no better than `notImprovingOverMonths` before.
    func notImproving(_ failing: [Int], _ months: [[PMIRKPIMonth]], _ i: Int) -> Int? {
        let back = i - policy.notImprovingOverMonths
        return failing.first { k in
            guard back >= 0, let now = months[i][k].rolling3Rate else { return false }
            guard let then = months[back][k].rolling3Rate else { return true }   // nothing to have improved on
            return now <= then
        }
    }
}

/// PMIR levels of every provider and contract, month by month from the service start to the as-of month.
///
/// ```swift
/// let timeline = PMIRTimeline(KPIReport(evaluation), policy: try .default)
/// timeline.rows.last { $0.providerID == "P001" }?.level
/// ```
public struct PMIRTimeline: Sendable {
    public let rows: [PMIRRow]

    /// Quarterly KPIs (HA-6) are not used: they have no in-month or rolling 3-month figure. A rolling 3-month
    /// window that reaches before the service start (partial) does not count as a rolling-3 breach.
    public init(_ report: KPIReport, policy: PMIRPolicy) {
        let evaluation = report.evaluation
        var rows: [PMIRRow] = []
        var byProvider: [Int: [Int]] = [:]   // provider row → its series
        for (s, item) in evaluation.series.enumerated() {
            if case .provider(let row) = item.scope { byProvider[row, default: []].append(s) }
        }
        let last = report.asOfMonth
        for row in byProvider.keys.sorted(by: { a, b in
            let x = evaluation.series[byProvider[a]![0]], y = evaluation.series[byProvider[b]![0]]
            return (x.contract, x.providerID) < (y.contract, y.providerID)
        }) {
            let series = byProvider[row]!.filter { s in
                !evaluation.catalog.definitions[evaluation.series[s].contractIndex].kpis[evaluation.series[s].kpiIndex].isQuarterly
            }
            guard let firstSeries = series.first else { continue }
            let item = evaluation.series[firstSeries]
            let kpis = series.map { evaluation.catalog.definitions[item.contractIndex].kpis[evaluation.series[$0].kpiIndex] }
            guard item.firstMonth <= last else { continue }
            let months = Array(item.firstMonth...last)
            let statuses = months.map { month in
                zip(series, kpis).map { s, kpi -> PMIRKPIMonth in
                    let inMonth = report.windows.counts(series: s, window: .inMonth, month: month)
                    let rolling = report.windows.counts(series: s, window: .rolling3, month: month)
                    let a = RateComparison(met: inMonth.met, measured: inMonth.met + inMonth.missed)
                    let b = RateComparison(met: rolling.met, measured: rolling.met + rolling.missed)
                    // A rolling window that reaches before the service start is the in-month figure again
                    // (or two months of it): it does not trigger on its own.
                    let partial = report.windows.isPartial(series: s, window: .rolling3, month: month)
                    return PMIRKPIMonth(belowInMonth: a.targetMet(kpi.target).map { !$0 },
                                        belowRolling3: partial ? nil : b.targetMet(kpi.target).map { !$0 },
                                        lowestRating: a.rating(kpi.rating)?.isLowest ?? false,
                                        rolling3Rate: b.scaledPercent)
                }
            }
            let machine = PMIRStateMachine(kpis: kpis.map(\.id), policy: policy)
            for (month, state) in zip(months, machine.run(months: statuses, from: item.firstMonth)) {
                rows.append(PMIRRow(providerID: item.providerID, contract: item.contract, month: month,
                                    level: state.level, reason: state.reason))
            }
        }
        self.rows = rows
    }
}
