import KPIEngine
import WorkingDays

/// One provider beside its contract: for each KPI and window, its rate, the national and regional rates, the
/// difference, its rank among the contract's providers and where it sits in the funnel (`kpi compare`).
///
/// Rule (the DocC article "Daily questions"): for the month asked (default the as-of month) and each window of each
/// KPI of the provider's contract (a quarterly KPI: its latest quarter ending by then):
/// - the provider's rate, `NATIONAL`'s and its region's pool's (`REGION:<region>`), each met / measured;
/// - the difference in percentage points, provider − national;
/// - its rank among the contract's providers with a rate in that window: 1 + the number with a strictly higher
///   rate (compared exactly on the counts: equal rates share a rank);
/// - its funnel position as the pack draws it: the adjusted limits (``FunnelLimits``) around the national rate
///   from every provider's counts in that window, at the provider's volume (none for a quarterly FTE share).
///
/// ```swift
/// let comparison = try ProviderComparison(KPIReport(evaluation), provider: "P001")
/// comparison.rows.first { $0.kpi == "HA-2" && $0.window == .rolling3 }?.rank
/// ```
public struct ProviderComparison: Sendable {
    /// One KPI and window: the report's rows it compares (the provider's, NATIONAL's, its region's) and what the
    /// comparison adds; the rest is read from those rows.
    public struct Row: Sendable, Equatable {
        /// The provider's row of the report for the window (a quarterly KPI: its latest quarter ending by then).
        public var own: KPIReportRow
        /// NATIONAL's row for the same window.
        public var nationalRow: KPIReportRow?
        public var region: String?
        /// The region's pooled row for the same window.
        public var regionalRow: KPIReportRow?
        /// 1 for the highest rate; `nil` without a rate.
        public var rank: Int?
        /// Providers of the contract with a rate in the window.
        public var ranked: Int
        public var funnel: FunnelPosition?

        public var providerID: String { own.providerID }
        public var contract: String { own.contract }
        public var kpi: String { own.kpi }
        /// The window's last month (a quarterly KPI's latest quarter end).
        public var month: Month { own.month }
        public var window: ReportWindow { own.window }
        /// In counting units: items, or ten-thousandths of an FTE for a quarterly share (``KPIReportRow/unitsPerCount``).
        public var met: Int64 { own.met }
        public var measured: Int64 { own.met + own.missed }
        public var rate: RateComparison { own.comparison }
        public var national: RateComparison? { nationalRow?.comparison }
        public var regional: RateComparison? { regionalRow?.comparison }
        /// Provider − national, in percentage points.
        public var differencePoints: Double? {
            guard measured > 0, let national, national.measured > 0 else { return nil }
            return (Double(met) / Double(measured) - Double(national.met) / Double(national.measured)) * 100
        }
    }

    public let providerID: String
    public let month: Month
    public let rows: [Row]

    /// The comparison a series filter asks for (`kpi compare`): its provider (required), contract, KPI and month.
    public init(checking report: KPIReport, selection: ReportSelection) throws(UserInputError) {
        guard let provider = selection.provider else { throw UserInputError("kpi compare needs --provider (a provider id)") }
        try self.init(report, provider: provider, contract: selection.contract, kpi: selection.kpi, month: selection.month)
    }

    /// - Throws: ``UserInputError`` for a provider (or contract, KPI, month) the report does not have, or a pool.
    public init(_ report: KPIReport, provider: String, contract: String? = nil, kpi: String? = nil,
                month: Month? = nil) throws(UserInputError) {
        let evaluation = report.evaluation
        let selection = ReportSelection(month: month, contract: contract, provider: provider, kpi: kpi)
        try selection.check(evaluation, pooled: false)
        let month = month ?? report.asOfMonth
        providerID = provider
        self.month = month
        var rows: [Row] = []
        let mine = report.orderedSeries(selection).filter { !evaluation.series[$0].isPooled }
        for s in mine {
            let series = evaluation.series[s]
            let definition = evaluation.definition(ofSeries: s)
            guard case .provider(let row) = series.scope else { continue }
            let peers = report.orderedSeries(ReportSelection(contract: series.contract, kpi: definition.id))
            let providers = peers.filter { !evaluation.series[$0].isPooled }
            let national = peers.first { evaluation.series[$0].scope == .national }
            let regional = peers.first {
                if case .region = evaluation.series[$0].scope { return evaluation.series[$0].members.contains(row) }
                return false
            }
            for window in definition.isQuarterly ? [ReportWindow.quarter] : ReportWindow.monthly {
                guard let own = report.row(series: s, window, in: month) else { continue }
                let others = providers.compactMap { report.row(series: $0, window, in: month) }.filter { $0.met + $0.missed > 0 }
                let measured = own.met + own.missed
                let rank = measured > 0
                    ? 1 + others.filter { $0.met * measured > own.met * ($0.met + $0.missed) }.count : nil
                let centre = national.flatMap { report.row(series: $0, window, in: month) }
                var funnel: FunnelPosition?
                if !definition.isQuarterly, measured > 0, let centre, centre.met + centre.missed > 0 {
                    let limits = FunnelLimits(rate: Double(centre.met) / Double(centre.met + centre.missed),
                                              units: others.map { ($0.met, $0.met + $0.missed) })
                    funnel = limits.position(rate: Double(own.met) / Double(measured), volume: Double(measured))
                }
                rows.append(Row(own: own, nationalRow: centre,
                                region: regional.map { String(evaluation.series[$0].providerID.dropFirst("REGION:".count)) },
                                regionalRow: regional.flatMap { report.row(series: $0, window, in: month) },
                                rank: rank, ranked: others.count, funnel: funnel))
            }
        }
        self.rows = rows
    }
}
