import AccessToWork
import ArgumentParser
import Foundation

// The option groups, one per concern, declared once: output (--format, --out), the dataset (--data, --store,
// --describe and the rejection options), the evaluation (--contracts, --as-of), month counts files (--counts) and
// the series filter (--contract, --provider; --month). Their values are checked by the library (UserInputError).

extension ResultFormat: ExpressibleByArgument {}
extension Day: ExpressibleByArgument {
    public init?(argument: String) { guard let day = Day(argument) else { return nil }; self = day }
}
extension Month: ExpressibleByArgument {
    public init?(argument: String) { guard let month = Month(argument) else { return nil }; self = month }
}
extension Division: ExpressibleByArgument {}
extension ForecastCandidate: ExpressibleByArgument {}
extension ControlChartKind: ExpressibleByArgument {}
extension MIReturn: ExpressibleByArgument {}
extension DriftShape: ExpressibleByArgument {}
extension ItemStatus: ExpressibleByArgument {
    public init?(argument: String) {
        guard let status = ItemStatus.allCases.first(where: { "\($0)" == argument }) else { return nil }
        self = status
    }
    public static var allValueStrings: [String] { allCases.map { "\($0)" } }
}

/// `--format` and `--out`: how every command's result is written, through ``emit(_:_:)``.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: table, csv, json, or a spreadsheet workbook xlsx or ods (with --out) (default: table on a terminal, csv otherwise); kpi report also html (the CPR pack).")
    var format: ResultFormat?

    @Option(help: "Write the result to this file instead of standard output.")
    var out: String?

    /// The format of a result: the one asked for, else the result's own default, else a table on a terminal and
    /// CSV elsewhere.
    func format<R: TabularResult>(_ type: R.Type) -> ResultFormat {
        format ?? R.defaultFormat ?? (out == nil && isatty(STDOUT_FILENO) == 1 ? .table : .csv)
    }

    /// Refuses a format the result cannot be written in.
    func check<R: TabularResult>(_ type: R.Type) throws {
        if let reason = R.refusal(format(R.self)) { throw ValidationError(reason) }
    }

    /// Writes a result in the chosen format: the only place that looks at the format. `context` (the cover of a
    /// workbook, the provenance of JSON) is made only when needed.
    func emit<R: TabularResult>(_ result: R, _ context: () throws -> PublicationContext) throws {
        try check(R.self)
        let format = format(R.self)
        let warnings = result.warnings(format)
        if !warnings.isEmpty { FileHandle.standardError.write(Data(warnings.map { "warning: " + $0 + "\n" }.joined().utf8)) }
        guard format.isWorkbook else {
            return try write(result.rendered(format, provenance: format == .json ? try context().provenance : nil))
        }
        guard let out else { throw ValidationError("--format \(format.rawValue) writes a workbook file: give --out FILE.\(format.rawValue)") }
        let book = result.workbook(try context())
        let data: Data
        do throws(WorkbookError) { data = format == .ods ? try book.ods() : try book.xlsx() } catch {
            throw DataInputError(description: "\(out): \(error.description)")
        }
        try Self.writeFile([UInt8](data), to: out)
    }

    /// Writes `text` to `--out` or standard output.
    func write(_ text: String) throws {
        guard let out else { return FileHandle.standardOutput.write(Data(text.utf8)) }
        try Self.writeFile(Array(text.utf8), to: out)
    }

    /// Writes `text` to `path`, or standard output when `nil`.
    static func write(_ text: String, to path: String?) throws {
        var output = OutputOptions()
        output.out = path
        try output.write(text)
    }

    /// Writes a file atomically (``AtomicWrite``): complete, or the previous file stays.
    static func writeFile(_ bytes: [UInt8], to path: String) throws {
        do throws(DatasetError) { try AtomicWrite.write(bytes, to: path) } catch {
            throw DataInputError(description: "\(path): cannot write the output file (\(error.reason))")
        }
    }
}

/// `--rejects`, `--strict` and `--max-rejected`: what to do with rows that break a rule.
struct RejectionOptions: ParsableArguments {
    @Option(help: "Write every rejected row to this CSV file (columns \(RejectionList.columns.csvHeader)).")
    var rejects: String?

    @Flag(help: "Exit with status 1 when any row is rejected (the same as --max-rejected 0).")
    var strict = false

    @Option(name: .customLong("max-rejected"), help: ArgumentHelp("Exit with status 1, writing nothing, when a file rejects more than this share of its rows (default 5).", valueName: "percent"))
    var maxRejected: Double = DataQuality.defaultMaxRejectedPercent

