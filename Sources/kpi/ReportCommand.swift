import AccessToWork
import ArgumentParser
import Foundation

/// `--contracts`, `--as-of`: how a dataset is evaluated, shared by every command that computes KPIs.
struct EvaluationOptions: ParsableArguments {
    @Option(help: "Folder of contract definition files (*.json) that add to or replace the built-in atw-ha and atw-mhss.")
    var contracts: String?

    @Option(name: .customLong("as-of"),
            help: "Evaluate as of this date: nothing later has happened (default: the latest recorded date).")
    var asOf: Day?

    /// Loads the catalog and evaluates the dataset, printing notes (undefined contracts, unmeasured KPIs).
    /// The built-in contracts, or those of `folder` added to or replacing them.
    static func catalog(_ folder: String?) throws -> ContractCatalog {
        do throws(ContractDefinitionError) {
            return if let folder { try ContractCatalog(folder: folder) } else { try ContractCatalog.builtIn }
        } catch {
            throw DataInputError(description: error.description)
        }
    }

    func evaluate(_ dataset: Dataset, collectingPipeline: Bool = false) throws -> KPIEvaluation {
        let catalog = try Self.catalog(contracts)
        guard let day = asOf ?? dataset.latestRecordedDay else {
            throw DataInputError(description: "the dataset records no event dates; give --as-of DATE")
        }
        try Self.checkSupported(day)
        return try Self.noted(KPIEvaluation(dataset: dataset, catalog: catalog, asOf: day, collectingPipeline: collectingPipeline))
    }

    /// The evaluation from `--counts` files when given, else from the dataset of `source` (with it).
    func evaluate(_ source: DataOptions, _ counts: CountsOption, collectingPipeline: Bool = false) throws -> (KPIEvaluation, Dataset?) {
        guard !counts.files.isEmpty else {
            guard source.data != nil || source.store != nil else {
                throw ValidationError("give --data DIR, --store FILE or --counts FILE...")
            }
            let dataset = try source.load()
            return (try evaluate(dataset, collectingPipeline: collectingPipeline), dataset)
        }
        guard source.data == nil && source.store == nil else {
            throw ValidationError("give --counts FILE... or a dataset (--data, --store), not both")
        }
        guard let day = asOf else { throw ValidationError("--counts needs --as-of DATE (the date the counts were made as of)") }
        try Self.checkSupported(day)
        var files: [(name: String, bytes: [UInt8])] = []
        for path in counts.files {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DataInputError(description: "\(path): cannot read the counts file")
            }
            files.append((path, [UInt8](data)))
        }
        let catalog = try Self.catalog(contracts)
        let evaluation: KPIEvaluation
        do throws(DatasetError) {
            evaluation = try MonthCountsFile.evaluation(files: files, catalog: catalog, asOf: day)
        } catch {
            throw DataInputError(description: error.description)
        }
        return (try Self.noted(evaluation), nil)
    }

    /// Refuses an as-of date outside the calendar's supported years.
    static func checkSupported(_ day: Day) throws {
        guard WorkingDayCalendar.supports(day) else {
            throw ValidationError("--as-of \(day) is outside the supported range 1995-01-01...2100-12-31")
        }
    }

    /// Prints an evaluation's notes (undefined contracts, unmeasured KPIs) to standard error; stops the run (exit 1)
    /// when no provider's contract has a definition, since every output would be empty.
    static func noted(_ evaluation: KPIEvaluation) throws -> KPIEvaluation {
        var notes = ""
        let defined = evaluation.catalog.definitions.map(\.contract)
        for (contract, count) in evaluation.undefinedContracts {
            // Contract ids are matched exactly: another spelling of a defined one is a spelling to map.
            if let same = defined.first(where: { $0.lowercased() == contract.lowercased().replacingOccurrences(of: "_", with: "-") }) {
                notes += "note: contract \"\(contract)\" has no definition (\(count) providers not reported): ids are matched exactly; is it \(same)? Map it in the contract column's \"values\" in dataset.json\n"
            } else {
                notes += "note: contract \"\(contract)\" has no definition (\(count) providers not reported); add one with --contracts DIR\n"
            }
        }
        if evaluation.series.isEmpty && !evaluation.undefinedContracts.isEmpty {
            FileHandle.standardError.write(Data(notes.utf8))
            throw DataInputError(description: "no provider's contract has a definition, so there is nothing to report (contracts: \(evaluation.undefinedContracts.map(\.contract).joined(separator: ", ")); defined: \(defined.joined(separator: ", ")))")
        }
        for missing in evaluation.notMeasured { notes += "note: \(missing)\n" }
        if evaluation.unattributedItems > 0 {
            notes += "warning: \(evaluation.unattributedItems) items fell before their provider's service start and were not counted\n"
        }
        FileHandle.standardError.write(Data(notes.utf8))
        return evaluation
    }
}

/// `--counts`: month counts files (``MonthCountsFile``, as `kpi counts` writes them) instead of a dataset.
struct CountsOption: ParsableArguments {
    @Option(name: .customLong("counts"), parsing: .upToNextOption,
            help: "Month counts files (kpi counts) instead of a dataset; their rows are summed. Needs --as-of.")
    var files: [String] = []
}

/// `--contract` and `--provider`: which series a KPI command shows, checked against the dataset.
struct SeriesFilter: ParsableArguments {
    @Option(help: "Only this contract (atw-ha, atw-mhss or a custom contract id).")
    var contract: String?

    @Option(help: "Only this provider id (or NATIONAL, or REGION:<region>).")
    var provider: String?

