import CaseData
import Foundation
import WorkingDays

/// What a command evaluates: a dataset folder (through a description) or a store, or month counts files; the
/// contract definitions; the as-of date. Its checks are the command line's `--data`, `--store`, `--describe`,
/// `--counts`, `--contracts` and `--as-of` rules, one wording each.
///
/// ```swift
/// let request = EvaluationRequest(folder: "Datasets/sample", asOf: Day("2026-09-30"))
/// try request.check()
/// let evaluation = KPIEvaluation(dataset: dataset, catalog: try request.catalog(), asOf: try request.day(dataset))
/// ```
public struct EvaluationRequest: Sendable, Equatable {
    public var folder: String?
    public var store: String?
    /// A dataset description file to read the folder with.
    public var description: String?
    /// Month counts files (``MonthCountsFile``), summed, instead of a dataset.
    public var counts: [String]
    /// A folder of contract definitions added to or replacing the built-in ones.
    public var contracts: String?
    public var asOf: Day?

    public init(folder: String? = nil, store: String? = nil, description: String? = nil, counts: [String] = [], contracts: String? = nil,
                asOf: Day? = nil) {
        (self.folder, self.store, self.description, self.counts, self.contracts, self.asOf) = (folder, store, description, counts, contracts, asOf)
    }

    /// Refuses a folder and a store together, a description without a folder, counts files with a dataset or without an
    /// as-of date, and an as-of date outside the calendar.
    public func check() throws(UserInputError) {
        if folder != nil && store != nil { throw UserInputError("give exactly one of --data DIR or --store FILE") }
        if description != nil && folder == nil { throw UserInputError("--describe FILE describes a dataset folder: give --data DIR too") }
        if !counts.isEmpty {
            guard folder == nil && store == nil else { throw UserInputError("give --counts FILE... or a dataset (--data, --store), not both") }
            guard asOf != nil else { throw UserInputError("--counts needs --as-of DATE (the date the counts were made as of)") }
        }
        if let asOf { try UserInputError.checkSupported(asOf) }
    }

    /// Refuses a request without a dataset (`counts` allowed: the month counts files stand for one).
    public func checkSource(counts allowed: Bool) throws(UserInputError) {
        if !counts.isEmpty && !allowed { throw UserInputError("--counts: this needs the dataset (--data or --store), not month counts") }
        if counts.isEmpty && folder == nil && store == nil {
            throw UserInputError(allowed ? "give --data DIR, --store FILE or --counts FILE..." : "give exactly one of --data DIR or --store FILE")
        }
    }

    /// The built-in contracts, or those of ``contracts`` added to or replacing them.
    public func catalog() throws(ContractDefinitionError) -> ContractCatalog {
        if let contracts { try ContractCatalog(folder: contracts) } else { try ContractCatalog.builtIn }
    }

    /// The as-of day of a dataset: ``asOf``, else its latest recorded date; `nil` when it records none.
    public func day(_ dataset: Dataset) throws(UserInputError) -> Day? {
        guard let day = asOf ?? dataset.latestRecordedDay else { return nil }
        try UserInputError.checkSupported(day)
        return day
    }

    /// The evaluation of the month counts files as of ``asOf``.
    public func countsEvaluation(_ catalog: ContractCatalog) throws(DatasetError) -> KPIEvaluation {
        try MonthCountsFile.evaluation(paths: counts, catalog: catalog, asOf: asOf ?? Day(rawValue: 0))
    }
}
