import CaseData
import KPIEngine
import WorkingDays
import _ATWUtilities
import Foundation

/// The dataset a run of the command line reads, once: loaded through the data-quality gate, with its rejections
/// reported, and remembered for the outputs' provenance.
///
/// Rule (the DocC article "Reading a dataset"): a folder (through its description) or a store is read, its
/// summary and first rejections go to `report` (standard error), every rejection to `rejects` when given (CSV,
/// ``RejectionList``), and the run stops with a ``ResultError`` when the dataset fails its check (a required table
/// accepts nothing, or a file rejects more than `maxRejectedPercent` of its rows; `strict`: any).
///
/// ```swift
/// let input = try DatasetSession.load(folder: "Datasets/sample", store: nil, rules: .builtIn) { print($0, terminator: "") }
/// let provenance = try DatasetSession.provenance(asOf: Day("2026-11-30"))
/// ```
public enum DatasetSession {
    /// The dataset this process loaded and its data quality.
    nonisolated(unsafe) public private(set) static var loaded: (input: DatasetInput, quality: DataQuality, store: String?)?

    /// The command line as run, for a workbook's cover.
    public static var commandLine: String { (["kpi"] + CommandLine.arguments.dropFirst()).joined(separator: " ") }

    public static func load(folder: String?, store: String?, description: String? = nil, rules: DatasetRules,
                            maxRejectedPercent: Double = DataQuality.defaultMaxRejectedPercent, strict: Bool = false,
                            rejects: String? = nil, quiet: Bool = false, report: (String) -> Void) throws -> DatasetInput {
        let input = try DatasetInput.read(folder: folder, store: store, description: description, rules: rules)
        let quality = DataQuality(input, maxRejectedPercent: strict ? 0 : maxRejectedPercent)
        loaded = (input, quality, store)
        report(input.loadReport(rejectsFile: rejects != nil, quiet: quiet))
        if let rejects { try ResultDestination.write(Array(RejectionList(input).csv().utf8), to: rejects) }
        guard quality.passes else {
            throw ResultError("the dataset is not fit to report on (\(strict ? "--strict" : "--max-rejected \(DataQuality.percent(maxRejectedPercent))"))\n" + quality.summary)
        }
        return input
    }

    /// The provenance of the loaded dataset as of a day, or `nil` when none was loaded (month counts files).
    public static func provenance(asOf: Day?) throws -> Provenance? {
        guard let loaded else { return nil }
        return try Provenance(loaded.input, store: loaded.store, asOf: asOf?.iso, quality: loaded.quality)
    }

    /// A workbook cover's context: the command line, the data `request` names, the as-of date and the contracts.
    public static func context(_ request: EvaluationRequest, asOf: Day?, contracts: [String]) throws -> PublicationContext {
        PublicationContext(command: commandLine, request: request, asOf: asOf, contracts: contracts, provenance: try provenance(asOf: asOf))
    }
}

/// Where and how a result is written (`--format`, `--out`): the one path every result takes out.
public struct ResultDestination: Sendable {
    public var format: ResultFormat?
    public var out: String?

    public init(format: ResultFormat?, out: String?) {
        self.format = format
        self.out = out
    }

    /// The format of a result: the one asked for, else the result's own default, else a table on a terminal and CSV.
    public func format<R: TabularResult>(_ type: R.Type) -> ResultFormat {
        format ?? R.defaultFormat ?? (out == nil && isatty(STDOUT_FILENO) == 1 ? .table : .csv)
    }

    /// Refuses a format the result cannot be written in, or a workbook without a file.
    public func check<R: TabularResult>(_ type: R.Type) throws(UserInputError) {
        let format = format(R.self)
        if let reason = R.refusal(format) { throw UserInputError(reason) }
        if format.isWorkbook && out == nil { throw UserInputError("--format \(format.rawValue) writes a workbook file: give --out FILE.\(format.rawValue)") }
    }

    /// Writes a result in the chosen format; `context` (a workbook's cover, JSON's provenance) is made only when
    /// needed; `warn` gets the result's warnings for that format.
    public func emit<R: TabularResult>(_ result: R, warn: (String) -> Void, _ context: () throws -> PublicationContext) throws {
        try check(R.self)
        let format = format(R.self)
        for warning in result.warnings(format) { warn(warning) }
        let bytes = try result.bytes(format, file: out ?? "-", context: context)
        try Self.write(bytes, to: out)
    }

    /// Writes `bytes` to `path` atomically (``AtomicWrite``: complete, or the previous file stays), or to standard
    /// output when `path` is `nil`.
    public static func write(_ bytes: [UInt8], to path: String?) throws(ResultError) {
        guard let path else { return FileHandle.standardOutput.write(Data(bytes)) }
        do throws(DatasetError) { try AtomicWrite.write(bytes, to: path) } catch {
            throw ResultError("\(path): cannot write the output file (\(error.reason))")
        }
    }
}
