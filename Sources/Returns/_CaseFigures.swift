import CaseData
import KPIEngine
import WorkingDays

/// The case-level counts behind MMIR and MHSS monthly MI for one provider, as of a date. Every day range is
/// inclusive, and nothing after the as-of date counts.
/// Every provider's case rows, in row order, from one pass over the cases.
func _casesByProvider(_ dataset: Dataset) -> [[Int]] {
    var byProvider = [[Int]](repeating: [], count: dataset.providers.count)
    for c in 0..<dataset.cases.count { byProvider[Int(dataset.cases.provider[c])].append(c) }
    return byProvider
}

struct _CaseFigures {
    let dataset: Dataset
    let provider: Int
    let asOf: Int32
    let calendar: WorkingDayCalendar
    /// The provider's case rows.
    let cases: [Int]
    /// Per document (``Vocabulary/documents`` order), the first day each of the provider's cases had it
    /// accepted by the as-of date, by case row: one pass over the reports serves every return.
    let firstAcceptedByDocument: [[Int: Int32]]

    /// `cases`: the provider's case rows, in row order (``_casesByProvider(_:)`` gives them for every provider).
    init(dataset: Dataset, provider: Int, cases: [Int], asOf: Day) {
        self.dataset = dataset
        self.provider = provider
        self.asOf = asOf.rawValue
        self.cases = cases
        calendar = WorkingDayCalendar.standard(dataset.providers.divisions[provider])
        let reports = dataset.reports, owner = dataset.cases.provider
        var first = [[Int: Int32]](repeating: [:], count: Vocabulary.documents.count)
        for r in 0..<reports.count where reports.outcome[r] == 0 && Int(owner[Int(reports.caseRow[r])]) == provider {
            let day = reports.decided[r]
            guard day != _missing32 && day <= asOf.rawValue else { continue }
            let d = Int(reports.document[r]), c = Int(reports.caseRow[r])
            first[d][c] = min(first[d][c] ?? .max, day)
        }
        firstAcceptedByDocument = first
    }

    /// Whether case row `c` is the provider's.
    @inline(__always)
    func mine(_ c: Int) -> Bool { Int(dataset.cases.provider[c]) == provider }

    func happened(_ day: Int32, _ from: Int32, _ to: Int32) -> Bool { day != _missing32 && day >= from && day <= to && day <= asOf }

    /// The first day each of the provider's cases had a `document` accepted (decided), by case row.
    func firstAccepted(_ document: String) -> [Int: Int32] {
        firstAcceptedByDocument[Vocabulary.documents.firstIndex(of: document)!]
    }

    func complaints(from: Int32, to: Int32) -> [(String, String)] {
        let t = dataset.complaints
        var handled = 0, workingDays = 0, referred = 0
        for i in 0..<t.count where Int(t.provider[i]) == provider {
            if happened(t.resolved[i], from, to) {
                handled += 1
                workingDays += calendar.workingDays(after: Day(rawValue: t.received[i]), through: Day(rawValue: t.resolved[i]))
            }
            if happened(t.referredToDWP[i], from, to) { referred += 1 }
        }
        return [("complaints_handled", String(handled)),
                ("complaint_resolution_working_days_mean", handled == 0 ? "" : MIReturns.decimal(workingDays, over: handled)),
                ("complaints_referred_to_dwp", String(referred))]
    }

    // MARK: MMIR

    func mmir(from: Int32, to: Int32) -> [(String, String)] {
        let x = dataset.cancellations
        var byProvider = 0, byCustomer = 0, rebooked = 0, attempts = 0, offered = 0
        for i in 0..<x.count where mine(Int(x.caseRow[i])) && happened(x.cancelled[i], from, to) {
            if x.by[i] == 0 { byProvider += 1 } else { byCustomer += 1 }
            if x.rebooked[i] != _missing32 { rebooked += 1 }
            if x.contactAttempts[i] != _missing32 { attempts += Int(x.contactAttempts[i]) }
            if x.appointmentsOffered[i] != _missing32 { offered += Int(x.appointmentsOffered[i]) }
        }
        let t = dataset.typeChanges
        var toVirtual = 0, toFaceToFace = 0
        for i in 0..<t.count where mine(Int(t.caseRow[i])) && happened(t.changed[i], from, to) {
            if t.to[i] == 0 { toVirtual += 1 } else { toFaceToFace += 1 }
        }
        let complaintFigures = complaints(from: from, to: to)
        return [("cancellations_by_provider", String(byProvider)), ("cancellations_by_customer", String(byCustomer)),
                ("cancellations_rebooked", String(rebooked)), ("contact_attempts", String(attempts)),
                ("appointments_offered", String(offered))]
            + complaintFigures
            + [("type_changes_to_virtual", String(toVirtual)), ("type_changes_to_face_to_face", String(toFaceToFace))]
    }

