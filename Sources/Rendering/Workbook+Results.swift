import CaseData
import KPIEngine
import Spreadsheets
import WorkingDays

/// Where a published workbook's figures come from, for its cover sheet.
public struct PublicationContext: Sendable {
    /// The command line that made it (`kpi report --month 2026-09`).
    public var command: String
    /// The dataset folder or store read.
    public var source: String
    /// The as-of date of the figures.
    public var asOf: Day?
    /// The contracts the figures cover.
    public var contracts: [String]
    /// The files read, their rows and hashes, and the run's data quality (`nil`: not read from a dataset).
    public var provenance: Provenance?

    public init(command: String, source: String, asOf: Day?, contracts: [String], provenance: Provenance? = nil) {
        self.provenance = provenance
        self.command = command
        self.source = source
        self.asOf = asOf
        self.contracts = contracts
    }
}

extension PublicationContext {
    /// The context of figures evaluated from `request`'s dataset (with its `provenance`) or month counts files (none).
    public init(command: String, request: EvaluationRequest, asOf: Day?, contracts: [String], provenance: Provenance?) {
        let source = request.counts.isEmpty ? (request.store.map { "store " + $0 } ?? "dataset folder " + (request.folder ?? ""))
            : "month counts files " + request.counts.joined(separator: ", ")
        self.init(command: command, source: source, asOf: asOf, contracts: Array(Set(contracts)).sorted(),
                  provenance: request.counts.isEmpty ? provenance : nil)
    }
}

/// What a result's workbook says of it: its title and its rules, one paragraph each, for the cover sheet.
public struct PublishedResult: Sendable {
    public var title: String
    public var rules: [(heading: String, text: String)]

    public init(title: String, rules: [(heading: String, text: String)]) {
        self.title = title
        self.rules = rules
    }
}

extension Workbook {
    /// A result's workbook: the cover (what it is, the dataset, the as-of date, the contracts, the rules),
    /// then its tables.
    public init(_ result: PublishedResult, context: PublicationContext, tables: [WorkbookTable]) {
        var cover: [(heading: String, text: String)] = [
            ("What it is", result.title + ", written by " + context.command + "."),
            ("Dataset", context.source),
            ("As of", context.asOf.map { $0.iso + ": nothing recorded later is counted." } ?? "not applicable (not figures from a dataset)"),
            ("Contracts", context.contracts.isEmpty ? "none" : context.contracts.joined(separator: ", ")),
        ]
        if let provenance = context.provenance {
            cover.append(("Data quality", provenance.quality.sentence))
            cover.append(("Inputs", provenance.lines.joined(separator: "\n")))
            cover.append(("Dataset description", provenance.description ?? "none: the canonical layout (the engine's own column names, UTF-8, ISO dates)"))
        }
        cover += result.rules
        cover.append(("Numbers", "Rates and targets are percentages from 0 to 100 (93.5 is 93.5%), stored as numbers; counts are numbers; dates are dates; empty cells have no value (nothing measured, or not applicable). Each table's header row holds the column names of the same result written as CSV; the Notes sheet explains every column."))
        self.init(title: result.title, cover: cover, tables: tables)
        if let provenance = context.provenance { notes.append(("data quality", provenance.quality.sentence)) }
    }
}

extension WorkbookTable {
    /// A result's CSV (as ``CSVWriter`` writes it) as a typed table: each field typed by its column's kind.
    ///
    /// Rule: an empty field is an empty cell; in a number column a field that reads as a number is a number,
    /// in a date column `YYYY-MM-DD` is a date, in a month column `YYYY-MM` is the month's first day shown
    /// `yyyy-mm`, in a boolean column `true`/`false` is a boolean; any other field stays text (without the
    /// CSV's formula guard), so nothing is lost. The CSV's header must be the columns' names.
    public init(name: String, title: String, columns: [WorkbookColumn], csv: String) throws(WorkbookError) {
        var records = CSVWriter.records(csv)
        guard let header = records.first, header == columns.map(\.name) else {
            throw WorkbookError("table \"\(name)\": the CSV header \(records.first?.joined(separator: ",") ?? "(none)") is not \(columns.map(\.name).joined(separator: ","))")
        }
        records.removeFirst()
        self.init(name: name, title: title, columns: columns)
        rows.reserveCapacity(records.count)
        for record in records {
            guard record.count == columns.count else {
                throw WorkbookError("table \"\(name)\": a row has \(record.count) fields for \(columns.count) columns")
            }
            rows.append(zip(columns, record).map { column, field in Self.cell(field, column.kind) })
        }
    }

    /// One field as a typed cell of a column of `kind`.
    static func cell(_ field: String, _ kind: WorkbookColumnKind, guarded: Bool = true) -> WorkbookCell {
        guard !field.isEmpty else { return .empty }
        switch kind {
        case .integer, .number, .decimal:
            if let value = Double(field), value.isFinite { return .number(value) }
        case .date:
            if field.utf8.count == 10, let day = Day(field) {
                let (y, m, d) = day.components
                return .date(year: y, month: m, day: d)
            }
        case .month:
            if let month = Month(field) { return .date(year: month.year, month: month.month, day: 1) }
        case .boolean:
            if field == "true" || field == "false" { return .boolean(field == "true") }
        case .text:
            break
        }
        return .text(guarded ? CSVWriter.unguarded(field) : field)
    }
}
