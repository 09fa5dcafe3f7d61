import AccessToWork
import ArgumentParser
import Foundation

/// `--rejects`, `--strict` and `--max-rejected`: what to do with rows that break a rule.
struct RejectionOptions: ParsableArguments {
    @Option(help: "Write every rejected row to this CSV file (columns file,line,column,reason).")
    var rejects: String?

    @Flag(help: "Exit with status 1 when any row is rejected (the same as --max-rejected 0).")
    var strict = false

    @Option(name: .customLong("max-rejected"), help: ArgumentHelp("Exit with status 1, writing nothing, when a file rejects more than this share of its rows (default 5).", valueName: "percent"))
    var maxRejected: Double = DataQuality.defaultMaxRejectedPercent

    func validate() throws {
        guard maxRejected >= 0 && maxRejected <= 100 else { throw ValidationError("--max-rejected \(maxRejected): expected a percentage from 0 to 100") }
    }

    /// The data quality of a dataset under these options, its files named as they are in the folder.
    func quality(_ input: DatasetInput) -> DataQuality {
        let names = Dictionary(input.files.map { ($0.table, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        return DataQuality(input.dataset, maxRejectedPercent: strict ? 0 : maxRejected, fileNames: names)
    }

    /// Prints the per-file counts and the first rejections to stderr, writes `--rejects`, and stops the run
    /// (exit 1, nothing written) when the dataset fails its data-quality check (`quality`, ``quality(_:)``'s).
    func report(_ input: DatasetInput, quality: DataQuality, quiet: Bool = false) throws {
        let dataset = input.dataset
        var err = ""
        if !quiet {
            for summary in dataset.summaries where summary.present {
                // A file read through a description is named as it is in the folder.
                if let file = input.files.first(where: { $0.table == summary.file }), file.fileName != summary.file.fileName {
                    err += "\(summary.file.rawValue) (\(file.displayName)): \(summary.rowsRead) rows read = \(summary.rowsAccepted) accepted + \(summary.rowsRejected) rejected\n"
                } else {
                    err += summary.description + "\n"
                }
            }
            let shown = 20
            for rejection in dataset.rejections.prefix(shown) { err += "rejected: \(input.describe(rejection))\n" }
            if dataset.rejections.count > shown {
                err += "... and \(dataset.rejections.count - shown) more rejected rows" + (rejects == nil ? " (use --rejects FILE to list them all)\n" : "\n")
            }
        }
        FileHandle.standardError.write(Data(err.utf8))
        if let rejects {
            var csv = CSVWriter(header: ["file", "line", "column", "reason"])
            for r in dataset.rejections {
                let file = input.files.first { $0.table == r.file }
                csv.append([file?.displayName ?? r.file.fileName, String(file?.row(line: r.line) ?? r.line), r.column, r.reason])
            }
            try OutputOptions.writeFile(Array(csv.text.utf8), to: rejects)
        }
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

    /// This run's command line, for a workbook's cover: `kpi report --data Datasets/sample --format xlsx …`.
    static var commandLine: String { (["kpi"] + CommandLine.arguments.dropFirst()).joined(separator: " ") }

    /// The data read, for a workbook's cover: `dataset folder Datasets/sample` or `store national.store`.
    var sourceDescription: String {
        if let store { return "store " + store }
        return "dataset folder " + (data ?? "")
    }

    /// The dataset this process loaded and its data quality (one command, one dataset): what the outputs'
    /// provenance names.
    nonisolated(unsafe) static var loaded: (input: DatasetInput, quality: DataQuality, store: String?)?

    /// The provenance of the loaded dataset as of a day, or `nil` when none was loaded (month counts files).
    static func provenance(asOf: Day?) throws -> Provenance? {
        guard let loaded else { return nil }
        do throws(DatasetError) {
            if let store = loaded.store {
                return try Provenance(store: store, dataset: loaded.input.dataset, asOf: asOf?.iso, quality: loaded.quality)
            }
            return try Provenance(loaded.input, asOf: asOf?.iso, quality: loaded.quality)
        } catch {
            throw DataInputError(description: error.description)
        }
    }

    /// A workbook cover's context: this command line, the data, the as-of date and the dataset's contracts,
    /// with the provenance of the files read.
    func context(counts: [String] = [], asOf: Day?, contracts: [String]) throws -> PublicationContext {
        var context = PublicationContext(command: Self.commandLine,
                                         source: counts.isEmpty ? sourceDescription : "month counts files " + counts.joined(separator: ", "),
                                         asOf: asOf, contracts: Array(Set(contracts)).sorted())
        if counts.isEmpty { context.provenance = try Self.provenance(asOf: asOf) }
        return context
    }

    /// Loads and validates the dataset, reporting rejections and stopping on a dataset that fails its check.
    func load() throws -> Dataset { try loadInput().dataset }

    /// The dataset of a folder (through a description file when given) or a store.
    static func read(data: String?, store: String?, describe: String?) throws(DatasetError) -> DatasetInput {
        if let store { return DatasetInput(dataset: try DatasetStore.load(store)) }
        var description: DatasetDescription?
        if let describe { description = try DatasetDescription.load(path: describe) }
        var input = try Dataset.load(folder: data ?? ".", description: description, rules: .builtIn)
        if let describe { input.descriptionPath = describe }
        return input
    }

    /// As ``load()``, with the files the tables came from.
    func loadInput(quiet: Bool = false) throws -> DatasetInput {
        guard data != nil || store != nil else { throw ValidationError("give exactly one of --data DIR or --store FILE") }
        return try Self.loadInput(data: data, store: store, describe: describe, rejections: rejections, quiet: quiet)
    }

    /// Loads a folder (through its description) or a store, records it for the outputs' provenance, reports its
    /// rejections and stops on a dataset that fails its check.
    static func loadInput(data: String?, store: String?, describe: String?, rejections: RejectionOptions, quiet: Bool = false) throws -> DatasetInput {
        let input: DatasetInput
        do throws(DatasetError) {
            input = try read(data: data, store: store, describe: describe)
        } catch {
            throw DataInputError(description: error.description)
        }
        let quality = rejections.quality(input)
        loaded = (input, quality, store)
        try rejections.report(input, quality: quality, quiet: quiet)
        return input
    }
}
