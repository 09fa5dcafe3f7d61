import AccessToWork
import ArgumentParser
import Foundation

extension MIReturn: ExpressibleByArgument {}

/// `kpi mi`: management-information returns for a month.
struct MICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mi",
        abstract: "Management-information returns for a month: MMIR, MHSS monthly and yearly MI, customer insight, due dates.",
        discussion: """
            CSV (long form): provider_id,contract,return,month,measure,period,value; period in_month or year_to_date \
            (the financial year from April unless --year-start says otherwise), or contract_year for MHSS yearly MI. Without --return, every return that \
            applies to each provider's contract. Built so far: \(MIReturn.allCases.map(\.rawValue).joined(separator: ", ")).
            """
    )

    @OptionGroup var source: DataOptions

    @Option(name: .customLong("return"), help: "One return: \(MIReturn.allCases.map(\.rawValue).joined(separator: ", ")).")
    var returnKind: MIReturn?

    @Option(help: "The month (YYYY-MM; default: the as-of month).")
    var month: Month?

    @Option(name: .customLong("as-of"), help: "Nothing later has happened (default: the latest recorded date).")
    var asOf: Day?

    @Option(name: .customLong("year-start"), help: "First month of the reporting year, 1-12 (default 4: April).")
    var yearStart: Int = 4

    @Option(help: "Only this provider id.")
    var provider: String?

    @Option(help: "Folder of contract definition files (*.json) for the KPI figures MHSS monthly MI and the Cabinet Office return use.")
    var contracts: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...12).contains(yearStart) else { throw ValidationError("--year-start must be 1-12, got \(yearStart)") }
    }

    func run() throws {
        let dataset = try source.load()
        guard let day = asOf ?? dataset.latestRecordedDay else {
            throw DataInputError(description: "the dataset records no event dates; give --as-of DATE")
        }
        let chosen = returnKind.map { [$0] } ?? MIReturn.allCases
        // MHSS monthly MI's late returns are the MH-2, MH-4 and MH-6 figures.
        let catalog = try EvaluationOptions.catalog(contracts)
        let evaluation = chosen.contains(where: \.readsKPIFigures)
            ? KPIEvaluation(dataset: dataset, catalog: catalog, asOf: day) : nil
        var returns = MIReturns(dataset: dataset, month: month ?? Month(containing: day), asOf: day,
                                returns: chosen, yearStart: yearStart, evaluation: evaluation, catalog: catalog)
        if chosen.contains(.cabinetOffice) {
            // Say which contracts make no Cabinet Office return rather than leave their providers out silently.
            for contract in Set(dataset.providers.contracts).sorted() where !MIReturn.cabinetOffice.applies(to: contract, catalog: catalog) {
                warn("\(contract) declares no cabinet_office KPIs in its definition: its providers have no Cabinet Office return rows")
            }
        }
        if let provider {
            guard dataset.providers.providerIDs.contains(provider) else {
                throw ValidationError("--provider \(provider): not in providers.csv")
            }
            returns = MIReturns(rows: returns.rows.filter { $0.providerID == provider })
        }
        switch output.resolvedFormat {
        case .html: throw OutputOptions.htmlOnlyForReport
        case .table: try output.write(returns.table())
        case .csv: try output.write(returns.csv())
        case .json: try output.write(returns.json().adding(DataOptions.provenance(asOf: day)).rendered())
        case .xlsx, .ods:
            try output.write(MIReturns.published, try source.context(asOf: day, contracts: dataset.providers.contracts), tables: returns.workbookTables())
        }
    }
}
