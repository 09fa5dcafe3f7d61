import KPIEngine
import WorkingDays

extension PerformanceNotice {
    /// The notice of `kpi notice`: over `period`, else the 12 months to the selection's month, else to the as-of
    /// month; of every provider, or only the selection's provider and contract.
    ///
    /// Throws ``UserInputError`` for a provider or contract the evaluation does not have, a month outside the data or
    /// a period ending after the as-of month.
    public init(checking evaluation: KPIEvaluation, selection: ReportSelection, period: ClosedRange<Month>?) throws(UserInputError) {
        try selection.check(evaluation, pooled: false)
        let asOfMonth = Month(containing: evaluation.asOf), last = selection.month ?? asOfMonth
        let months = period ?? last.advanced(by: -11)...last
        guard months.upperBound <= asOfMonth else {
            throw UserInputError("--period \(months.lowerBound)..\(months.upperBound): ends after the as-of month \(asOfMonth)")
        }
        self.init(evaluation: evaluation, period: months, providerID: selection.provider, contract: selection.contract, kpi: selection.kpi)
    }
}
