import Assurance
import KPIEngine
import WorkingDays
import _ATWUtilities

/// One KPI's standing in one month, as PMIR reads it.
public struct PMIRKPIMonth: Sendable, Equatable {
    /// Below target in-month (`nil`: nothing measured).
    public var belowInMonth: Bool?
    /// Below target on the rolling 3-month window (`nil`: nothing measured, or a partial window the policy
    /// does not count).
    public var belowRolling3: Bool?
    /// In its lowest tier or Red in-month.
    public var lowestRating: Bool
    /// The rolling 3-month rate, exact (`RateComparison.scaledPercent`), for "not improving".
    public var rolling3Rate: Int64?
    /// The in-month and rolling 3-month counts and the target, for reasons (`nil`: not given).
    public var inMonth: RateComparison?
    public var rolling3: RateComparison?
    public var target: BasisPoints?
    /// The statistical evidence of a shortfall this month, in words (`nil`: none found).
    public var evidence: String?

    public init(belowInMonth: Bool?, belowRolling3: Bool?, lowestRating: Bool = false, rolling3Rate: Int64? = nil,
                inMonth: RateComparison? = nil, rolling3: RateComparison? = nil, target: BasisPoints? = nil,
                evidence: String? = nil) {
        self.belowInMonth = belowInMonth
        self.belowRolling3 = belowRolling3
        self.lowestRating = lowestRating
        self.rolling3Rate = rolling3Rate
        self.inMonth = inMonth
        self.rolling3 = rolling3
        self.target = target
        self.evidence = evidence
    }

    /// Below target on a window (in-month or rolling 3).
    func below(_ window: ReportWindow) -> Bool? { window == .rolling3 ? belowRolling3 : belowInMonth }

    /// `": 92.0% of 300 items against 96% in 2026-03"` for a window (`in the 3 months to 2026-03` on rolling 3),
    /// or empty without figures: the rate to one decimal, rounded half up exactly.
    func figures(_ window: ReportWindow, _ month: Month) -> String {
        guard let counts = window == .rolling3 ? rolling3 : inMonth, let rate = counts.percentText(places: 1), let target else { return "" }
        return ": \(rate)% of \(counts.measured) item\(counts.measured == 1 ? "" : "s") against \(target)% \(window == .rolling3 ? "in the 3 months to" : "in") \(month)"
    }
}

/// A provider's PMIR level in one month, and why.
public struct PMIRRow: Sendable, Equatable {
    public var providerID: String
    public var contract: String
    public var month: Month
    public var level: PMIRLevel
    public var reason: String
}

