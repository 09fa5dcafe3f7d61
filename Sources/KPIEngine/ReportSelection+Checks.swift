import CaseData
import WorkingDays

// The series filter's checks (`--contract`, `--provider`, `--kpi`, `--month`): every command asks them of its
// data the same way, and each mistake has one wording.

extension ReportSelection {
    /// Whether a series is selected (contract, provider and KPI; the month is not a series').
    public func selects(_ series: KPISeries, kpi: String) -> Bool {
        (contract == nil || series.contract == contract) && (provider == nil || series.providerID == provider)
            && (self.kpi == nil || kpi == self.kpi)
    }

    /// The rows of providers.csv the selection's provider stands for: its own, or the members of the pool it names
    /// (`NATIONAL`, `REGION:<region>`); `nil` without a provider (every one).
    public func providerRows(in evaluation: KPIEvaluation) -> Set<Int>? {
        guard let provider else { return nil }
        var rows = Set<Int>()
        for series in evaluation.series where series.providerID == provider { rows.formUnion(series.members) }
        return rows
    }

    /// Refuses `--kpi` for a result that is not per KPI, saying why (`why`: what the result is per).
    ///
    /// Example: `--kpi HA-3: a provider's PMIR level rates all its KPIs together; leave --kpi out`.
    public func checkNoKPI(_ why: String) throws(UserInputError) {
        if let kpi { throw UserInputError("--kpi \(kpi): \(why); leave --kpi out") }
    }

    /// Refuses a contract, provider, KPI or month the evaluation has no series for, naming what it has.
    ///
    /// - Parameter pooled: whether `NATIONAL` and `REGION:<region>` count as providers (the report, the forecast
    ///   and SPC; not PMIR, the notice or the item listing).
    public func check(_ evaluation: KPIEvaluation, pooled: Bool = true) throws(UserInputError) {
        let series = evaluation.series.filter { pooled || !$0.isPooled }
        if let contract, !series.contains(where: { $0.contract == contract }) {
            throw Self.unknownContract(contract, known: series.map(\.contract))
        }
        if let provider, !series.contains(where: { $0.providerID == provider && (contract == nil || $0.contract == contract) }) {
            throw Self.unknownProvider(provider, contract: contract)
        }
        if let kpi, !series.contains(where: { selects($0, kpi: evaluation.catalog.definitions[$0.contractIndex].kpis[$0.kpiIndex].id) }) {
            throw Self.unknownKPI(kpi, provider: provider, contract: contract)
        }
        if let month { try Self.check(month: month, first: evaluation.counts.firstMonth, asOf: Month(containing: evaluation.asOf)) }
    }

    /// Refuses a provider (and contract) that `providers.csv` does not hold.
    public func check(_ providers: ProviderTable) throws(UserInputError) {
        guard let provider else { return }
        let rows = providers.providerIDs.indices.filter { providers.providerIDs[$0] == provider }
        if rows.isEmpty { throw Self.unknownProvider(provider, contract: nil) }
        if let contract, !rows.contains(where: { providers.contracts[$0] == contract }) {
            throw Self.unknownProvider(provider, contract: contract)
        }
    }

    /// `--contract X`: no provider has it.
    public static func unknownContract(_ contract: String, known: [String]) -> UserInputError {
        UserInputError("--contract \(contract): no provider of the dataset has it (contracts: \(Set(known).sorted().joined(separator: ", ")))")
    }

    /// `--provider X`: not in the data (the one wording of every command).
    public static func unknownProvider(_ provider: String, contract: String?) -> UserInputError {
        UserInputError("--provider \(provider): not a provider in the dataset\(contract.map { " under contract " + $0 } ?? "")")
    }

    /// `--kpi X`: the provider's contract has no such KPI.
    public static func unknownKPI(_ kpi: String, provider: String?, contract: String?) -> UserInputError {
        UserInputError("no series for \(provider.map { "provider " + $0 + " and " } ?? "")KPI \(kpi)\(contract.map { " in " + $0 } ?? "") (is the provider and its contract's KPI right?)")
    }

    /// `--month M` outside the months the data holds (its first month through the as-of month).
    public static func check(month: Month, first: Month, asOf: Month) throws(UserInputError) {
        guard month >= first && month <= asOf else {
            throw UserInputError("--month \(month): outside the data (months \(first) to the as-of month \(asOf))")
        }
    }
}
