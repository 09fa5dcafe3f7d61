import CaseData
import KPIEngine
import WorkingDays
import _ATWUtilities

extension MIReturns {
    /// The months of the Cabinet Office return for `month`: the calendar quarter holding it (January–March,
    /// April–June, July–September, October–December), from its first month through `month`.
    ///
    /// Example: 2026-12 gives 2026-10…2026-12; 2026-11 gives 2026-10…2026-11 (a quarter so far).
    public static func cabinetOfficeMonths(_ month: Month) -> ClosedRange<Month> {
        month.quarterStart...month
    }

    /// The Cabinet Office KPI return of one provider (rows in the MI long form).
    ///
    /// Rule: for each of the contract's `cabinet_office.top_kpis` and each month of the quarter from the
    /// provider's service start: `<KPI>_met`, `<KPI>_measured`, `<KPI>_rate` (percentage, 4 decimals, empty
    /// with nothing measured), `<KPI>_target` and `<KPI>_rating` (the Cabinet Office tier 4…1, or G/A/R for a
    /// KPI with RAG bands), period the month (`2026-10`); then, when `month` ends the quarter, the same five
    /// for each `social_value` KPI over the quarter (period `quarter`). First `quarter_from` and `quarter_to`.
    static func cabinetOffice(_ evaluation: KPIEvaluation, definition: ContractDefinition, provider p: Int,
                              serviceStart: Month, month: Month,
                              add: (_ measure: String, _ period: MIPeriod, _ value: String) -> Void) {
        let quarter = cabinetOfficeMonths(month)
        add("quarter_from", .quarter, quarter.lowerBound.description)
        add("quarter_to", .quarter, quarter.upperBound.description)
        let publication = definition.publication
        let quarterEnds = month.isQuarterEnd
        for id in publication.cabinetOfficeKPIs + (quarterEnds ? publication.socialValueKPIs : []) {
            guard let k = definition.kpis.firstIndex(where: { $0.id == id }) else { continue }
            let kpi = definition.kpis[k]
            let series = evaluation.series(providerRow: p, kpiIndex: k)
            func figures(_ months: ClosedRange<Month>, period: MIPeriod) {
                let from = max(months.lowerBound, serviceStart)
                let comparison = series.flatMap { s in from <= months.upperBound ? evaluation.counts.comparison(series: s, months: from...months.upperBound) : nil }
                    ?? RateComparison(met: 0, measured: 0)
                add(id + "_met", period, _countText(comparison.met, unitsPerCount: kpi.unitsPerCount))
                add(id + "_measured", period, _countText(comparison.measured, unitsPerCount: kpi.unitsPerCount))
                add(id + "_rate", period, comparison.percentText ?? "")
                add(id + "_target", period, kpi.target.percentText)
                add(id + "_rating", period, comparison.rating(kpi.rating)?.description ?? "")
            }
            if kpi.isQuarterly {
                figures(quarter.lowerBound...quarter.lowerBound.advanced(by: 2), period: .quarter)
            } else {
                for m in quarter where m >= serviceStart { figures(m...m, period: .month(m)) }
            }
        }
    }
}
