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

    var destination: ResultDestination { ResultDestination(format: format, out: out) }

    func check<R: TabularResult>(_ type: R.Type) throws { try usage { try destination.check(R.self) } }

    /// Writes a result through the library's one path (``ResultDestination``); `context` only when a format needs it.
    func emit<R: TabularResult>(_ result: R, _ context: () throws -> PublicationContext) throws {
        try check(R.self)
        try DataInputError.wrapping { try destination.emit(result, warn: { standardError("warning: \($0)\n") }, context) }
    }

    func write(_ text: String) throws { try Self.write(text, to: out) }

    /// Writes `text` to `path` (atomically) or standard output.
    static func write(_ text: String, to path: String?) throws { try DataInputError.wrapping { try ResultDestination.write(Array(text.utf8), to: path) } }
}

/// `--rejects`, `--strict` and `--max-rejected`: what to do with rows that break a rule.
struct RejectionOptions: ParsableArguments {
    @Option(help: "Write every rejected row to this CSV file (columns \(RejectionList.columns.csvHeader)).") var rejects: String?
    @Flag(help: "Exit with status 1 when any row is rejected (the same as --max-rejected 0).")
    var strict = false
    @Option(name: .customLong("max-rejected"), help: ArgumentHelp("Exit with status 1, writing nothing, when a file rejects more than this share of its rows (default 5).", valueName: "percent")) var maxRejected: Double = DataQuality.defaultMaxRejectedPercent
    @Flag(help: "Leave out the line saying what was read; only what is wrong (rejected rows, notes, warnings) goes to standard error.")
    var quiet = false

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

    /// A workbook cover's context: this command line, the data, the as-of date and the contracts, with provenance.
    func context(counts: [String] = [], asOf: Day?, contracts: [String]) throws -> PublicationContext {
        try DataInputError.wrapping { try DatasetSession.context(EvaluationRequest(folder: data, store: store, counts: counts), asOf: asOf, contracts: contracts) }
    }

    /// The dataset, its rows checked by the contracts' own rules (the built-in contracts' unless given).
    func load(rules: DatasetRules = .builtIn) throws -> Dataset { try loadInput(rules: rules).dataset }

    func loadInput(rules: DatasetRules = .builtIn) throws -> DatasetInput {
        try request.checkSource(counts: false)
        return try Self.loadInput(data: data, store: store, describe: describe, rejections: rejections, rules: rules)
    }

    /// Loads through the library's gate (``DatasetSession``): report on standard error, stop (exit 1) on a failed check.
    static func loadInput(data: String?, store: String?, describe: String?, rejections: RejectionOptions,
                          rules: DatasetRules = .builtIn) throws -> DatasetInput {
        try DataInputError.wrapping {
            try DatasetSession.load(folder: data, store: store, description: describe, rules: rules, maxRejectedPercent: rejections.maxRejected,
                                    strict: rejections.strict, rejects: rejections.rejects, quiet: rejections.quiet, report: standardError)
        }
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

    /// The dataset and its evaluation, for a command that needs the rows behind the figures.
    func loadAndEvaluate() throws -> (Dataset, KPIEvaluation) { let dataset = try load(); return (dataset, try evaluate(dataset)) }

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

/// `--contract`, `--provider`, `--kpi` and `--month`: which series and month a command shows, checked by the library.
struct SeriesFilter: ParsableArguments {
    @Option(help: "Only this contract (\(ContractCatalog.builtInIDs.joined(separator: ", ")) or a custom contract id); needed when a provider holds more than one.") var contract: String?
    @Option(help: "Only this provider id (or NATIONAL, or REGION:<region>).")
    var provider: String?
    @Option(help: "Only this KPI (e.g. HA-3, MH-9a).") var kpi: String?
    @Option(help: "Only this month (YYYY-MM); tables, the pack and MI returns default to the as-of month.") var month: Month?

    var selection: ReportSelection { ReportSelection(month: month, contract: contract, provider: provider, kpi: kpi) }
}