    func validate() throws {
        guard maxRejected >= 0 && maxRejected <= 100 else { throw ValidationError("--max-rejected \(maxRejected): expected a percentage from 0 to 100") }
    }

    /// Prints the per-file counts and the first rejections to stderr, writes `--rejects`, and stops the run
    /// (exit 1, nothing written) when the dataset fails its data-quality check.
    func report(_ input: DatasetInput, quality: DataQuality, quiet: Bool = false) throws {
        let dataset = input.dataset
        if !quiet {
            var err = ""
            for summary in dataset.summaries where summary.present {
                if let file = input.files.first(where: { $0.table == summary.file }), file.fileName != summary.file.fileName {
                    err += "\(summary.file.rawValue) (\(file.displayName)): \(summary.rowsRead) rows read = \(summary.rowsAccepted) accepted + \(summary.rowsRejected) rejected\n"
                } else {
                    err += summary.description + "\n"
                }
            }
            for rejection in dataset.rejections.prefix(20) { err += "rejected: \(input.describe(rejection))\n" }
            if dataset.rejections.count > 20 {
                err += "... and \(dataset.rejections.count - 20) more rejected rows" + (rejects == nil ? " (use --rejects FILE to list them all)\n" : "\n")
            }
            FileHandle.standardError.write(Data(err.utf8))
        }
        if let rejects { try OutputOptions.writeFile(Array(RejectionList(input).csv().utf8), to: rejects) }
        if !quality.passes {
            throw DataInputError(description: "the dataset is not fit to report on (\(strict ? "--strict" : "--max-rejected \(DataQuality.percent(maxRejected))"))\n" + quality.summary)
        }
    }
}

/// Where a command's data comes from: a dataset folder (read through its description) or a store made by `kpi ingest`.
struct DataOptions: ParsableArguments {
    @Option(help: "Dataset folder: CSV files or workbooks (providers, cases, ...), read through its dataset.json when it has one.")
    var data: String?

    @Option(help: "Columnar store made by `kpi ingest` (read instead of --data).")
    var store: String?

    @Option(help: ArgumentHelp("Dataset description to read the folder with, instead of the folder's dataset.json (see `kpi describe`).", valueName: "file"))
    var describe: String?

    @OptionGroup var rejections: RejectionOptions

    func validate() throws {
        if data != nil && store != nil { throw ValidationError("give exactly one of --data DIR or --store FILE") }
        if describe != nil && data == nil { throw ValidationError("--describe FILE describes a dataset folder: give --data DIR too") }
    }

    /// The dataset this process loaded and its data quality: what the outputs' provenance names.
    nonisolated(unsafe) static var loaded: (input: DatasetInput, quality: DataQuality, store: String?)?

    /// The provenance of the loaded dataset as of a day, or `nil` when none was loaded (month counts files).
    static func provenance(asOf: Day?) throws -> Provenance? {
        guard let loaded else { return nil }
        do throws(DatasetError) {
            if let store = loaded.store { return try Provenance(store: store, dataset: loaded.input.dataset, asOf: asOf?.iso, quality: loaded.quality) }
            return try Provenance(loaded.input, asOf: asOf?.iso, quality: loaded.quality)
        } catch {
            throw DataInputError(description: error.description)
        }
    }

    /// A workbook cover's context: this command line, the data, the as-of date and the contracts, with the
    /// provenance of the files read.
    func context(counts: [String] = [], asOf: Day?, contracts: [String]) throws -> PublicationContext {
        let source = counts.isEmpty ? (store.map { "store " + $0 } ?? "dataset folder " + (data ?? "")) : "month counts files " + counts.joined(separator: ", ")
        return PublicationContext(command: (["kpi"] + CommandLine.arguments.dropFirst()).joined(separator: " "), source: source,
                                  asOf: asOf, contracts: Array(Set(contracts)).sorted(), provenance: counts.isEmpty ? try Self.provenance(asOf: asOf) : nil)
    }

    /// Loads and validates the dataset, reporting rejections and stopping on a dataset that fails its check.
    func load() throws -> Dataset { try loadInput().dataset }

    /// Loads a folder (through its description) or a store, records it for the outputs' provenance, reports its
    /// rejections and stops on a dataset that fails its check.
    func loadInput(quiet: Bool = false) throws -> DatasetInput {
        guard data != nil || store != nil else { throw ValidationError("give exactly one of --data DIR or --store FILE") }
        return try Self.loadInput(data: data, store: store, describe: describe, rejections: rejections, quiet: quiet)
    }

