import AccessToWork
import ArgumentParser
import Foundation

/// `kpi ingest`: validate a dataset folder and write the columnar store.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Validate a dataset folder and write a binary columnar store for fast loading.",
        discussion: """
            Every rejected row is reported (stderr, and --rejects FILE as CSV file,line,column,reason), with \
            rows read = accepted + rejected per file. A dataset that fails its data-quality check (--max-rejected) \
            writes no store. The store keeps the accepted rows and the rejection list; every command that reads \
            data accepts --store FILE instead of --data DIR.
            """
    )

    @Option(help: "Dataset folder: CSV files or workbooks, read through its dataset.json when it has one.")
    var data: String

    @Option(help: ArgumentHelp("Dataset description to read the folder with, instead of the folder's dataset.json.", valueName: "file"))
    var describe: String?

    @Option(help: "Store file to write.")
    var store: String

    @OptionGroup var rejections: RejectionOptions

    func run() throws {
        let dataset = try DataOptions.loadInput(data: data, store: nil, describe: describe, rejections: rejections).dataset
        do { try DatasetStore.write(dataset, to: store) } catch {
            throw DataInputError(description: error.description)
        }
        FileHandle.standardError.write(Data("wrote \(store): \(dataset.cases.count) cases, \(dataset.reports.count) reports\n".utf8))
    }
}

/// `kpi validate`: check a dataset and write its data-quality summary, without writing anything else.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a dataset folder (or store): rows read, accepted and rejected per file, the commonest reasons, and whether it passes.",
        discussion: """
            The summary goes to standard output (table, csv or json), every rejection to standard error (the first \
            20) and to --rejects FILE. Exit status 1 when the dataset fails: a required file accepts no row, or a file \
            rejects more than --max-rejected percent of its rows (default 5; --strict: any).

            """ + DataQuality.columns.help
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var output: OutputOptions

    func validate() throws { try output.check(DataQualityReport.self) }

    func run() throws {
        var failure: Error?
        do { _ = try source.loadInput() } catch let error as DataInputError where DataOptions.loaded != nil {
            failure = error  // the summary is still written
        }
        guard let loaded = DataOptions.loaded else { return }
        try output.emit(DataQualityReport(loaded.quality, input: loaded.input)) {
            PublicationContext(command: "kpi validate", source: "", asOf: nil, contracts: [])
        }
        if let failure { throw failure }
    }
}

/// `kpi calendar`: the bank holidays of a division in a date range.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "List the bank holidays of a division between two dates.",
        discussion: """
            Holidays come from the statutory rules of the division and every one-off change since 1995 \
            (supported dates 1995-01-01 to 2100-12-31). --holidays-json loads GOV.UK's bank-holidays.json: \
            each year it lists for a division replaces that year's computed holidays. JSON: GOV.UK's shape, \
            {"division": ..., "events": [{"title", "date", "notes"}]}.

            """ + BankHolidayList.columns.help
    )

    @Option(help: "The division.")
    var division: Division = .englandAndWales

    @Option(help: "First date (YYYY-MM-DD).")
    var from: Day

    @Option(help: "Last date (YYYY-MM-DD).")
    var to: Day

    @Option(name: .customLong("holidays-json"), help: "GOV.UK bank-holidays.json to add or override dates.")
    var holidaysJSON: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        do { try BankHolidayList.check(from: from, to: to) } catch { throw ValidationError(error.message) }
    }

    func run() throws {
        let list = try DataInputError.wrapping { try BankHolidayList(division: division, from: from, to: to, holidaysJSON: holidaysJSON) }
        try output.emit(list) {
            PublicationContext(command: (["kpi"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
                               source: "the \(division.rawValue) calendar", asOf: nil, contracts: [])
        }
    }
}

/// `kpi generate`: a synthetic national dataset.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic national dataset (every table) reproducibly from a seed.",
        discussion: """
            Providers alternate between atw-ha and atw-mhss and cycle through the three divisions; their \
            lateness differs and drifts month to month around the targets: most are good, every sixth from the \
            fourth struggles (2.5-4.5 points below target) and every sixth from the sixth deteriorates (5 \
            points lower from the middle month). --quality fixes a provider's true rates instead. Nothing dated \
            after the last month's last day is written. The same options always produce the same bytes.
            """
    )

    @Option(help: "Folder to write the CSV files into (created when missing).")
    var out: String

    @Option(help: "Number of providers.")
    var providers: Int = 8

    @Option(help: "Number of months.")
    var months: Int = 24

    @Option(help: "Total number of cases.")
    var cases: Int = 5_000

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .customLong("first-month"), help: "First month (YYYY-MM).")
    var firstMonth: String = "2024-04"

    @Option(help: "How providers' lateness drifts: sine (a cycle with August and December dips), walk (a random walk), shift (regime shifts), mixed (each provider one of these, or a walk with shifts) or capacity (demand surges build a backlog against each provider's capacity, and lateness rises with it).")
    var drift: DriftShape = .mixed

    @Option(help: ArgumentHelp("Fix a provider's true on-time rate on every KPI, in points from its target (no drift): ID=POINTS[,YYYY-MM:POINTS]..., e.g. P001=+0.5 or P003=+0.5,2025-10:-3 (good, then 3 below from October 2025). Repeatable.", valueName: "id=points"))
    var quality: [String] = []

    /// `--quality` parsed by provider id.
    func qualities() throws -> [String: ProviderQuality] {
        var result: [String: ProviderQuality] = [:]
        for text in quality {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let q = ProviderQuality(parts[1]) else {
                throw ValidationError("--quality \(text): expected ID=POINTS[,YYYY-MM:POINTS]... with points from -50 to 50 and months in order, e.g. P003=+0.5,2025-10:-3")
            }
            guard result[parts[0]] == nil else { throw ValidationError("--quality \(text): \(parts[0]) is given twice") }
            result[parts[0]] = q
        }
        return result
    }

    func validate() throws {
        let known = Set((1...max(1, providers)).map(SyntheticDataset.providerID))
        for id in try qualities().keys where !known.contains(id) {
            throw ValidationError("--quality \(id): no such provider (the dataset has \(SyntheticDataset.providerID(1))...\(SyntheticDataset.providerID(providers)))")
        }
        guard Month(firstMonth) != nil else { throw ValidationError("--first-month \(firstMonth) is not a month YYYY-MM") }
        guard providers >= 1 else { throw ValidationError("--providers must be at least 1") }
        guard months >= 1 else { throw ValidationError("--months must be at least 1") }
        guard cases >= 0 else { throw ValidationError("--cases must not be negative") }
    }

    func run() throws {
        let configuration = SyntheticDatasetConfiguration(
            providers: providers, months: months, cases: cases, seed: seed, firstMonth: Month(firstMonth)!, drift: drift,
            qualities: try qualities())
        let summary: SyntheticDatasetSummary
        do { summary = try SyntheticDataset.write(configuration, to: out) } catch {
            throw DataInputError(description: error.description)
        }
        let counts = DatasetFile.allCases.map { "\($0.rawValue) \(summary.rows[$0] ?? 0)" }.joined(separator: ", ")
        FileHandle.standardError.write(Data("wrote \(out): \(counts)\n".utf8))
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
        guard let out else { return try OutputOptions.write(files.map { "// \($0.name)\n\($0.text)" }.joined(separator: "\n"), to: nil) }
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