/// The PMIR state machine, month by month, for one provider and contract.
///
/// Rule (per ``PMIRPolicy``; the DocC articles "PMIR" and "Assurance" have the whole rule): a KPI's shortfall
/// *counts* in a month when it is below target on the window a trigger names and, if the policy requires
/// evidence, it has evidence that month (``PMIRKPIMonth/evidence``). Each month first updates, per KPI, how
/// many consecutive months it has been below target in-month, on rolling 3 and in its lowest rating; then
/// - **down one level** when no KPI's shortfall has counted (in-month or rolling 3) for the step-down months;
/// - else **to 3** from 1 or 2 when a KPI has been in its lowest rating for that many consecutive months;
/// - else **1 → 2** when a KPI has been below target in-month, or on its rolling 3-month window, for that many
///   consecutive months;
/// - else **2 → 3** after that many consecutive months at level 2 (after the month it was reached) with some
///   KPI still below target on the policy's window (the same KPI every month, when the policy says so);
/// - else **3 → 4** once that many months have passed at level 3 (after the month it was reached), when a KPI
///   below target on that window has a rolling 3-month rate no better than that many months before.
/// Persistence is the run of months below target; materiality is the evidence in the month of the change.
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

    /// The level and reason of every month; `months[i][k]` is KPI k in month `from + i`.
    public func run(months: [[PMIRKPIMonth]], from first: Month) -> [(level: PMIRLevel, reason: String)] {
        var level = PMIRLevel.standard
        var monthsAtLevel = 0, stillBelowAtEnhanced = 0, onTargetRun = 0
        var belowRun = [Int](repeating: 0, count: kpis.count), rollingRun = belowRun, lowestRun = belowRun, stillRun = belowRun
        var result: [(level: PMIRLevel, reason: String)] = []
        func span(_ end: Month, _ length: Int) -> String {
            length <= 1 ? end.description : "\(end.advanced(by: 1 - length)) to \(end)"
        }
        func run(_ current: Int, _ below: Bool?) -> Int { below == true ? current + 1 : below == false ? 0 : current }
        let still = policy.stillBelowWindow
        for (i, statuses) in months.enumerated() {
            let month = first.advanced(by: i)
            func material(_ k: Int) -> Bool { !policy.evidence.required || statuses[k].evidence != nil }
            func because(_ k: Int) -> String {
                guard policy.evidence.required, let evidence = statuses[k].evidence else { return "" }
                return ", " + evidence
            }
            for k in kpis.indices {
                let s = statuses[k]
                belowRun[k] = run(belowRun[k], s.belowInMonth)
                rollingRun[k] = run(rollingRun[k], s.belowRolling3)
                lowestRun[k] = s.belowInMonth == nil ? lowestRun[k] : s.lowestRating ? lowestRun[k] + 1 : 0
            }
            let failingInMonth = kpis.indices.filter { statuses[$0].belowInMonth == true && material($0) }
            let failingRolling = kpis.indices.filter { statuses[$0].belowRolling3 == true && material($0) }
            let failingStill = still == .rolling3 ? failingRolling : failingInMonth
            let belowStill = kpis.indices.filter { statuses[$0].below(still) == true }
            let measured = statuses.contains { $0.belowInMonth != nil }
            // A month with nothing measured neither breaks nor extends a run on target.
            onTargetRun = !(failingInMonth.isEmpty && failingRolling.isEmpty) ? 0 : measured ? onTargetRun + 1 : onTargetRun
            // Months at the current level after the month it was reached (this month included).
            if i > 0 { monthsAtLevel += 1 }
            if level == .enhanced {
                stillBelowAtEnhanced = belowStill.isEmpty ? 0 : stillBelowAtEnhanced + 1
                for k in kpis.indices { stillRun[k] = belowStill.contains(k) ? stillRun[k] + 1 : 0 }
            }
            // The KPI whose run at level 2 carries it to level 3: any KPI below each month, or the same one.
            let stillKPI = policy.stillBelowSameKPI
                ? failingStill.first { stillRun[$0] >= policy.monthsAtEnhancedStillBelow }
                : stillBelowAtEnhanced >= policy.monthsAtEnhancedStillBelow ? failingStill.first : nil
            let previous = level
            var reason = ""
            if level > .standard && policy.stepDownMonths > 0 && onTargetRun >= policy.stepDownMonths {
                level = level.stepDown
                let what = policy.evidence.required ? "no KPI materially below target" : "every KPI on target"
                reason = "stepped down to \(level.label): \(what) in \(span(month, onTargetRun))"
                onTargetRun = 0
            } else if level < .informal, policy.lowestRatingMonths > 0,
                      let k = kpis.indices.first(where: { lowestRun[$0] >= policy.lowestRatingMonths && material($0) }) {
                level = .informal
                reason = "escalated to \(PMIRLevel.informal.label): \(kpis[k]) in its lowest rating in-month in \(span(month, lowestRun[k]))"
                    + statuses[k].figures(.inMonth, month) + because(k)
            } else if level == .standard, let trigger = enhancedTrigger(statuses, belowRun, rollingRun, month, span, material, because) {
                level = .enhanced
                reason = "escalated to \(PMIRLevel.enhanced.label): " + trigger
            } else if level == .enhanced, policy.monthsAtEnhancedStillBelow > 0, let k = stillKPI {
                level = .informal
                if policy.stillBelowSameKPI {
                    reason = "escalated to \(PMIRLevel.informal.label): \(kpis[k]) still below target \(Self.windowName(still)) at level 2 for \(stillRun[k]) months (\(span(month, stillRun[k])))"
                } else {
                    let names = failingStill.map { kpis[$0] }.joined(separator: ", ")
                    reason = "escalated to \(PMIRLevel.informal.label): still below target \(Self.windowName(still)) at level 2 for \(stillBelowAtEnhanced) months (\(span(month, stillBelowAtEnhanced)); now \(names))"
                }
                reason += statuses[k].figures(still, month) + because(k)
            } else if level == .informal, policy.monthsAtInformal > 0, monthsAtLevel >= policy.monthsAtInformal,
                      let k = notImproving(failingStill, months, i) {
                level = .formal
                let back = month.advanced(by: -policy.notImprovingOverMonths)
                reason = "escalated to \(PMIRLevel.formal.label): \(monthsAtLevel) months at level 3 and \(kpis[k]) below target \(Self.windowName(still)) with its rolling 3-month rate no better than in \(back)"
                    + statuses[k].figures(.rolling3, month) + because(k)
            }
            if level != previous {
                monthsAtLevel = 0
                stillBelowAtEnhanced = 0
                stillRun = stillRun.map { _ in 0 }
            } else {
                // Each failing KPI with its figures on the window it fails (rolling 3 when it fails there).
                let failing = Array(Set(failingInMonth + failingRolling)).sorted().map { k in
                    let figures = statuses[k].figures(failingRolling.contains(k) ? .rolling3 : .inMonth, month)
                    return kpis[k] + (figures.isEmpty ? "" : " (" + figures.dropFirst(2) + ")")
                }
                let notCounted = Array(Set(kpis.indices.filter { statuses[$0].belowInMonth == true || statuses[$0].belowRolling3 == true })
                    .subtracting(failingInMonth + failingRolling)).sorted().map { kpis[$0] }
                let aside = notCounted.isEmpty || !policy.evidence.required ? ""
                    : " (below target without evidence: \(notCounted.joined(separator: ", ")))"
                if level == .standard && failing.isEmpty {
                    reason = "\(PMIRLevel.standard.label): no trigger" + aside
                } else if failing.isEmpty {
                    let what = policy.evidence.required ? "no KPI materially below target" : "every KPI on target"
                    reason = "held at \(level.label): \(what) for \(onTargetRun) of the \(policy.stepDownMonths) months needed to step down" + aside
                } else {
                    let kind = policy.evidence.required ? "materially below target" : "below target"
                    reason = "held at \(level.label): \(kind) in \(month): \(failing.joined(separator: ", "))" + aside
                }
            }
            result.append((level, reason))
        }
        return result
    }

    static func windowName(_ window: ReportWindow) -> String {
        window == .rolling3 ? "on the rolling 3-month window" : "in-month"
    }

    /// Why level 1 goes to 2 this month, or `nil`.
    func enhancedTrigger(_ statuses: [PMIRKPIMonth], _ belowRun: [Int], _ rollingRun: [Int], _ month: Month,
                         _ span: (Month, Int) -> String, _ material: (Int) -> Bool, _ because: (Int) -> String) -> String? {
        if policy.inMonthBelowTargetMonths > 0,
           let k = kpis.indices.first(where: { belowRun[$0] >= policy.inMonthBelowTargetMonths && statuses[$0].belowInMonth == true && material($0) }) {
            return "\(kpis[k]) below target in-month in \(span(month, belowRun[k]))" + statuses[k].figures(.inMonth, month) + because(k)
        }
        if policy.rolling3BelowTargetMonths > 0,
           let k = kpis.indices.first(where: { rollingRun[$0] >= policy.rolling3BelowTargetMonths && statuses[$0].belowRolling3 == true && material($0) }) {
            let when = rollingRun[k] <= 1 ? "ending \(month)" : "in \(span(month, rollingRun[k]))"
            return "\(kpis[k]) below target on the rolling 3-month window \(when)" + statuses[k].figures(.rolling3, month) + because(k)
        }
        return nil
    }

    /// A failing KPI whose rolling 3-month rate is no better than `notImprovingOverMonths` before.
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
    /// window that reaches before the service start (partial) counts only when the policy says so. Evidence
    /// comes from ``SPCAnalysis`` (pass one already made, or the default charts are drawn).
    public init(_ report: KPIReport, policy: PMIRPolicy, spc: SPCAnalysis? = nil) {
        let evaluation = report.evaluation
        let charts = policy.evidence.required ? spc ?? SPCAnalysis(report) : nil
        let test = ShortfallTest(confidence: policy.evidence.confidence, minimumItems: Int64(policy.evidence.minimumItems))
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
                    let partial = report.windows.isPartial(series: s, window: .rolling3, month: month)
                    var status = PMIRKPIMonth(belowInMonth: a.targetMet(kpi.target).map { !$0 },
                                              belowRolling3: partial && !policy.partialRolling3Counts ? nil : b.targetMet(kpi.target).map { !$0 },
                                              lowestRating: a.rating(kpi.rating)?.isLowest ?? false,
                                              rolling3Rate: b.scaledPercent, inMonth: a, rolling3: b, target: kpi.target)
                    if policy.evidence.required && (status.belowInMonth == true || status.belowRolling3 == true) {
                        status.evidence = Self.evidence(report, series: s, kpi: kpi, month: month, policy.evidence, test,
                                                        charts?.chart(series: s))
                    }
                    return status
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

    /// The evidence of a shortfall of one series in one month, in words, or `nil`.
    static func evidence(_ report: KPIReport, series s: Int, kpi: KPIDefinition, month: Month, _ rules: PMIREvidence,
                         _ test: ShortfallTest, _ chart: SeriesControlChart?) -> String? {
        var found: [String] = []
        let c = report.windows.counts(series: s, window: rules.testWindow, month: month)
        let measured = c.met + c.missed
        let target = Double(kpi.target.rawValue) / 10_000
        let point = chart?.point(in: month)
        let dispersion = chart?.chart.points.last { $0.month <= month }?.dispersion ?? 1
        let result = test.test(met: c.met, measured: measured, target: target, dispersion: dispersion)
        if result.significant {
            let window = rules.testWindow == .rolling3 ? " over 3 months" : rules.testWindow == .inMonth ? "" : " over \(rules.testWindow)"
            let phi = dispersion > 1 ? ", allowing for over-dispersion \(_decimalText(dispersion, places: 2))" : ""
            found.append("\(Self.strength(result.pValue)) evidence (p \(Self.pText(result.pValue))\(window)\(phi))")
        }
        if let point {
            if rules.spcConcern, point.variation == .concern, let rule = point.rule {
                found.append("a special-cause concern (\(rule.rawValue.replacingOccurrences(of: "_", with: " ")))")
            }
            if rules.assuranceFail, point.assurance == .fail {
                found.append("control limits wholly below target (upper \(_decimalText(point.upper * 100, places: 1))%)")
            }
        }
        return found.isEmpty ? nil : found.joined(separator: " and ")
    }

    /// The usual words for a one-sided p-value: very strong below 0.001, strong below 0.01, moderate below 0.05,
    /// else weak.
    static func strength(_ p: Double) -> String {
        p < 0.001 ? "very strong" : p < 0.01 ? "strong" : p < 0.05 ? "moderate" : "weak"
    }

    /// `= 0.005` (three decimals) or `< 0.001`.
    static func pText(_ p: Double) -> String { p < 0.001 ? "< 0.001" : "= " + _decimalText(p, places: 3) }
}
