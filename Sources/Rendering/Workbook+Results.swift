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
        cover.append(("Numbers", "Rates and targets are percentage cells (a rate of 93.5% is held as 0.935 and shown 93.5%; the CSV writes 93.5000); counts are whole numbers; dates are dates; empty cells have no value (nothing measured, or not applicable). The Notes sheet explains every column and gives its name in the same result written as CSV."))
        cover.append(("Colours", "A rating is written in words on the fill of its band: green for Cabinet Office tier 4 (Good), Green and a Good notice rating; yellow for tier 3 (Near Target) and Approaching target; amber for tier 2 (Needs Improvement), Amber and Requires improvement; red for tier 1 (Inadequate), Red and Inadequate. On the sheets with a column per KPI the rate's cell carries its rating's fill."))
        self.init(title: result.title, cover: cover, tables: tables)
        if let provenance = context.provenance { notes.append(("data quality", provenance.quality.sentence)) }
    }
}

extension WorkbookTable {
    /// A result's CSV (as ``CSVWriter`` writes it) as a typed table: each field typed by its column's kind.
    ///
    /// Rule: an empty field is an empty cell; in a number column a field that reads as a number is a number,
    /// in a percent column the number of points is the fraction (`96.8750` is 0.96875), in a date column
    /// `YYYY-MM-DD` is a date, in a month column `YYYY-MM` is the month's first day shown `yyyy-mm`, in a
    /// boolean column `true`/`false` is a boolean; any other field stays text (without the CSV's formula
    /// guard), so nothing is lost. The CSV's header must be the columns' CSV names.
    public init(name: String, title: String, columns: [WorkbookColumn], csv: String) throws(WorkbookError) {
        var records = CSVWriter.records(csv)
        let names = columns.map { $0.field ?? $0.name }
        guard let header = records.first, header == names else {
            throw WorkbookError("table \"\(name)\": the CSV header \(records.first?.joined(separator: ",") ?? "(none)") is not \(names.joined(separator: ","))")
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
        case .percent:
            if let value = Self.fraction(points: field) { return .number(value) }
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

    /// A percentage's points as the fraction, moving the decimal point in the text so the double is the one
    /// nearest the exact fraction: `"96.8750"` is 0.96875, `"-2.5"` is -0.025; `nil` when not a number.
    package static func fraction(points field: String) -> Double? {
        guard let value = Double(field), value.isFinite else { return nil }
        var digits = field, sign = ""
        if digits.hasPrefix("-") || digits.hasPrefix("+") { sign = String(digits.removeFirst()) }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              digits.filter({ $0 == "." }).count <= 1 else { return value / 100 }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(repeating: "0", count: max(0, 3 - parts[0].count)) + parts[0]
        let shifted = whole.dropLast(2) + "." + whole.suffix(2) + (parts.count > 1 ? parts[1] : "")
        return Double(sign + shifted) ?? value / 100
    }
}
