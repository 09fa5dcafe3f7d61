import CaseData
import WorkingDays

/// One reported series: a provider's (or a pool's) figures for one KPI of one contract.
public struct KPISeries: Sendable, Equatable {
    /// Whose figures these are.
    public enum Scope: Sendable, Hashable {
        /// A row of providers.csv.
        case provider(row: Int)
        /// Every provider of the contract.
        case national
        /// Every provider of the contract with this region.
        case region(String)
    }

    public var scope: Scope
    /// `P001`, `NATIONAL` or `REGION:<region>`.
    public var providerID: String
    public var contract: String
    /// Index of the contract in the catalog's definitions.
    public var contractIndex: Int
    /// Index of the KPI in its contract's definition.
    public var kpiIndex: Int
    /// The first month the series exists: the provider's service start month (for a pool, its members'
    /// earliest).
    public var firstMonth: Month
    /// Provider rows whose counts the series holds (one for a provider).
    public var members: [Int]

    public var isPooled: Bool {
        if case .provider = scope { return false }
        return true
    }
}

extension KPIEvaluation {
    /// The definition of series `s`'s KPI (its contract's, from the catalog the evaluation used).
    public func definition(ofSeries s: Int) -> KPIDefinition {
        let item = series[s]
        return catalog.definitions[item.contractIndex].kpis[item.kpiIndex]
    }
}

/// A KPI that could not be measured for a contract, and why (its source file is absent).
public struct UnmeasuredKPI: Sendable, Equatable, CustomStringConvertible {
    public var contract: String
    public var kpi: String
    public var reason: String

    public var description: String { "\(contract) \(kpi) not measured: \(reason)" }
}
