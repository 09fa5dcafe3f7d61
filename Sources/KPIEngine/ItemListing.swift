import CaseData
import WorkingDays

/// The items behind one figure (`kpi cases`): a provider's items of one KPI, optionally of one month and status.
///
/// ```swift
/// let listing = try ItemListing(evaluation, dataset: dataset, selection: ReportSelection(month: Month("2026-10")!,
///                               provider: "P1", kpi: "HA-2"), status: .missed)
/// listing.items.count
/// ```
public struct ItemListing: Sendable {
    public var providerID: String
    public var contract: String
    public var kpi: String
    public var items: [MeasuredItem]

    public init(providerID: String, contract: String, kpi: String, items: [MeasuredItem]) {
        self.providerID = providerID
        self.contract = contract
        self.kpi = kpi
        self.items = items
    }

    /// The items of the selection's provider and KPI (its contract's, when the provider holds several), counted in
    /// its month when given, with `status` when given.
    ///
    /// Throws ``UserInputError`` for a provider, KPI or month the evaluation does not have, or a provider holding
    /// the KPI in several contracts without the selection's contract.
    public init(_ evaluation: KPIEvaluation, dataset: Dataset, selection: ReportSelection, status: ItemStatus? = nil) throws(UserInputError) {
        guard let provider = selection.provider, let kpi = selection.kpi else {
            throw UserInputError("the item listing needs --provider and --kpi")
        }
        try selection.check(evaluation, pooled: false)
        let matches = evaluation.series.indices.filter { s in
            let series = evaluation.series[s]
            return !series.isPooled && selection.selects(series, kpi: evaluation.catalog.definitions[series.contractIndex].kpis[series.kpiIndex].id)
        }
        guard let s = matches.first else { throw ReportSelection.unknownKPI(kpi, provider: provider, contract: selection.contract) }
        guard matches.count == 1 else { throw UserInputError("provider \(provider) has \(kpi) in several contracts; give --contract") }
        self.init(providerID: provider, contract: evaluation.series[s].contract, kpi: kpi,
                  items: evaluation.items(in: dataset, series: s, month: selection.month, status: status))
    }
}