    static func loadInput(data: String?, store: String?, describe: String?, rejections: RejectionOptions, quiet: Bool = false) throws -> DatasetInput {
        let input: DatasetInput
        do throws(DatasetError) {
            input = try DatasetInput.read(folder: data, store: store, description: describe)
        } catch {
            throw DataInputError(description: error.description)
        }
        let quality = DataQuality(input, maxRejectedPercent: rejections.strict ? 0 : rejections.maxRejected)
        loaded = (input, quality, store)
        try rejections.report(input, quality: quality, quiet: quiet)
        return input
    }
}

/// `--counts`: month counts files (``MonthCountsFile``, as `kpi counts` writes them) instead of a dataset.
struct CountsOption: ParsableArguments {
    @Option(name: .customLong("counts"), parsing: .upToNextOption,
            help: "Month counts files (kpi counts) instead of a dataset; their rows are summed. Needs --as-of.")
    var files: [String] = []
}

/// `--contracts`, `--as-of`: how a dataset is evaluated, shared by every command that computes KPIs.
struct EvaluationOptions: ParsableArguments {
    @Option(help: "Folder of contract definition files (*.json) that add to or replace the built-in atw-ha and atw-mhss.")
    var contracts: String?

    @Option(name: .customLong("as-of"), help: "Evaluate as of this date: nothing later has happened (default: the latest recorded date).")
    var asOf: Day?

    /// The built-in contracts, or those of `--contracts` added to or replacing them.
    func catalog() throws -> ContractCatalog {
        do throws(ContractDefinitionError) {
            return if let contracts { try ContractCatalog(folder: contracts) } else { try ContractCatalog.builtIn }
        } catch {
            throw DataInputError(description: error.description)
        }
    }

    /// The as-of day of a dataset: `--as-of`, else its latest recorded date; checked against the calendar.
    func day(_ dataset: Dataset) throws -> Day {
        guard let day = asOf ?? dataset.latestRecordedDay else { throw DataInputError(description: "the dataset records no event dates; give --as-of DATE") }
        try UserInputError.checkSupported(day)
        return day
    }

    /// The evaluation of a dataset, its notes (undefined contracts, unmeasured KPIs) on standard error.
    func evaluate(_ dataset: Dataset, collectingPipeline: Bool = false) throws -> KPIEvaluation {
        try noted(KPIEvaluation(dataset: dataset, catalog: catalog(), asOf: day(dataset), collectingPipeline: collectingPipeline))
    }

    /// The evaluation from `--counts` files when given, else from the dataset of `source`.
    func evaluate(_ source: DataOptions, _ counts: CountsOption, collectingPipeline: Bool = false) throws -> KPIEvaluation {
        guard !counts.files.isEmpty else {
            guard source.data != nil || source.store != nil else { throw ValidationError("give --data DIR, --store FILE or --counts FILE...") }
            return try evaluate(source.load(), collectingPipeline: collectingPipeline)
        }
        guard source.data == nil && source.store == nil else { throw ValidationError("give --counts FILE... or a dataset (--data, --store), not both") }
        guard let day = asOf else { throw ValidationError("--counts needs --as-of DATE (the date the counts were made as of)") }
        try UserInputError.checkSupported(day)
        let catalog = try catalog()
        let evaluation: KPIEvaluation
        do throws(DatasetError) { evaluation = try MonthCountsFile.evaluation(paths: counts.files, catalog: catalog, asOf: day) } catch {
            throw DataInputError(description: error.description)
        }
        return try noted(evaluation)
    }

    /// Prints an evaluation's notes to standard error; stops the run (exit 1) when no provider's contract has a
    /// definition, since every output would be empty.
    func noted(_ evaluation: KPIEvaluation) throws -> KPIEvaluation {
        let notes = evaluation.notes.map { $0 + "\n" }.joined()
        FileHandle.standardError.write(Data(notes.utf8))
        if let failure = evaluation.emptinessFailure { throw DataInputError(description: failure) }
        return evaluation
    }
}

/// `--contract` and `--provider`: which series a command shows, checked against the data by the library.
struct SeriesFilter: ParsableArguments {
    @Option(help: "Only this contract (atw-ha, atw-mhss or a custom contract id); needed when a provider holds more than one.")
    var contract: String?

    @Option(help: "Only this provider id (or NATIONAL, or REGION:<region>).")
    var provider: String?

    @Option(help: "Only this month (YYYY-MM); tables, the pack and MI returns default to the as-of month.")
    var month: Month?

    var selection: ReportSelection { ReportSelection(month: month, contract: contract, provider: provider) }
}

/// Writes `warning: message` to standard error (results stay on standard output).
func warn(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
}
