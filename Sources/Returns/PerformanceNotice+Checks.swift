import KPIEngine
import WorkingDays

extension PerformanceNotice {
    /// The notice of `kpi notice`: over `period` (default: the 12 months to the as-of month), of every provider or
    /// only `providerID`.
    ///
    /// Throws ``UserInputError`` for a provider the evaluation does not have or a period ending after the as-of
    /// month.
    public init(checking evaluation: KPIEvaluation, period: ClosedRange<Month>?, providerID: String?) throws(UserInputError) {
        try ReportSelection(provider: providerID).check(evaluation, pooled: false)
        let asOfMonth = Month(containing: evaluation.asOf)
        let months = period ?? asOfMonth.advanced(by: -11)...asOfMonth
        guard months.upperBound <= asOfMonth else {
            throw UserInputError("--period \(months.lowerBound)..\(months.upperBound): ends after the as-of month \(asOfMonth)")
        }
        self.init(evaluation: evaluation, period: months, providerID: providerID)
    }
}
