import AccessToWork
import ArgumentParser
import Foundation

/// `kpi counts`: the month counts as an interchange file.
struct CountsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "counts",
        abstract: "Write the month counts (provider, contract, KPI, month, met, missed, pending, excluded) for report, forecast, pmir, spc and notice --counts.",
        discussion: MonthCountsFile.about)
    @OptionGroup var evaluation: EvaluationOptions
    @Option(help: "Write the counts to this file instead of standard output.") var out: String?

    func run() throws {
        let dataset = try evaluation.load()
        try OutputOptions.write(MonthCountsFile.csv(try evaluation.evaluate(dataset), providers: dataset.providers), to: out)
    }
}

/// `kpi sample`: a reproducible random sample of a provider's cases for compliance checks.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration.result("sample", CaseSample.self)
    @OptionGroup var source: DataOptions
    @OptionGroup var filter: SeriesFilter
    @Option(help: "How many cases.") var size: Int
    @Option(help: "The random seed (a whole number).") var seed: UInt64
    @Option(help: "Write the sample as a dataset folder here.") var out: String?

    func run() throws {
        let sample = try CaseSample(try source.load(), selection: filter.selection, size: size, seed: seed)
        try OutputOptions.write(sample.csv(), to: nil)
        if let out { try DataInputError.wrapping { try sample.dataset.writeCSV(to: out) } }
        standardError(sample.summary + (out.map { "; wrote \($0): \(sample.contents)" } ?? "") + "\n")
    }
}

/// `kpi calendar`: the bank holidays of a division in a date range.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration.result("calendar", BankHolidayList.self)
    @Option(help: "The division.") var division: Division = .englandAndWales
    @Option(help: "First date (YYYY-MM-DD).") var from: Day
    @Option(help: "Last date (YYYY-MM-DD).") var to: Day
    @Option(name: .customLong("holidays-json"), help: "GOV.UK bank-holidays.json to add or override dates.") var holidaysJSON: String?
    @OptionGroup var output: OutputOptions

    func validate() throws { try usage { try BankHolidayList.check(from: from, to: to) } }

    func run() throws {
        let list = try DataInputError.wrapping { try BankHolidayList(division: division, from: from, to: to, holidaysJSON: holidaysJSON) }
        try output.emit(list) { PublicationContext(command: DatasetSession.commandLine, source: "the \(division.rawValue) calendar", asOf: nil, contracts: []) }
    }
}

/// `kpi validate`: check a dataset and write its data-quality summary, without writing anything else.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration.result("validate", DataQualityReport.self)
    @OptionGroup var source: DataOptions
    @OptionGroup var output: OutputOptions

    func validate() throws { try output.check(DataQualityReport.self) }

    func run() throws {
        var failure: Error?
        do { _ = try source.loadInput() } catch let error as DataInputError where DatasetSession.loaded != nil {
            failure = error  // the summary is still written
        }
        guard let loaded = DatasetSession.loaded else { return }
        try output.emit(DataQualityReport(loaded.quality, input: loaded.input)) { PublicationContext(command: DatasetSession.commandLine, source: "", asOf: nil, contracts: []) }
        if let failure { throw failure }
    }
}

/// `kpi ingest`: validate a dataset folder and write the columnar store.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest",
        abstract: "Validate a dataset folder and write a binary columnar store for fast loading.",
        discussion: DatasetStore.about)
    @Option(help: "Dataset folder: CSV files or workbooks, read through its dataset.json when it has one.") var data: String
    @Option(help: ArgumentHelp("Dataset description to read the folder with, instead of the folder's dataset.json.", valueName: "file"))
    var describe: String?
    @Option(help: "Store file to write.") var store: String
    @OptionGroup var rejections: RejectionOptions

    func run() throws {
        let dataset = try DataOptions.loadInput(data: data, store: nil, describe: describe, rejections: rejections).dataset
        try DataInputError.wrapping { try DatasetStore.write(dataset, to: store) }
        standardError("wrote \(store): \(dataset.cases.count) cases, \(dataset.reports.count) reports\n")
    }
}

