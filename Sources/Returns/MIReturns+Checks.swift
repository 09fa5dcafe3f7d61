import CaseData
import KPIEngine
import WorkingDays

extension MIReturns {
    /// The returns of a selection (`kpi mi`): its month (default: the as-of month), only its provider and contract
    /// when given; `warn` hears of a contract in the selection that declares no Cabinet Office KPIs when that return
    /// alone is asked for (`--return cabinet_office`), or the selection names that contract: a contract without a
    /// Cabinet Office return is no fault when every return is asked for.
    ///
    /// Throws ``UserInputError`` for a provider (or contract) not in `providers.csv`, a year start outside 1-12, or a
    /// KPI (a return is not per KPI).
    public init(checking dataset: Dataset, selection: ReportSelection, asOf: Day, returns: [MIReturn] = MIReturn.allCases,
                yearStart: Int = 4, evaluation: KPIEvaluation? = nil, catalog: ContractCatalog, warn: (String) -> Void = { _ in })
        throws(UserInputError) {
        guard (1...12).contains(yearStart) else { throw UserInputError("--year-start must be 1-12, got \(yearStart)") }
        try selection.checkNoKPI("MI returns are per provider and return, not per KPI")
        try selection.check(dataset.providers)
        let all = MIReturns(dataset: dataset, month: selection.month ?? Month(containing: asOf), asOf: asOf, returns: returns,
                            yearStart: yearStart, evaluation: evaluation, catalog: catalog)
        if returns.contains(.cabinetOffice) && (returns == [.cabinetOffice] || selection.contract != nil) {
            // Say which contracts in the selection make no Cabinet Office return rather than leave their providers
            // out silently.
            let providers = dataset.providers
            let inScope = providers.providerIDs.indices.filter {
                (selection.provider == nil || providers.providerIDs[$0] == selection.provider)
                    && (selection.contract == nil || providers.contracts[$0] == selection.contract)
            }
            for contract in Set(inScope.map { providers.contracts[$0] }).sorted() where !MIReturn.cabinetOffice.applies(to: contract, catalog: catalog) {
                warn("\(contract) declares no cabinet_office KPIs in its definition: its providers have no Cabinet Office return rows")
            }
        }
        self.init(rows: all.rows.filter {
            (selection.provider == nil || $0.providerID == selection.provider) && (selection.contract == nil || $0.contract == selection.contract)
        })
    }
}
