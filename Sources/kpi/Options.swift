import AccessToWork
import ArgumentParser
import Foundation

// The option groups, one per concern, each declared once: output (--format, --out), the dataset (--data, --store,
// --describe and the rejection options), the evaluation (--contracts, --as-of), month counts files (--counts) and the
// series filter (--contract, --provider, --month). Their values are checked by the library (UserInputError).

/// `--format` and `--out`: how every command's result is written, through ``emit(_:_:)``.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: table, csv, json, or a spreadsheet workbook xlsx or ods (with --out) (default: table on a terminal, csv otherwise); kpi report also html (the CPR pack).") var format: ResultFormat?
    @Option(help: "Write the result to this file instead of standard output.")
    var out: String?

    /// The format of a result: the one asked for, else the result's own default, else a table on a terminal and CSV.
    func format<R: TabularResult>(_ type: R.Type) -> ResultFormat {
        format ?? R.defaultFormat ?? (out == nil && isatty(STDOUT_FILENO) == 1 ? .table : .csv)
    }

    /// Refuses a format the result cannot be written in.
    func check<R: TabularResult>(_ type: R.Type) throws {
        if let reason = R.refusal(format(R.self)) { throw ValidationError(reason) }
    }

    /// Writes a result in the chosen format (the generic writers; no command looks at the format). `context` (a
    /// workbook's cover, JSON's provenance) is made only when needed.
    func emit<R: TabularResult>(_ result: R, _ context: () throws -> PublicationContext) throws {
        try check(R.self)
        let format = format(R.self)
        standardError(result.warnings(format).map { "warning: " + $0 + "\n" }.joined())
        if format.isWorkbook && out == nil { throw ValidationError("--format \(format.rawValue) writes a workbook file: give --out FILE.\(format.rawValue)") }
        let bytes = try DataInputError.wrapping { try result.bytes(format, file: out ?? "-", context: context) }
        guard let out else { return FileHandle.standardOutput.write(Data(bytes)) }
        try Self.writeFile(bytes, to: out)
    }

    /// Writes `text` to `--out` or standard output.
    func write(_ text: String) throws { try Self.write(text, to: out) }

    /// Writes `text` to `path` atomically (``AtomicWrite``: complete, or the previous file stays), or to standard output.
    static func write(_ text: String, to path: String?) throws {
        guard let path else { return FileHandle.standardOutput.write(Data(text.utf8)) }
        try writeFile(Array(text.utf8), to: path)
    }

    static func writeFile(_ bytes: [UInt8], to path: String) throws {
        do throws(DatasetError) { try AtomicWrite.write(bytes, to: path) } catch {
            throw DataInputError(description: "\(path): cannot write the output file (\(error.reason))")
        }
    }
}

/// `--rejects`, `--strict` and `--max-rejected`: what to do with rows that break a rule.
struct RejectionOptions: ParsableArguments {
    @Option(help: "Write every rejected row to this CSV file (columns \(RejectionList.columns.csvHeader)).") var rejects: String?
    @Flag(help: "Exit with status 1 when any row is rejected (the same as --max-rejected 0).")
    var strict = false
    @Option(name: .customLong("max-rejected"), help: ArgumentHelp("Exit with status 1, writing nothing, when a file rejects more than this share of its rows (default 5).", valueName: "percent")) var maxRejected: Double = DataQuality.defaultMaxRejectedPercent

    func validate() throws { try usage { try DataQuality.check(maxRejected: maxRejected) } }
}

/// Where a command's data comes from: a dataset folder (read through its description) or a store made by `kpi ingest`.
struct DataOptions: ParsableArguments {
    @Option(help: "Dataset folder: CSV files or workbooks (providers, cases, ...), read through its dataset.json when it has one.") var data: String?
    @Option(help: "Columnar store made by `kpi ingest` (read instead of --data).")
    var store: String?
    @Option(help: ArgumentHelp("Dataset description to read the folder with, instead of the folder's dataset.json (see `kpi describe`).", valueName: "file")) var describe: String?
    @OptionGroup var rejections: RejectionOptions

    var request: EvaluationRequest { EvaluationRequest(folder: data, store: store, description: describe) }

    func validate() throws { try usage { try request.check() } }

    /// The dataset this process loaded and its data quality: what the outputs' provenance names.
    nonisolated(unsafe) static var loaded: (input: DatasetInput, quality: DataQuality, store: String?)?

    /// The provenance of the loaded dataset as of a day, or `nil` when none was loaded (month counts files).
    static func provenance(asOf: Day?) throws -> Provenance? {
        guard let loaded else { return nil }
        return try DataInputError.wrapping { try Provenance(loaded.input, store: loaded.store, asOf: asOf?.iso, quality: loaded.quality) }
    }

    /// A workbook cover's context: this command line, the data, the as-of date and the contracts, with provenance.
    func context(counts: [String] = [], asOf: Day?, contracts: [String]) throws -> PublicationContext {
        try PublicationContext(command: Self.commandLine, request: EvaluationRequest(folder: data, store: store, counts: counts), asOf: asOf,
                               contracts: contracts, provenance: Self.provenance(asOf: asOf))
    }

    static var commandLine: String { (["kpi"] + CommandLine.arguments.dropFirst()).joined(separator: " ") }