    /// Refuses a contract or provider the evaluation has no series for, naming the ones it has.
    func check(_ series: [KPISeries]) throws {
        if let contract, !series.contains(where: { $0.contract == contract }) {
            let known = Set(series.map(\.contract)).sorted().joined(separator: ", ")
            throw ValidationError("--contract \(contract): no provider of the dataset has it (contracts: \(known))")
        }
        if let provider, !series.contains(where: { $0.providerID == provider && (contract == nil || $0.contract == contract) }) {
            throw ValidationError("--provider \(provider): not a provider\(contract.map { " of " + $0 } ?? "") in the dataset (nor NATIONAL or REGION:<region>)")
        }
    }
}

extension Month: ExpressibleByArgument {
    public init?(argument: String) {
        guard let month = Month(argument) else { return nil }
        self = month
    }
}

/// `kpi report`: the KPI table.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "KPI figures per provider (and NATIONAL, REGION:<r>), contract, KPI, month and window, with ratings.",
        discussion: """
            CSV columns: provider_id,contract,kpi,month,window,met,missed,pending,excluded,rate,target,target_met,rating. \
            Windows: in_month, rolling_3, rolling_12, cumulative (quarter for HA-6). Without --month: every month \
            from each provider's service start through the as-of month (the table shows the as-of month). \
            The table marks figures below target with * and partial rolling windows with (p). \
            --format html writes the Contract Performance Review pack for the month (default: the as-of month): \
            national league tables and funnel plots, then per provider its PMIR level, KPI table, trend charts \
            with next month's forecast, worst items and MI summary; one self-contained file for a browser or print.
            """
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var counts: CountsOption

    @Option(help: "Report this month only (YYYY-MM).")
    var month: Month?

    @OptionGroup var filter: SeriesFilter

    @Option(help: "HTML pack: the PMIR policy, default, strict-contract or a policy file (JSON).")
    var policy: String?

    @Option(name: .customLong("worst-items"), help: "HTML pack: missed items listed per provider.")
    var worstItems = 10

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard worstItems >= 0 else { throw ValidationError("--worst-items must be 0 or more, got \(worstItems)") }
    }

    func run() throws {
        if output.resolvedFormat == .html {
            guard counts.files.isEmpty else { throw ValidationError("--format html: the pack needs the dataset (--data or --store), not --counts") }
            return try writePack(try source.load())
        }
        let report = KPIReport(try evaluation.evaluate(source, counts).0)
        try filter.check(report.evaluation.series)
        let (contract, provider) = (filter.contract, filter.provider)
        let selection = ReportSelection(month: month, contract: contract, provider: provider)
        switch output.resolvedFormat {
        case .table:
            try output.write(report.table(month: month ?? report.asOfMonth, contract: contract, provider: provider))
        case .csv:
            try output.write(report.csv(selection))
        case .json:
            try output.write(report.json(report.rows(selection)).adding(DataOptions.provenance(asOf: report.evaluation.asOf)).rendered())
        case .xlsx, .ods:
            try output.write(KPIReport.published, try source.context(counts: counts.files, asOf: report.evaluation.asOf, contracts: report.evaluation.series.map(\.contract)), tables: [
                OutputOptions.table("report", "KPI figures per series, month and window, with target and rating",
                                    KPIReport.columns, csv: report.csv(selection)),
            ])
        case .html:
            break
        }
    }

    /// The CPR pack: the report with the forecast, PMIR levels and MI returns of the same evaluation.
    func writePack(_ dataset: Dataset) throws {
        let rules = try PMIRCommand.policy(policy)
        let evaluated = try evaluation.evaluate(dataset, collectingPipeline: true)
        let report = KPIReport(evaluated)
        try filter.check(report.evaluation.series)
        let packMonth = month ?? report.asOfMonth
        guard packMonth <= report.asOfMonth, packMonth >= report.windows.firstMonth else {
            throw ValidationError("--month \(packMonth): the pack needs a month from \(report.windows.firstMonth) to the as-of month \(report.asOfMonth)")
        }
        var forecast: RiskForecast?
        do throws(LinearAlgebraError) {
            forecast = try RiskForecast(evaluated)
        } catch {
            FileHandle.standardError.write(Data("note: no forecast in the pack (the trend fit failed: \(error))\n".utf8))
        }
        let spc = SPCAnalysis(report)
        var pack = PerformancePack(
            report: report, dataset: dataset, forecast: forecast, pmir: PMIRTimeline(report, policy: rules, spc: spc),
            mi: MIReturns(dataset: dataset, month: packMonth, asOf: evaluated.asOf, evaluation: evaluated), spc: spc,
            options: PerformancePack.Options(month: packMonth, contract: filter.contract, provider: filter.provider,
                                             worstItems: worstItems))
        pack.provenance = try DataOptions.provenance(asOf: evaluated.asOf)
        try output.write(pack.html())
    }
}

/// `kpi contracts`: the built-in contract definitions, to read or to copy and edit.
struct ContractsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contracts",
        abstract: "Print the built-in contract definitions (atw-ha, atw-mhss), or write them to a folder to edit.",
        discussion: "Edited files are used with --contracts DIR on report and the other KPI commands."
    )

    @Option(help: "Write the definition files into this folder instead of printing them.")
    var out: String?

    func run() throws {
        let files = ContractCatalog.builtInFiles()
        guard let out else {
            FileHandle.standardOutput.write(Data(files.map { "// \($0.name)\n\($0.text)" }.joined(separator: "\n").utf8))
            return
        }
        do throws(DatasetError) {
            try AtomicWrite.folder(out) { staging throws(DatasetError) in
                for file in files { try AtomicWrite.bytes(Array(file.text.utf8), to: staging + "/" + file.name) }
                return files.map(\.name)
            }
        } catch {
            throw DataInputError(description: "\(out): cannot write the definitions (\(error.reason))")
        }
    }
}