    /// Top ten solutions (of cases whose HA report was first accepted in the period), cancellation reasons and
    /// type-change reasons.
    func mmirLists(from: Int32, to: Int32) -> [(String, [String: Int], Int?)] {
        let accepted = firstAccepted("ha_report")
        var solutions: [String: Int] = [:]
        let s = dataset.recommendations
        for i in 0..<s.count {
            let c = Int(s.caseRow[i])
            guard mine(c), let day = accepted[c], day >= from && day <= to, let name = s.solution[i] else { continue }
            solutions[name, default: 0] += 1
        }
        var cancelReasons: [String: Int] = [:], changeReasons: [String: Int] = [:]
        let x = dataset.cancellations
        for i in 0..<x.count where mine(Int(x.caseRow[i])) && happened(x.cancelled[i], from, to) {
            cancelReasons[x.reason[i] ?? "(none given)", default: 0] += 1
        }
        let t = dataset.typeChanges
        for i in 0..<t.count where mine(Int(t.caseRow[i])) && happened(t.changed[i], from, to) {
            changeReasons[t.reason[i] ?? "(none given)", default: 0] += 1
        }
        return [("top_solutions", solutions, 10), ("cancellation_reasons", cancelReasons, nil),
                ("type_change_reasons", changeReasons, nil)]
    }

    /// HA cases open at `monthEnd`: referred by then, not withdrawn by then, no HA report accepted by then.
    func openCases(monthEnd: Int32) -> [(String, String)] {
        let accepted = firstAccepted("ha_report")
        var open = 0, oldest: Int32?
        for c in cases {
            let referral = dataset.cases.referralReceived[c], withdrawn = dataset.cases.withdrawn[c]
            guard referral <= monthEnd else { continue }
            if withdrawn != _missing32 && withdrawn <= monthEnd { continue }
            if let day = accepted[c], day <= monthEnd { continue }
            open += 1
            oldest = max(oldest ?? 0, monthEnd - referral)
        }
        return [("open_cases_month_end", String(open)), ("oldest_open_case_days", oldest.map { String($0) } ?? "")]
    }

    // MARK: MHSS monthly

    func mhss(from: Int32, to: Int32) -> [(String, String)] {
        let t = dataset.cases
        var referrals = 0, apprentices = 0, withdrawnEarly = 0
        var sixMonthApprentices = 0, sixMonthRetained = 0, exitApprentices = 0, exitRetained = 0
        for c in cases {
            if happened(t.referralReceived[c], from, to) {
                referrals += 1
                if t.apprentice[c] == 1 { apprentices += 1 }
            }
            let withdrawn = t.withdrawn[c]
            if happened(withdrawn, from, to) {
                let sixMonths = t.supportPeriodEnd[c] != _missing32 ? t.supportPeriodEnd[c]
                    : Day(rawValue: t.referralReceived[c]).addingCalendarMonths(6).rawValue
                if withdrawn < sixMonths { withdrawnEarly += 1 }
            }
            guard t.apprentice[c] == 1 else { continue }
            let stillIn = { (point: Int32) in withdrawn == _missing32 || withdrawn > point || withdrawn > asOf }
            if happened(t.supportPeriodEnd[c], from, to) {
                sixMonthApprentices += 1
                if stillIn(t.supportPeriodEnd[c]) { sixMonthRetained += 1 }
            }
            if happened(t.sustainmentEnd[c], from, to) {
                exitApprentices += 1
                if stillIn(t.sustainmentEnd[c]) { exitRetained += 1 }
            }
        }
        let plans = firstAccepted("support_plan").values.filter { $0 >= from && $0 <= to }.count
        let reviews = firstAccepted("six_month_report").values.filter { $0 >= from && $0 <= to }.count
        let complaintFigures = complaints(from: from, to: to).filter { $0.0 != "complaint_resolution_working_days_mean" }
        return [("referrals", String(referrals)), ("apprentice_referrals", String(apprentices)),
                ("support_plans_completed", String(plans)), ("six_month_reports_completed", String(reviews)),
                ("withdrawals_before_six_months", String(withdrawnEarly)),
                ("apprentice_retention_six_month_pct", MIReturns.percentOrEmpty(sixMonthRetained, of: sixMonthApprentices)),
                ("apprentice_retention_exit_pct", MIReturns.percentOrEmpty(exitRetained, of: exitApprentices))]
            + complaintFigures
    }

    /// The MI measures that are KPI figures, as the contract definition names them (``MIFigure``): each KPI's
    /// missed items over the months `from`…`to` (MHSS: support plans, six-month and exit reports late), and the
    /// missed share as a percentage where the definition asks for it.
    func lateReturns(_ evaluation: KPIEvaluation, from: Month, to: Month) -> [(String, String)] {
        guard let definition = evaluation.catalog.definition(for: dataset.providers.contracts[provider]) else { return [] }
        func counts(_ kpi: String) -> (met: Int, missed: Int) {
            guard let k = definition.kpis.firstIndex(where: { $0.id == kpi }),
                  let s = evaluation.series(providerRow: provider, kpiIndex: k) else { return (0, 0) }
            let c = evaluation.counts.comparison(series: s, months: from...to)
            return (Int(c.met), Int(c.measured - c.met))
        }
        var out: [(String, String)] = []
        for figure in definition.miFigures {
            let c = counts(figure.kpi)
            out.append((figure.measure, String(c.missed)))
            if figure.percentage { out.append((figure.measure + "_pct", MIReturns.percentOrEmpty(c.missed, of: c.met + c.missed))) }
        }
        return out
    }

    /// Where the provider's referrals in the period heard of the service.
    func informationSources(from: Int32, to: Int32) -> [String: Int] {
        var counts: [String: Int] = [:]
        for c in cases where happened(dataset.cases.referralReceived[c], from, to) {
            counts[dataset.cases.infoSource[c] ?? "(not recorded)", default: 0] += 1
        }
        return counts
    }
}
