import AccessToWork
import ArgumentParser
import Foundation

/// `--rejects` and `--strict`: what to do with rows that break a rule.
struct RejectionOptions: ParsableArguments {
    @Option(help: "Write every rejected row to this CSV file (columns file,line,column,reason).")
    var rejects: String?

    @Flag(help: "Exit with status 1 when any row is rejected.")
    var strict = false

    /// Prints the per-file counts and the first rejections to stderr, writes `--rejects`, enforces `--strict`.
    func report(_ dataset: Dataset) throws {
        var err = ""
        for summary in dataset.summaries where summary.present { err += summary.description + "\n" }
        let shown = 20
        for rejection in dataset.rejections.prefix(shown) { err += "rejected: \(rejection)\n" }
        if dataset.rejections.count > shown {
            err += "... and \(dataset.rejections.count - shown) more rejected rows" + (rejects == nil ? " (use --rejects FILE to list them all)\n" : "\n")
        }
        FileHandle.standardError.write(Data(err.utf8))
        if let rejects {
            var csv = CSVWriter(header: ["file", "line", "column", "reason"])
            for r in dataset.rejections { csv.append([r.file.fileName, String(r.line), r.column, r.reason]) }
            try OutputOptions.writeFile(Array(csv.text.utf8), to: rejects)
        }
        if strict && !dataset.rejections.isEmpty {
            throw DataInputError(description: "\(dataset.rejections.count) rows rejected and --strict is set")
        }
    }
}

/// Where a command's data comes from: a dataset folder or a store made by `kpi ingest`.
struct DataOptions: ParsableArguments {
    @Option(help: "Dataset folder of CSV files (providers.csv, cases.csv, ...).")
    var data: String?

    @Option(help: "Columnar store made by `kpi ingest` (read instead of --data).")
    var store: String?

    @OptionGroup var rejections: RejectionOptions

    func validate() throws {
        if data != nil && store != nil { throw ValidationError("give exactly one of --data DIR or --store FILE") }
    }

    /// This run's command line, for a workbook's cover: `kpi report --data Datasets/sample --format xlsx …`.
    static var commandLine: String { (["kpi"] + CommandLine.arguments.dropFirst()).joined(separator: " ") }

    /// The data read, for a workbook's cover: `dataset folder Datasets/sample` or `store national.store`.
    var sourceDescription: String {
        if let store { return "store " + store }
        return "dataset folder " + (data ?? "")
    }

    /// A workbook cover's context: this command line, the data, the as-of date and the dataset's contracts.
    func context(counts: [String] = [], asOf: Day?, contracts: [String]) -> PublicationContext {
        PublicationContext(command: Self.commandLine,
                           source: counts.isEmpty ? sourceDescription : "month counts files " + counts.joined(separator: ", "),
                           asOf: asOf, contracts: Array(Set(contracts)).sorted())
    }

    /// Loads and validates the dataset, reporting rejections.
    func load() throws -> Dataset {
        guard data != nil || store != nil else { throw ValidationError("give exactly one of --data DIR or --store FILE") }
        let dataset: Dataset
        do {
            dataset = try store.map(DatasetStore.load) ?? Dataset.load(folder: data!)
        } catch let error as DatasetError {
            throw DataInputError(description: error.description)
        }
        try rejections.report(dataset)
        return dataset
    }
}