/// `kpi generate`: a synthetic national dataset.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate",
        abstract: "Write a synthetic national dataset (every table) reproducibly from a seed.",
        discussion: SyntheticDataset.about)
    @Option(help: "Folder to write the CSV files into (created when missing).") var out: String
    @Option(help: "Number of providers.") var providers: Int = 8
    @Option(help: "Number of months.") var months: Int = 24
    @Option(help: "Total number of cases.") var cases: Int = 5_000
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(name: .customLong("first-month"), help: "First month (YYYY-MM).") var firstMonth: String = "2024-04"
    @Option(help: "How providers' lateness drifts: sine (a cycle with August and December dips), walk (a random walk), shift (regime shifts), mixed (each provider one of these, or a walk with shifts) or capacity (demand surges build a backlog against each provider's capacity, and lateness rises with it).")
    var drift: DriftShape = .mixed
    @Option(help: ArgumentHelp("Fix a provider's true on-time rate on every KPI, in points from its target (no drift): ID=POINTS[,YYYY-MM:POINTS]..., e.g. P001=+0.5 or P003=+0.5,2025-10:-3 (good, then 3 below from October 2025). Repeatable.", valueName: "id=points"))
    var quality: [String] = []

    var configuration: SyntheticDatasetConfiguration { get throws {
        try SyntheticDatasetConfiguration(checking: providers, months: months, cases: cases, seed: seed, firstMonth: firstMonth, drift: drift, quality: quality)
    } }

    func validate() throws { try usage { _ = try configuration } }

    func run() throws {
        let configuration = try configuration
        let summary = try DataInputError.wrapping { try SyntheticDataset.write(configuration, to: out) }
        standardError("wrote \(out): " + DatasetFile.allCases.map { "\($0.rawValue) \(summary.rows[$0] ?? 0)" }.joined(separator: ", ") + "\n")
    }
}

/// `kpi describe`: infer a dataset description (dataset.json) from a folder of foreign files.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe",
        abstract: "Infer the dataset description (dataset.json) that maps a folder's own files onto the dataset's tables.",
        discussion: DatasetDescription.about)
    @Option(help: "Dataset folder to describe.") var data: String
    @Option(help: ArgumentHelp("Where to write the description (default: DIR/dataset.json; - for standard output).", valueName: "file"))
    var out: String?
    @Flag(help: "Replace an existing description file.") var force = false

    func run() throws {
        let described = try DataInputError.wrapping { try DatasetDescription.describe(folder: data, out: out, force: force, knownContracts: ContractCatalog.builtInIDs) }
        if let json = described.json { try OutputOptions.write(json, to: nil) }
        standardError(described.report)
        if described.unresolved > 0 { throw DataInputError(description: "\(described.unresolved) choices left to you: edit \(described.target) (see unresolved above)") }
    }
}

/// `kpi contracts`: the built-in contract definitions, to read or to copy and edit.
struct ContractsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "contracts",
        abstract: "Print the built-in contract definitions (\(ContractCatalog.builtInIDs.joined(separator: ", "))), or write them to a folder to edit.",
        discussion: "Edited files are used with --contracts DIR on report and the other KPI commands.")
    @Option(help: "Write the definition files into this folder instead of printing them.") var out: String?

    func run() throws {
        guard let out else { return try OutputOptions.write(ContractCatalog.builtInText, to: nil) }
        try DataInputError.wrapping { try ContractCatalog.writeBuiltIn(to: out) }
    }
}

/// `kpi pmir-policy`: a shipped PMIR policy file, to read or to copy and edit.
struct PMIRPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pmir-policy",
        abstract: "Print a shipped PMIR policy (JSON), to edit and pass to kpi pmir --policy FILE.")
    @Option(help: "The shipped policy: default or strict-contract.") var name = "default"
    @Option(help: "Write the policy to this file instead of standard output.") var out: String?

    func run() throws {
        try OutputOptions.write(PMIRPolicy.shippedText(checking: name), to: out)
    }
}
