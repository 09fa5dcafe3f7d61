import AccessToWork
import ArgumentParser
import Foundation

/// `kpi cases`: the items behind a figure.
struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "The items behind a KPI figure: dates, deadline, status and working days taken (for action plans).",
        discussion: """
            CSV columns: provider_id,contract,kpi,month,status,case_id,item,start,deadline,end,counted,working_days. \
            The items of a month add up to the report's counts for that provider, KPI and month (in_month).
            """
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions

    @Option(help: "The KPI (e.g. HA-3, MH-9a).")
    var kpi: String

    @Option(help: "The provider id.")
    var provider: String

    @Option(help: "The contract, when the provider holds more than one.")
    var contract: String?

    @Option(help: "Only items counted in this month (YYYY-MM).")
    var month: Month?

    @Option(help: "Only items with this status: met, missed, pending or excluded.")
    var status: ItemStatus?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let dataset = try source.load()
        let evaluated = try evaluation.evaluate(dataset)
        let matches = evaluated.series.indices.filter { s in
            let item = evaluated.series[s]
            let definition = evaluated.catalog.definitions[item.contractIndex].kpis[item.kpiIndex]
            return !item.isPooled && item.providerID == provider && definition.id == kpi
                && (contract == nil || item.contract == contract)
        }
        guard let s = matches.first else {
            throw ValidationError("no series for provider \(provider) and KPI \(kpi)\(contract.map { " in " + $0 } ?? "") (is the provider and its contract's KPI right?)")
        }
        guard matches.count == 1 else {
            throw ValidationError("provider \(provider) has \(kpi) in several contracts; give --contract")
        }
        let item = evaluated.series[s]
        let listing = ItemListing(providerID: provider, contract: item.contract, kpi: kpi,
                                  items: evaluated.items(in: dataset, series: s, month: month, status: status))
        switch output.resolvedFormat {
        case .html: throw OutputOptions.htmlOnlyForReport
        case .table: try output.write(listing.table())
        case .csv: try output.write(listing.csv())
        case .json: try output.write(listing.json().adding(DataOptions.provenance(asOf: evaluated.asOf)).rendered())
        case .xlsx, .ods:
            try output.write(ItemListing.published, try source.context(asOf: evaluated.asOf, contracts: [item.contract]), tables: [
                OutputOptions.table("items", "\(provider) \(item.contract) \(kpi): \(listing.items.count) items", ItemListing.columns, csv: listing.csv()),
            ])
        }
    }
}

extension ItemStatus: ExpressibleByArgument {
    public init?(argument: String) {
        guard let status = ItemStatus.allCases.first(where: { "\($0)" == argument }) else { return nil }
        self = status
    }
}
