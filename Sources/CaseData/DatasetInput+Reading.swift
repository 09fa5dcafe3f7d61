import Foundation
import WorkingDays

extension DatasetInput {
    /// The dataset of a folder (through `description`, a description file, or the folder's own dataset.json) or of
    /// a store (`kpi ingest`); `store` wins when both are given. A folder's rows are checked by `rules` (the
    /// contracts' own row rules, ``DatasetRules``).
    public static func read(folder: String?, store: String?, description path: String? = nil,
                            rules: DatasetRules = .none) throws(DatasetError) -> DatasetInput {
        if let store { return DatasetInput(dataset: try DatasetStore.load(store)) }
        var description: DatasetDescription?
        if let path { description = try DatasetDescription.load(path: path) }
        var input = try Dataset.load(folder: folder ?? ".", description: description, rules: rules)
        if let path { input.descriptionPath = path }
        return input
    }
}

extension DataQuality {
    /// The data quality of a dataset read from its files, each named as it is in the folder.
    public init(_ input: DatasetInput, maxRejectedPercent: Double = defaultMaxRejectedPercent) {
        let names = Dictionary(input.files.map { ($0.table, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        self.init(input.dataset, maxRejectedPercent: maxRejectedPercent, fileNames: names)
    }
}

extension DatasetInput {
    /// What loading says on standard error: one summary line (`read 10 files: 55983 rows, all accepted`; left
    /// out when `quiet`), then what is wrong, always: each file with rejected rows (`cases.csv: 3 rows read = 1
    /// accepted + 2 rejected`, named as in the folder when read through a description), the first `shown`
    /// rejections and how many more there are.
    public func loadReport(shown: Int = 20, rejectsFile: Bool = false, quiet: Bool = false) -> String {
        var out = ""
        let present = dataset.summaries.filter(\.present)
        let read = present.reduce(0) { $0 + $1.rowsRead }, rejected = present.reduce(0) { $0 + $1.rowsRejected }
        if !quiet {
            out += "read \(present.count) file\(present.count == 1 ? "" : "s"): \(read) row\(read == 1 ? "" : "s"), "
                + (rejected == 0 ? "all accepted\n" : "\(read - rejected) accepted, \(rejected) rejected\n")
        }
        for summary in present where summary.rowsRejected > 0 {
            if let file = files.first(where: { $0.table == summary.file }), file.fileName != summary.file.fileName {
                out += "\(summary.file.rawValue) (\(file.displayName)): \(summary.rowsRead) rows read = \(summary.rowsAccepted) accepted + \(summary.rowsRejected) rejected\n"
            } else {
                out += summary.description + "\n"
            }
        }
        for rejection in dataset.rejections.prefix(shown) { out += "rejected: \(describe(rejection))\n" }
        if dataset.rejections.count > shown {
            out += "... and \(dataset.rejections.count - shown) more rejected rows" + (rejectsFile ? "\n" : " (use --rejects FILE to list them all)\n")
        }
        return out
    }
}

extension Provenance {
    /// The provenance of a dataset read from a folder, or from the store at `store`.
    public init(_ input: DatasetInput, store: String?, asOf: String?, quality: DataQuality) throws(DatasetError) {
        if let store { try self.init(store: store, dataset: input.dataset, asOf: asOf, quality: quality) } else {
            try self.init(input, asOf: asOf, quality: quality)
        }
    }
}

extension DescriptionEvidence {
    /// The evidence for `kpi describe`'s standard error: per table the file it maps, its notes and each column's,
    /// then what was ignored and what is left to the user.
    public func report(_ description: DatasetDescription) -> String {
        var report = ""
        for file in DatasetFile.allCases {
            guard let table = description.tables[file] else { continue }
            report += "\(file.rawValue) ← \(table.file)\(table.sheet.map { " (sheet \($0))" } ?? "")\n"
            for note in tables[file] ?? [] { report += "  \(note)\n" }
            for (column, notes) in (columns[file] ?? [:]).sorted(by: { $0.key < $1.key }) {
                for note in notes { report += "  \(column): \(note)\n" }
            }
        }
        for item in ignored { report += "ignored: \(item)\n" }
        for item in unresolved { report += "unresolved: \(item)\n" }
        return report
    }
}

extension DatasetDescription {
    /// What `kpi --help` says of it.
    public static let about = """
        Reads each CSV file's start (encoding, delimiter, header row) and each workbook sheet's first rows, matches files \
        to tables and headers to columns (ignoring case, spaces and punctuation), and reads date formats, coded values and \
        yes/no spellings from the values. Every choice carries its evidence; what cannot be decided (a date column whose \
        days are all 12 or less, an unmatched required column) is left out and listed, and the command exits 1. Review \
        the file, then run any data command on the folder: it reads dataset.json.
        """
}

extension DatasetDescription {
    /// `kpi describe`: the description inferred from a folder, written to `out` (default: the folder's dataset.json;
    /// `-`: returned as `json` for standard output) unless that file exists and `force` is not given; spellings of
    /// `knownContracts` (the contract ids) are mapped onto them.
    ///
    /// - Returns: the JSON when it is for standard output, the evidence report (ending with what was written), how
    ///   many choices are left to the user and where they are.
    public static func describe(folder: String, out: String?, force: Bool, knownContracts: [String] = []) throws(DatasetError)
        -> (json: String?, report: String, unresolved: Int, target: String) {
        let (description, evidence) = try infer(folder: folder, knownContracts: knownContracts)
        let json = description.json(evidence: evidence)
        let target = out ?? URL(fileURLWithPath: folder).appendingPathComponent(fileName).path
        var report = evidence.report(description)
        if target != "-" {
            if FileManager.default.fileExists(atPath: target) && !force {
                throw DatasetError(path: target, reason: "exists: review it, or give --force to replace it (or --out FILE)")
            }
            try AtomicWrite.write(Array(json.utf8), to: target)
            report += "wrote \(target)\n"
        }
        return (target == "-" ? json : nil, report, evidence.unresolved.count, target == "-" ? "the description" : target)
    }
}

extension DataQuality {
    /// Refuses a rejected share that is not a percentage (`--max-rejected`).
    public static func check(maxRejected: Double) throws(UserInputError) {
        guard maxRejected >= 0 && maxRejected <= 100 else { throw UserInputError("--max-rejected \(maxRejected): expected a percentage from 0 to 100") }
    }
}