    /// The dataset, its rows checked by the contracts' own rules (the built-in contracts' unless given).
    func load(rules: DatasetRules = .builtIn) throws -> Dataset { try loadInput(rules: rules).dataset }

    func loadInput(rules: DatasetRules = .builtIn) throws -> DatasetInput {
        try request.checkSource(counts: false)
        return try Self.loadInput(data: data, store: store, describe: describe, rejections: rejections, rules: rules)
    }

    /// Loads a folder (through its description) or a store, records it for the outputs' provenance, reports its files
    /// and rejections on standard error (all of them to --rejects) and stops (exit 1) on a dataset that fails its check.
    static func loadInput(data: String?, store: String?, describe: String?, rejections: RejectionOptions,
                          rules: DatasetRules = .builtIn) throws -> DatasetInput {
        let input = try DataInputError.wrapping { try DatasetInput.read(folder: data, store: store, description: describe, rules: rules) }
        let quality = DataQuality(input, maxRejectedPercent: rejections.strict ? 0 : rejections.maxRejected)
        loaded = (input, quality, store)
        standardError(input.loadReport(rejectsFile: rejections.rejects != nil))
        if let rejects = rejections.rejects { try OutputOptions.writeFile(Array(RejectionList(input).csv().utf8), to: rejects) }
        guard quality.passes else {
            throw DataInputError(description: "the dataset is not fit to report on (\(rejections.strict ? "--strict" : "--max-rejected \(DataQuality.percent(rejections.maxRejected))"))\n" + quality.summary)
        }
        return input
    }
}

/// The dataset and the as-of date: where the figures come from (`--data`/`--store`, or `--counts` files) and how
/// they are evaluated (`--contracts`, `--as-of`); every command that computes KPIs takes them.
struct EvaluationOptions: ParsableArguments {
    @OptionGroup var source: DataOptions
    @Option(help: "Folder of contract definition files (*.json) that add to or replace the built-in \(ContractCatalog.builtInIDs.joined(separator: ", ")).") var contracts: String?
    @Option(name: .customLong("as-of"), help: "Evaluate as of this date: nothing later has happened (default: the latest recorded date).")
    var asOf: Day?
    @Option(name: .customLong("counts"), parsing: .upToNextOption, help: "Month counts files (kpi counts) instead of a dataset; their rows are summed. Needs --as-of (report, forecast, pmir, spc, notice).") var counts: [String] = []

    var request: EvaluationRequest {
        var request = source.request
        (request.counts, request.contracts, request.asOf) = (counts, contracts, asOf)
        return request
    }

    func catalog() throws -> ContractCatalog { try DataInputError.wrapping { try request.catalog() } }

    /// The dataset, for a command that needs its rows (not month counts).
    func load() throws -> Dataset {
        try request.checkSource(counts: false)
        return try source.load(rules: try catalog().dataRules)
    }

    /// The as-of day of a dataset: `--as-of`, else its latest recorded date.
    func day(_ dataset: Dataset) throws -> Day {
        guard let day = try request.day(dataset) else { throw DataInputError(description: "the dataset records no event dates; give --as-of DATE") }
        return day
    }

    /// The evaluation of a dataset, its notes (undefined contracts, unmeasured KPIs) on standard error.
    func evaluate(_ dataset: Dataset, collectingPipeline: Bool = false) throws -> KPIEvaluation {
        try noted(KPIEvaluation(dataset: dataset, catalog: catalog(), asOf: day(dataset), collectingPipeline: collectingPipeline))
    }

    /// The evaluation from `--counts` files when given, else from the dataset; `filter` checked against it.
    func evaluate(_ filter: SeriesFilter? = nil, pooled: Bool = true, collectingPipeline: Bool = false) throws -> KPIEvaluation {
        try request.check()
        try request.checkSource(counts: true)
        let evaluation = try counts.isEmpty ? evaluate(source.load(), collectingPipeline: collectingPipeline)
            : noted(DataInputError.wrapping { try request.countsEvaluation(request.catalog()) })
        try filter?.selection.check(evaluation, pooled: pooled)
        return evaluation
    }

    /// Prints an evaluation's notes; stops the run (exit 1) when no provider's contract has a definition.
    func noted(_ evaluation: KPIEvaluation) throws -> KPIEvaluation {
        standardError(evaluation.notes.map { $0 + "\n" }.joined())
        if let failure = evaluation.emptinessFailure { throw DataInputError(description: failure) }
        return evaluation
    }

    /// A workbook cover's context for an evaluation's result (made only when a format needs it).
    func context(_ evaluation: KPIEvaluation) -> () throws -> PublicationContext {
        { try source.context(counts: counts, asOf: evaluation.asOf, contracts: evaluation.series.map(\.contract)) }
    }
}

/// `--contract`, `--provider` and `--month`: which series and month a command shows, checked by the library.
struct SeriesFilter: ParsableArguments {
    @Option(help: "Only this contract (\(ContractCatalog.builtInIDs.joined(separator: ", ")) or a custom contract id); needed when a provider holds more than one.") var contract: String?
    @Option(help: "Only this provider id (or NATIONAL, or REGION:<region>).")
    var provider: String?
    @Option(help: "Only this month (YYYY-MM); tables, the pack and MI returns default to the as-of month.") var month: Month?

    var selection: ReportSelection { ReportSelection(month: month, contract: contract, provider: provider) }
}
